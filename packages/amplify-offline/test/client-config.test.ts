import { configFromOutputs, type AmplifyOutputs } from '../client';

const outputs: AmplifyOutputs = {
  version: '1.4',
  auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_abcDEF123', user_pool_client_id: 'client' },
  data: { url: 'https://example.appsync-api.us-east-1.amazonaws.com/graphql', api_key: 'da2-x' },
};

describe('configFromOutputs', () => {
  it('uses the SDK default endpoint for outputs from AWS', () => {
    const config = configFromOutputs(outputs);
    expect(config.Auth?.Cognito).toMatchObject({ userPoolId: 'us-east-1_abcDEF123', userPoolClientId: 'client' });
    expect(config.Auth?.Cognito).not.toHaveProperty('userPoolEndpoint');
  });
  it('points Auth at the user-pool endpoint the outputs name', () => {
    const config = configFromOutputs({ ...outputs, custom: { local: { user_pool_endpoint: 'http://127.0.0.1:4010' } } });
    expect(config.Auth?.Cognito).toMatchObject({ userPoolId: 'us-east-1_abcDEF123', userPoolEndpoint: 'http://127.0.0.1:4010' });
    expect(config.API?.GraphQL?.endpoint).toBe(outputs.data?.url);
  });
});
