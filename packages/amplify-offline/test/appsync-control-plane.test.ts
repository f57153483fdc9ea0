import { controlPlaneOperation, isControlPlaneRequest, serveControlPlane, type AppSyncControlPlane } from '../src/appsync/control-plane';
import type { RoleSession } from '../src/iam/evaluate';

/** AppSync's control plane as the local backend answers it, without a backend: routing, checks and refusals (functions.test.ts runs it for real). */
const plane: AppSyncControlPlane = { apiId: 'localapi', keys: [{ id: 'da2-key', expires: 1_800_000_000, deletes: 1_805_184_000 }] };
const session = (statement: Record<string, unknown>): RoleSession => ({
  role: {
    arn: 'arn:aws:iam::123456789012:role/watch',
    name: 'watch',
    trustPolicy: { Statement: [] },
    policies: [{ name: 'watch/policy', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] } }],
    awsManagedPolicyArns: [],
  },
  sessionArn: 'arn:aws:sts::123456789012:assumed-role/watch/watchfn',
  accountId: '123456789012',
  webIdentity: {},
});
const parsed = async (answer: ReturnType<typeof serveControlPlane>) => {
  const { status, headers, body } = await answer;
  return { status, type: headers['x-amzn-errortype'], body: JSON.parse(body) as Record<string, unknown> };
};

describe('routing', () => {
  it("takes AppSync's /v1 and /v2 paths, nothing of DynamoDB's or Lambda's", () => {
    expect(isControlPlaneRequest('/v1/apis/abc/apikeys?maxResults=5')).toBe(true);
    expect(isControlPlaneRequest('/v2/apis')).toBe(true);
    expect(isControlPlaneRequest('/')).toBe(false);
    expect(isControlPlaneRequest('/2015-03-31/functions/x/invocations')).toBe(false);
  });

  it('names the operation a method and path stand for, with the API id in the path', () => {
    expect(controlPlaneOperation('GET', '/v1/apis/abc/apikeys?maxResults=5')).toEqual({ operation: 'ListApiKeys', apiId: 'abc' });
    expect(controlPlaneOperation('POST', '/v1/apis/abc/apikeys')).toEqual({ operation: 'CreateApiKey', apiId: 'abc' });
    expect(controlPlaneOperation('DELETE', '/v1/apis/abc/apikeys/da2-key')).toEqual({ operation: 'DeleteApiKey', apiId: 'abc' });
    expect(controlPlaneOperation('GET', '/v1/apis')).toEqual({ operation: 'ListGraphqlApis' });
    expect(controlPlaneOperation('GET', '/v1/apis/abc/types/Query/resolvers/listPosts').operation).toBe('GetResolver');
    expect(controlPlaneOperation('GET', '/v1/tags/arn%3Aaws%3Aappsync').operation).toBe('ListTagsForResource');
    expect(controlPlaneOperation('PATCH', '/v1/apis/abc')).toEqual({ operation: 'PATCH /v1/apis/abc' });
  });
});

describe('ListApiKeys', () => {
  it("lists the API's keys to the admin and to a role allowed appsync:ListApiKeys on *", async () => {
    expect(await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys', 'admin', plane))).toEqual({
      status: 200,
      type: undefined,
      body: { apiKeys: plane.keys },
    });
    const allowed = session({ Action: 'appsync:ListApiKeys', Resource: '*' });
    expect((await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys?maxResults=25', allowed, plane))).status).toBe(200);
  });

  it("refuses a role whose policies do not allow it, in AWS's words", async () => {
    const other = session({ Action: 'appsync:GraphQL', Resource: 'arn:aws:appsync:us-east-1:123456789012:apis/localapi/*' });
    expect(await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys', other, plane))).toEqual({
      status: 403,
      type: 'AccessDeniedException',
      body: {
        message:
          'User: arn:aws:sts::123456789012:assumed-role/watch/watchfn is not authorized to perform: appsync:ListApiKeys on resource: * because no identity-based policy allows the appsync:ListApiKeys action',
      },
    });
    expect(await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys', undefined, plane))).toMatchObject({
      status: 403,
      type: 'UnrecognizedClientException',
    });
  });

  it('answers NotFound for another API, and refuses a page size out of range or a page token it never gave', async () => {
    expect(await parsed(serveControlPlane('GET', '/v1/apis/other/apikeys', 'admin', plane))).toEqual({
      status: 404,
      type: 'NotFoundException',
      body: { message: 'GraphQL API other not found.' },
    });
    expect(await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys?maxResults=26', 'admin', plane))).toMatchObject({
      status: 400,
      type: 'BadRequestException',
    });
    expect(await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys?nextToken=abc', 'admin', plane))).toMatchObject({
      status: 400,
      type: 'BadRequestException',
    });
  });

  it('refuses to list an app that declares several keys (the local data API serves one)', async () => {
    const several: AppSyncControlPlane = { apiId: 'localapi', keys: { unserved: 'The app declares 2 API keys for its API.' } };
    expect(await parsed(serveControlPlane('GET', '/v1/apis/localapi/apikeys', 'admin', several))).toEqual({
      status: 400,
      type: 'BadRequestException',
      body: { message: 'The app declares 2 API keys for its API.' },
    });
  });
});

it('refuses every other operation, naming it, even to the admin', async () => {
  for (const [method, path, operation] of [
    ['POST', '/v1/apis/localapi/apikeys', 'CreateApiKey'],
    ['POST', '/v1/apis/localapi/apikeys/da2-key', 'UpdateApiKey'],
    ['GET', '/v1/apis/localapi', 'GetGraphqlApi'],
    ['GET', '/v2/apis', 'ListApis'],
  ] as const) {
    expect(await parsed(serveControlPlane(method, path, 'admin', plane))).toEqual({
      status: 400,
      type: 'BadRequestException',
      body: { message: `AppSync ${operation} is not served offline: of AppSync's control plane only ListApiKeys is served, for the backend's own API.` },
    });
  }
});
