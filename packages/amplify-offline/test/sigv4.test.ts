import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IncomingHttpHeaders } from 'node:http';
import { verifySignature, type LocalCredentials } from '../src/sigv4';

const credentials: LocalCredentials = { accessKeyId: 'AKIATESTTESTTEST0000', secretAccessKey: 'test-secret' };
const body = JSON.stringify({ UserPoolId: 'us-east-1_abc' });

/** A request signed by the SDK's own signer, as a client sends it (with the body's hash header, as the SDK sends it). */
async function signed(service: string, at: Date, keys: LocalCredentials & { sessionToken?: string } = credentials) {
  const signer = new SignatureV4({ credentials: keys, region: 'us-east-1', service, sha256: Hash.bind(null, 'sha256') });
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      headers: { host: '127.0.0.1:4010', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' },
      body,
    },
    { signingDate: at },
  );
  return {
    method: 'POST',
    url: '/',
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])) as IncomingHttpHeaders,
    body,
  };
}

const now = Date.parse('2026-11-26T10:00:00Z');

test('accepts a request the SDK signed with the known credentials', async () => {
  await expect(verifySignature(await signed('cognito-idp', new Date(now)), 'cognito-idp', credentials, now)).resolves.toEqual(credentials);
});

describe('temporary credentials (an identity pool session)', () => {
  const temporary = { accessKeyId: 'ASIATESTTESTTEST0000', secretAccessKey: 'temp-secret', sessionToken: 'session-token', expiresAt: now + 60 * 60_000 };
  const lookup = (accessKeyId: string) => (accessKeyId === temporary.accessKeyId ? temporary : undefined);

  test('accepts them with their session token until they expire, then says they expired', async () => {
    const request = await signed('appsync', new Date(now), temporary);
    expect(request.headers['x-amz-security-token']).toBe('session-token');
    await expect(verifySignature(request, 'appsync', lookup, now)).resolves.toBe(temporary);
    const later = now + 61 * 60_000;
    await expect(verifySignature(await signed('appsync', new Date(later), temporary), 'appsync', lookup, later)).rejects.toMatchObject({
      type: 'ExpiredTokenException',
    });
  });

  test('refuses them without their session token or with another one', async () => {
    const { 'x-amz-security-token': _token, ...withoutToken } = (await signed('appsync', new Date(now), { ...temporary, sessionToken: undefined })).headers;
    await expect(verifySignature({ method: 'POST', url: '/', headers: withoutToken, body }, 'appsync', lookup, now)).rejects.toMatchObject({
      type: 'UnrecognizedClientException',
    });
    await expect(
      verifySignature(await signed('appsync', new Date(now), { ...temporary, sessionToken: 'another' }), 'appsync', lookup, now),
    ).rejects.toMatchObject({
      type: 'UnrecognizedClientException',
    });
  });
});

test('refuses another body under the same signature, whether or not the hash header is adjusted', async () => {
  const request = await signed('cognito-idp', new Date(now));
  await expect(verifySignature({ ...request, body: '{"UserPoolId":"other"}' }, 'cognito-idp', credentials, now)).rejects.toThrow(/x-amz-content-sha256/);
  const { 'x-amz-content-sha256': _hash, ...withoutHash } = request.headers;
  // Dropping the header does not help: it was signed.
  await expect(verifySignature({ ...request, headers: withoutHash, body: '{"UserPoolId":"other"}' }, 'cognito-idp', credentials, now)).rejects.toThrow(
    'Signed header x-amz-content-sha256 is missing from the request.',
  );
});

test('refuses a signature more than 15 minutes old, scoped to another service, or by another key', async () => {
  await expect(verifySignature(await signed('cognito-idp', new Date(now - 16 * 60_000)), 'cognito-idp', credentials, now)).rejects.toThrow(/Signature expired/);
  await expect(verifySignature(await signed('dynamodb', new Date(now)), 'cognito-idp', credentials, now)).rejects.toThrow(/scoped to correct service/);
  const stranger = await signed('cognito-idp', new Date(now), { accessKeyId: 'AKIAOTHEROTHEROTHER0', secretAccessKey: 'x' });
  await expect(verifySignature(stranger, 'cognito-idp', credentials, now)).rejects.toThrow(/security token included in the request is invalid/);
  const { authorization: _auth, ...unsigned } = (await signed('cognito-idp', new Date(now))).headers;
  await expect(verifySignature({ method: 'POST', url: '/', headers: unsigned, body }, 'cognito-idp', credentials, now)).rejects.toThrow(
    /missing Authentication Token/,
  );
});
