import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

/** Credentials the backend's own admin callers sign with (AWS's shape: an access key id and a secret). */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export const CREDENTIALS_FILE = 'admin-credentials.json';

/**
 * The data folder's admin credentials, created on first start: what the Cognito admin API and the
 * DynamoDB endpoint accept, as IAM credentials are on AWS. Written with owner-only permissions.
 */
export function adminCredentials(dataDir: string): { credentials: LocalCredentials; file: string } {
  const file = join(dataDir, CREDENTIALS_FILE);
  const created = {
    // AWS's long-term key ids are AKIA + 16 upper-case letters and digits.
    accessKeyId: `AKIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  try {
    // 'wx': of two starts on one data folder, exactly one creates the file; the other reads it.
    writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600, flag: 'wx' });
    return { credentials: created, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalCredentials>;
  if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
    throw new Error(`${file} does not hold an accessKeyId and a secretAccessKey; delete it to have new admin credentials made.`);
  }
  return { credentials: { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey }, file };
}

/** A key a service accepts: long-term, or temporary (then the session token must come with it, before it expires). */
export interface KnownKey extends LocalCredentials {
  sessionToken?: string;
  /** Epoch ms. */
  expiresAt?: number;
}

/** The keys a service accepts: one, or a lookup by access key id. */
export type KeyLookup = LocalCredentials | ((accessKeyId: string) => KnownKey | undefined);

/** Why a signature was refused, in the words and with the error type AWS services use. */
export class SignatureError extends Error {
  constructor(
    readonly type: 'MissingAuthenticationTokenException' | 'UnrecognizedClientException' | 'InvalidSignatureException' | 'ExpiredTokenException',
    message: string,
  ) {
    super(message);
  }
}

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string | Buffer;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
/** AWS refuses a signature more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** `20261126T101500Z` → Date. */
function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * Checks an AWS Signature Version 4 `Authorization` header the way AWS does: the key is known, the
 * scope names this service, the date is within 15 minutes, and the signature recomputed by the
 * SDK's own signer over the headers the client signed matches. Throws SignatureError otherwise.
 */
export async function verifySignature(request: SignedRequest, service: string, keys: KeyLookup, now = Date.now()): Promise<KnownKey> {
  const header = request.headers.authorization;
  if (!header) throw new SignatureError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
  const match = AUTHORIZATION.exec(header);
  if (!match) throw new SignatureError('InvalidSignatureException', 'Authorization header is not an AWS Signature Version 4 header.');
  const [, accessKeyId, day, region, scopeService, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
  const known = knownKey(accessKeyId, request.headers['x-amz-security-token'], keys, now);
  if (scopeService !== service) throw new SignatureError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || amzDate.slice(0, 8) !== day)
    throw new SignatureError('InvalidSignatureException', 'X-Amz-Date is missing or does not match the credential scope.');
  if (Math.abs(now - signedAt.getTime()) > MAX_SKEW_MS)
    throw new SignatureError('InvalidSignatureException', 'Signature expired: the request time is more than 15 minutes from the server time.');

  // The signer takes the payload hash from x-amz-content-sha256 when the client sent one (the SDK
  // always does), so that header must be the body's real hash, or a captured request could carry
  // another body under the same signature.
  const declaredHash = request.headers['x-amz-content-sha256'];
  // S3 alone takes a payload the signature does not cover (the browser SDKs send files that way).
  const unsignedPayload = service === 's3' && declaredHash === 'UNSIGNED-PAYLOAD';
  if (typeof declaredHash === 'string' && declaredHash.startsWith('STREAMING-')) {
    throw new SignatureError('InvalidSignatureException', `Payload signing ${declaredHash} (aws-chunked) is not supported by the local endpoint.`);
  }
  if (declaredHash !== undefined && !unsignedPayload && declaredHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw new SignatureError('InvalidSignatureException', "The provided 'x-amz-content-sha256' header does not match the request body.");
  }
  const signedHeaders = signedHeaderList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw new SignatureError('InvalidSignatureException', `Signed header ${name} is missing from the request.`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const { path, query } = splitTarget(request.url, () => true);
  const expected = await signerFor(known, region, service).sign(
    { method: request.method, protocol: 'https:', hostname: headers.host ?? '', path, query, headers, body: request.body },
    // Sign exactly the headers the client signed, nothing the signer would add or leave out.
    { signingDate: signedAt, signableHeaders: new Set(signedHeaders), unsignableHeaders: new Set() },
  );
  sameSignature(/Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? ''))?.[1] ?? '', signature);
  return known;
}

/** The key an access key id names, with its session token checked and its expiry, or a refusal. */
function knownKey(accessKeyId: string, token: string | string[] | undefined, keys: KeyLookup, now: number): KnownKey {
  const known: KnownKey | undefined = typeof keys === 'function' ? keys(accessKeyId) : keys.accessKeyId === accessKeyId ? keys : undefined;
  if (!known) throw new SignatureError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (known.sessionToken !== undefined) {
    // Temporary credentials are only valid with their session token, and only until they expire.
    const presented = Buffer.from(typeof token === 'string' ? token : '');
    const expected = Buffer.from(known.sessionToken);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new SignatureError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (known.expiresAt !== undefined && known.expiresAt <= now) {
      throw new SignatureError('ExpiredTokenException', 'The security token included in the request is expired');
    }
  }
  return known;
}

/** The path as received and the query parameters the filter keeps (repeated names become lists). */
function splitTarget(url: string, keep: (name: string) => boolean): { path: string; query: Record<string, string | string[]> } {
  const target = new URL(url, 'http://local');
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of target.searchParams) {
    if (!keep(name)) continue;
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { path: target.pathname, query };
}

function signerFor(known: KnownKey, region: string, service: string): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: known.accessKeyId,
      secretAccessKey: known.secretAccessKey,
      ...(known.sessionToken ? { sessionToken: known.sessionToken } : {}),
    },
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    // S3 signs the path as sent; every other service escapes it once more.
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });
}

function sameSignature(recomputed: string, presented: string): void {
  if (recomputed.length !== presented.length || !timingSafeEqual(Buffer.from(recomputed), Buffer.from(presented))) {
    throw new SignatureError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
}

/** S3 refuses presigned URLs meant to live longer than a week. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;

/**
 * Checks a presigned URL (SigV4 in the query string: X-Amz-Algorithm, -Credential, -Date,
 * -Expires, -SignedHeaders, -Security-Token, -Signature) the way S3 does: a known key with its
 * session token, this service, not yet expired, and the signature recomputed by the SDK's own
 * presigner over the same request. Throws SignatureError otherwise.
 */
export async function verifyPresignedUrl(request: Omit<SignedRequest, 'body'>, service: string, keys: KeyLookup, now = Date.now()): Promise<KnownKey> {
  const params = new URL(request.url, 'http://local').searchParams;
  if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') throw new SignatureError('InvalidSignatureException', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256.');
  const credential = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(params.get('X-Amz-Credential') ?? '');
  if (!credential) throw new SignatureError('InvalidSignatureException', 'X-Amz-Credential is missing or malformed.');
  const [, accessKeyId, day, region, scopeService] = credential as unknown as [string, string, string, string, string];
  const known = knownKey(accessKeyId, params.get('X-Amz-Security-Token') ?? undefined, keys, now);
  if (scopeService !== service) throw new SignatureError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  const amzDate = params.get('X-Amz-Date') ?? '';
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || amzDate.slice(0, 8) !== day)
    throw new SignatureError('InvalidSignatureException', 'X-Amz-Date is missing or does not match the credential scope.');
  const expires = Number(params.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
    throw new SignatureError('InvalidSignatureException', `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_SECONDS}.`);
  }
  if (now > signedAt.getTime() + expires * 1000) throw new SignatureError('ExpiredTokenException', 'Request has expired');
  if (signedAt.getTime() - now > MAX_SKEW_MS) throw new SignatureError('InvalidSignatureException', 'X-Amz-Date is in the future.');
  const signedHeaders = (params.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw new SignatureError('InvalidSignatureException', `Signed header ${name} is missing from the request.`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The presigner adds the authentication parameters itself; every other parameter is signed as sent.
  const { path, query } = splitTarget(request.url, (name) => !name.startsWith('X-Amz-'));
  // A presigned URL's payload is unsigned; the header only tells the presigner so (neither hoisted nor signed).
  const payload = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
  const presigned = await signerFor(known, region, service).presign(
    { method: request.method, protocol: 'https:', hostname: headers.host ?? '', path, query, headers: { ...headers, ...payload } },
    {
      signingDate: signedAt,
      expiresIn: expires,
      signableHeaders: new Set(signedHeaders),
      unsignableHeaders: new Set(Object.keys(payload)),
      unhoistableHeaders: new Set(Object.keys(payload)),
    },
  );
  sameSignature(String(presigned.query?.['X-Amz-Signature'] ?? ''), params.get('X-Amz-Signature') ?? '');
  return known;
}
