import type { ResourcesConfig } from 'aws-amplify';
import type { AmplifyOutputs } from '../client';

const outputs = (userPoolEndpoint: string): AmplifyOutputs => ({
  version: '1.4',
  auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_abcDEF123', user_pool_client_id: 'client' },
  custom: { local: { user_pool_endpoint: userPoolEndpoint } },
});

/**
 * Builds the config from outputs naming `endpoint` and configures the real Amplify with it (plus an
 * identity-pool endpoint, whose warning must survive), in fresh modules; returns what reached console.warn.
 */
function warningsWhenConfiguredWith(endpoint: string): string[] {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    jest.isolateModules(() => {
      // A fresh module registry per case needs require(): import() would be hoisted out of isolateModules.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { configFromOutputs } = require('../client') as typeof import('../client');
      const { Amplify } = require('aws-amplify') as typeof import('aws-amplify');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const config = configFromOutputs(outputs(endpoint));
      const cognito = { ...config.Auth?.Cognito, identityPoolId: 'us-east-1:pool', identityPoolEndpoint: endpoint };
      Amplify.configure({ ...config, Auth: { Cognito: cognito } as ResourcesConfig['Auth'] });
      Amplify.configure({ ...config, Auth: { Cognito: cognito } as ResourcesConfig['Auth'] });
      console.warn('[WARN] 12:34.5 Auth - something else');
    });
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('the custom user-pool endpoint warning', () => {
  it.each(['http://127.0.0.1:4010', 'http://localhost:4010/'])('is dropped for the local endpoint %s, and only that warning', (endpoint) => {
    const seen = warningsWhenConfiguredWith(endpoint);
    expect(seen.filter((line) => line.includes('User Pool endpoint'))).toEqual([]);
    expect(seen.filter((line) => line.includes('Identity Pool endpoint'))).toHaveLength(2);
    expect(seen).toContain('[WARN] 12:34.5 Auth - something else');
  });

  it('still shows for an endpoint elsewhere', () => {
    const seen = warningsWhenConfiguredWith('https://cognito.example.com');
    expect(seen.filter((line) => / Auth - You are using a custom Amazon .*Cognito User Pool endpoint/.test(line))).toHaveLength(2);
  });
});
