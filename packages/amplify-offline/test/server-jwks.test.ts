import https from 'node:https';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { AmplifyOutputs } from '../client';
import { routeJwksToLocalUserPool } from '../server';
import type { CognitoEmulator } from '../src/cognito';
import { adminSignIn, createUser, LocalUserPool } from './helpers/cognito';

const EMAIL = 'jwks.user@app.test';

let pool: LocalUserPool | undefined;
let emulator: CognitoEmulator;
let idToken: string;
let outputs: AmplifyOutputs;
const originalRequest = https.request;

beforeAll(async () => {
  pool = await LocalUserPool.start({ tmpPrefix: 'local-jwks-', port: 0, groups: ['AUTHORS'] });
  emulator = pool.emulator;
  await createUser(pool, EMAIL);
  idToken = (await adminSignIn(pool, EMAIL)).IdToken;
  outputs = {
    version: '1.4',
    auth: { aws_region: emulator.region, user_pool_id: emulator.userPoolId, user_pool_client_id: emulator.userPoolClientId },
    custom: { local: { user_pool_endpoint: emulator.url } },
  };
});

afterEach(() => {
  // A failed test must not leave the patch behind for the next one.
  https.request = originalRequest;
});

afterAll(async () => {
  https.request = originalRequest;
  await pool?.close();
});

const newVerifier = () => CognitoJwtVerifier.create({ userPoolId: emulator.userPoolId, clientId: emulator.userPoolClientId, tokenUse: 'id' });

function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...claims, email: 'someone.else@app.test' })).toString('base64url');
  expect(forged).not.toBe(payload);
  return `${header}.${forged}.${signature}`;
}

describe('routeJwksToLocalUserPool', () => {
  it("verifies a local id token by fetching the pool's AWS JWKS address from the emulator", async () => {
    const restore = routeJwksToLocalUserPool(outputs);
    try {
      expect(https.request).not.toBe(originalRequest);
      // No cacheJwks: the verifier must fetch https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json.
      const payload = await newVerifier().verify(idToken);
      expect(payload).toMatchObject({
        email: EMAIL,
        token_use: 'id',
        aud: emulator.userPoolClientId,
        iss: `https://cognito-idp.${emulator.region}.amazonaws.com/${emulator.userPoolId}`,
      });
    } finally {
      restore();
    }
  });

  it('works when the endpoint ends with a slash', async () => {
    const restore = routeJwksToLocalUserPool({ ...outputs, custom: { local: { user_pool_endpoint: `${emulator.url}/` } } });
    try {
      await expect(newVerifier().verify(idToken)).resolves.toMatchObject({ email: EMAIL });
    } finally {
      restore();
    }
  });

  it('still rejects a tampered token', async () => {
    const restore = routeJwksToLocalUserPool(outputs);
    try {
      const verifier = newVerifier();
      await expect(verifier.verify(tamper(idToken))).rejects.toThrow(/signature/i);
      // The same verifier (keys now fetched) still accepts the genuine token.
      await expect(verifier.verify(idToken)).resolves.toMatchObject({ email: EMAIL });
    } finally {
      restore();
    }
  });

  it('passes every other request to the original https.request untouched', () => {
    const fakeRequest = jest.fn(() => ({}) as ReturnType<typeof https.request>);
    https.request = fakeRequest;
    const restore = routeJwksToLocalUserPool(outputs);
    const otherUrl = `https://cognito-idp.${emulator.region}.amazonaws.com/${emulator.userPoolId}/other`;
    const options = { method: 'GET' };
    const callback = () => undefined;
    https.request(otherUrl, options, callback);
    expect(fakeRequest).toHaveBeenCalledTimes(1);
    expect(fakeRequest).toHaveBeenCalledWith(otherUrl, options, callback);

    // The JWKS address of another pool is not routed either.
    const foreignPool = `https://cognito-idp.${emulator.region}.amazonaws.com/us-east-1_Other1234/.well-known/jwks.json`;
    https.request(new URL(foreignPool), options, callback);
    expect(fakeRequest).toHaveBeenCalledTimes(2);

    restore();
    expect(https.request).toBe(fakeRequest);
  });

  it('restores the original https.request', async () => {
    const restore = routeJwksToLocalUserPool(outputs);
    expect(https.request).not.toBe(originalRequest);
    restore();
    expect(https.request).toBe(originalRequest);
    // Restoring twice is harmless.
    restore();
    expect(https.request).toBe(originalRequest);
  });

  it('leaves https.request untouched when the outputs name no local endpoint', () => {
    const before = https.request;
    const awsOutputs: AmplifyOutputs = { version: '1.4', auth: outputs.auth };
    const restore = routeJwksToLocalUserPool(awsOutputs);
    expect(https.request).toBe(before);
    expect(https.request).toBe(originalRequest);
    restore();
    expect(https.request).toBe(originalRequest);

    // An empty custom.local block and outputs without auth behave the same.
    routeJwksToLocalUserPool({ version: '1.4', auth: outputs.auth, custom: { local: {} } })();
    expect(https.request).toBe(originalRequest);
    routeJwksToLocalUserPool({ version: '1.4', custom: outputs.custom })();
    expect(https.request).toBe(originalRequest);
  });
});
