import type { ResourcesConfig } from 'aws-amplify';
import { withoutIdentityPool } from './amplify-outputs';

describe('the server configuration', () => {
  const full = {
    API: { GraphQL: { endpoint: 'https://api.example.test/graphql', defaultAuthMode: 'userPool' } },
    Auth: {
      Cognito: {
        userPoolId: 'us-east-1_abc',
        userPoolClientId: 'client',
        userPoolEndpoint: 'http://127.0.0.1:4010',
        identityPoolId: 'us-east-1:pool',
        identityPoolEndpoint: 'http://127.0.0.1:4010',
        allowGuestAccess: true,
      },
    },
  } as ResourcesConfig;

  it('keeps everything the server uses and leaves the identity pool out', () => {
    const server = withoutIdentityPool(full);
    expect(server.Auth?.Cognito).toEqual({ userPoolId: 'us-east-1_abc', userPoolClientId: 'client', userPoolEndpoint: 'http://127.0.0.1:4010' });
    expect(server.API).toBe(full.API);
    // The browser's configuration is untouched.
    expect(full.Auth?.Cognito).toMatchObject({ identityPoolId: 'us-east-1:pool' });
  });

  it('returns a configuration without an identity pool as it is', () => {
    const userPoolOnly = { Auth: { Cognito: { userPoolId: 'us-east-1_abc', userPoolClientId: 'client' } } } as ResourcesConfig;
    expect(withoutIdentityPool(userPoolOnly)).toBe(userPoolOnly);
  });
});
