import type { ResourcesConfig } from 'aws-amplify';
import type { AmplifyOutputs } from '../client';

const outputs = (endpoint: string): AmplifyOutputs => ({
  version: '1.4',
  auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_abcDEF123', user_pool_client_id: 'client', identity_pool_id: 'us-east-1:pool' },
  custom: { local: { user_pool_endpoint: endpoint, identity_pool_endpoint: endpoint } },
});

/**
 * Builds the config from outputs naming `endpoint` for both Cognito services and configures the
 * real Amplify with it twice, in fresh modules; returns what reached console.warn.
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
      const config: ResourcesConfig = configFromOutputs(outputs(endpoint));
      expect(config.Auth?.Cognito).toMatchObject({ userPoolEndpoint: endpoint, identityPoolEndpoint: endpoint });
      Amplify.configure(config);
      Amplify.configure(config);
      console.warn('[WARN] 12:34.5 Auth - something else');
    });
  } finally {
    console.warn = original;
  }
  return seen;
}

describe('the custom Cognito endpoint warnings', () => {
  it.each(['http://127.0.0.1:4010', 'http://localhost:4010/'])('are dropped for the local endpoint %s, and only those warnings', (endpoint) => {
    const seen = warningsWhenConfiguredWith(endpoint);
    expect(seen.filter((line) => line.includes('Pool endpoint'))).toEqual([]);
    expect(seen).toContain('[WARN] 12:34.5 Auth - something else');
  });

  it('still show for endpoints elsewhere', () => {
    const seen = warningsWhenConfiguredWith('https://cognito.example.com');
    expect(seen.filter((line) => / Auth - You are using a custom Amazon .*Cognito User Pool endpoint/.test(line))).toHaveLength(2);
    expect(seen.filter((line) => / Auth - You are using a custom Amazon .*Cognito Identity Pool endpoint/.test(line))).toHaveLength(2);
  });
});

describe('the local identity pool and older clients', () => {
  it('is left out for aws-amplify before 6.22, which would send its id and local tokens to AWS', () => {
    jest.isolateModules(() => {
      jest.doMock('aws-amplify/package.json', () => ({ version: '6.6.4' }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry with the mocked version
      const { configFromOutputs } = require('../client') as typeof import('../client');
      const cognito = configFromOutputs(outputs('http://127.0.0.1:4010')).Auth?.Cognito as unknown as Record<string, unknown>;
      expect(cognito.userPoolEndpoint).toBe('http://127.0.0.1:4010');
      expect(cognito.identityPoolId).toBeUndefined();
      expect(cognito.identityPoolEndpoint).toBeUndefined();
    });
    jest.dontMock('aws-amplify/package.json');
  });
});
