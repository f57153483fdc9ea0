import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IncomingHttpHeaders } from 'node:http';
import { verifySignature, type LocalCredentials } from '../src/sigv4';

const credentials: LocalCredentials = { accessKeyId: 'AKIATESTTESTTEST0000', secretAccessKey: 'test-secret' };
const body = JSON.stringify({ UserPoolId: 'us-east-1_abc' });

/** A request signed by the SDK's own signer, as a client sends it (with the body's hash header, as the SDK sends it). */
async function signed(service: string, at: Date, keys = credentials) {
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
  await expect(verifySignature(await signed('cognito-idp', new Date(now)), 'cognito-idp', credentials, now)).resolves.toBeUndefined();
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
