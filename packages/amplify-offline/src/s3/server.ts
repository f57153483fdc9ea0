import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { authorize, type IamRequest } from '../iam/evaluate';
import type { CredentialSession } from '../identity/service';
import { readRequestBody } from '../request-body';
import { SignatureError, verifyPresignedUrl, verifySignature, type KnownKey, type LocalCredentials } from '../sigv4';
import type { KeyPair } from '../tls/certificates';
import type { BucketSettings, CorsRule } from './settings';
import { BucketStore, type ObjectMeta } from './store';

export interface S3Options {
  port: number;
  tls: KeyPair;
  /** Objects live under `<dataDir>/<bucket>`. */
  dataDir: string;
  /** Who temporary credentials belong to (the identity pool's sessions). */
  sessions(accessKeyId: string): CredentialSession | undefined;
  /** The data folder's admin credentials: like an administrator's IAM user, allowed everything. */
  admin: LocalCredentials;
  log: (line: string) => void;
}

export interface LocalS3 {
  /** e.g. https://127.0.0.1:4040 */
  url: string;
  /** `host:port`, what aws-amplify's Storage takes as `customEndpoint`. */
  endpoint: string;
  /** Starts serving these buckets (until then every bucket is unknown). */
  serve(buckets: BucketSettings[]): void;
  close(): Promise<void>;
}

/** The most one request may carry: single uploads of images and documents, and multipart parts. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** S3's minimum size for every part but the last. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
/** Query parameters of the operations served (besides response-* overrides and presigned X-Amz-* ones). */
const SERVED_PARAMETERS = new Set([
  'x-id',
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'delete',
  'uploads',
  'uploadId',
  'partNumber',
  'max-parts',
  'part-number-marker',
]);
const STORED_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];
const RESPONSE_OVERRIDES = ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding'];

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const xml = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });
const parser = new XMLParser({ parseTagValue: false, trimValues: false, ignoreAttributes: true, isArray: (name) => name === 'Part' || name === 'Object' });
const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const document = (root: string, body: Record<string, unknown>) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${xml.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...body } })}`;

/** Who signed the request: the backend's admin, or an identity-pool session. */
type Caller = { admin: true } | { admin: false; session: CredentialSession };

/**
 * An S3-compatible HTTPS endpoint for the app's storage buckets: what aws-amplify's Storage calls
 * (Put/Get/Head/Delete, ListObjectsV2, multipart upload, copy, batch delete, presigned GET), each
 * request's SigV4 signature verified and its action decided by the caller's role policies and the
 * bucket policy from the synthesized app. CORS follows each bucket's CorsConfiguration.
 */
export async function startS3(options: S3Options): Promise<LocalS3> {
  const buckets = new Map<string, { settings: BucketSettings; store: BucketStore }>();
  let baseUrl = '';
  const keys = (accessKeyId: string): KnownKey | undefined => {
    if (accessKeyId === options.admin.accessKeyId) return options.admin;
    return options.sessions(accessKeyId)?.credentials;
  };

  const server: Server = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    response.setHeader('x-amz-request-id', requestId);
    const fail = (error: unknown) => {
      // The client went away mid-request (an upload cancelled): nobody is left to answer.
      if (request.destroyed && (error as { code?: string } | null)?.code === 'ECONNRESET') return;
      if (!(error instanceof S3Error)) options.log(`[s3] internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const failure = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      if (response.headersSent) return response.destroy();
      const body = request.method === 'HEAD' ? '' : document('Error', { Code: failure.code, Message: failure.message, ...failure.extra, RequestId: requestId });
      response.writeHead(failure.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    let url: URL;
    let bucketName: string;
    let key: string;
    try {
      // Anything a client sends must end in an answer, never an exception in the shared process.
      url = new URL(request.url ?? '/', 'https://local');
      const [first = '', ...keyParts] = url.pathname.slice(1).split('/');
      bucketName = decodeURIComponent(first);
      key = keyParts.map((part) => decodeURIComponent(part)).join('/');
    } catch {
      return fail(new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI."));
    }
    const bucket = buckets.get(bucketName);
    if (bucket) applyCors(request, response, bucket.settings.cors);
    if (request.method === 'OPTIONS') return preflight(request, response, bucket?.settings.cors ?? []);
    const unserved = [...url.searchParams.keys()].find((name) => !SERVED_PARAMETERS.has(name) && !name.startsWith('response-') && !name.startsWith('X-Amz-'));
    if (unserved !== undefined || (request.method === 'GET' && url.searchParams.has('partNumber'))) {
      // Tagging, ACLs, versions, attributes…: refused rather than mistaken for the object itself.
      return fail(new S3Error(501, 'NotImplemented', `The ${unserved ?? 'partNumber'} request parameter is not served by the local S3 endpoint.`));
    }
    handle(request, response, url, bucket, key).catch(fail);
  });

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL, bucket: ReturnType<typeof buckets.get>, key: string): Promise<void> {
    const body = await readRequestBody(request, MAX_BODY_BYTES);
    if (body.tooLarge) {
      throw new S3Error(
        400,
        'EntityTooLarge',
        `The local endpoint takes at most ${MAX_BODY_BYTES / 1024 / 1024} MiB in one request; larger objects go in multipart uploads.`,
      );
    }
    const caller = await authenticate(request, url, body.bytes);
    if (!bucket)
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: decodeURIComponent(url.pathname.split('/')[1] ?? '') });
    const { settings, store } = bucket;
    const objectArn = (objectKey: string) => `${settings.arn}/${objectKey}`;
    const allow = async (action: string, resource: string, context: Record<string, string | string[]> = {}) => {
      if (caller.admin) return;
      const iamRequest: IamRequest = {
        action,
        resource,
        context: { 'aws:SecureTransport': 'true', ...context },
        ...(settings.policy ? { resourcePolicy: settings.policy } : {}),
      };
      const decision = await authorize(caller.session, iamRequest);
      if (!decision.allowed) throw new S3Error(403, 'AccessDenied', decision.message);
    };
    const query = url.searchParams;
    const method = request.method ?? 'GET';

    if (key === '') {
      if (method === 'GET' && query.get('list-type') === '2') {
        const prefix = query.get('prefix') ?? '';
        await allow('s3:ListBucket', settings.arn, {
          's3:prefix': prefix,
          ...(query.has('delimiter') ? { 's3:delimiter': query.get('delimiter') ?? '' } : {}),
          ...(query.has('max-keys') ? { 's3:max-keys': query.get('max-keys') ?? '' } : {}),
        });
        return sendXml(response, 200, listObjectsV2(settings.name, store, query));
      }
      if (method === 'POST' && query.has('delete'))
        return sendXml(response, 200, await deleteObjects(store, body.bytes, (objectKey) => allow('s3:DeleteObject', objectArn(objectKey))));
      throw new S3Error(501, 'NotImplemented', `${method} on a bucket is not served by the local endpoint (ListObjectsV2 and DeleteObjects are).`);
    }

    switch (method) {
      case 'GET':
      case 'HEAD': {
        if (query.has('uploadId')) {
          await allow('s3:ListMultipartUploadParts', objectArn(key));
          const upload = store.upload(query.get('uploadId') ?? '', key);
          if (!upload) throw noSuchUpload(query.get('uploadId'));
          const parts = store.parts(upload.uploadId).map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
          return sendXml(
            response,
            200,
            document('ListPartsResult', { Bucket: settings.name, Key: key, UploadId: upload.uploadId, IsTruncated: false, Part: parts }),
          );
        }
        await allow('s3:GetObject', objectArn(key));
        const found = store.head(key);
        if (!found) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
        return sendObject(request, response, store, found, query, method === 'HEAD');
      }
      case 'PUT': {
        if (query.has('uploadId')) {
          await allow('s3:PutObject', objectArn(key));
          const upload = store.upload(query.get('uploadId') ?? '', key);
          if (!upload) throw noSuchUpload(query.get('uploadId'));
          const partNumber = Number(query.get('partNumber'));
          if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000)
            throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
          checkContentMd5(request, body.bytes);
          const part = store.putPart(upload.uploadId, partNumber, body.bytes);
          response.writeHead(200, { etag: part.etag, 'content-length': 0 });
          return void response.end();
        }
        const copySource = request.headers['x-amz-copy-source'];
        if (typeof copySource === 'string') return copyObject(response, copySource, key, settings.name, store, allow, objectArn);
        await allow('s3:PutObject', objectArn(key));
        if (request.headers['if-none-match'] === '*' && store.head(key))
          throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
        checkContentMd5(request, body.bytes);
        const meta = store.put(key, body.bytes, objectHeaders(request));
        response.writeHead(200, { etag: meta.etag, 'content-length': 0 });
        return void response.end();
      }
      case 'POST': {
        if (query.has('uploads')) {
          await allow('s3:PutObject', objectArn(key));
          const uploadId = store.createUpload(key, objectHeaders(request));
          return sendXml(response, 200, document('InitiateMultipartUploadResult', { Bucket: settings.name, Key: key, UploadId: uploadId }));
        }
        if (query.has('uploadId')) {
          await allow('s3:PutObject', objectArn(key));
          const upload = store.upload(query.get('uploadId') ?? '', key);
          if (!upload) throw noSuchUpload(query.get('uploadId'));
          if (request.headers['if-none-match'] === '*' && store.head(key))
            throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });
          const meta = completeUpload(store, upload, body.bytes);
          return sendXml(
            response,
            200,
            document('CompleteMultipartUploadResult', {
              Location: `${baseUrl}/${settings.name}/${key.split('/').map(encodeURIComponent).join('/')}`,
              Bucket: settings.name,
              Key: key,
              ETag: meta.etag,
            }),
          );
        }
        throw new S3Error(501, 'NotImplemented', 'This POST on an object is not served by the local endpoint.');
      }
      case 'DELETE': {
        if (query.has('uploadId')) {
          await allow('s3:AbortMultipartUpload', objectArn(key));
          const upload = store.upload(query.get('uploadId') ?? '', key);
          if (!upload) throw noSuchUpload(query.get('uploadId'));
          store.abort(upload.uploadId);
        } else {
          await allow('s3:DeleteObject', objectArn(key));
          store.delete(key);
        }
        response.writeHead(204);
        return void response.end();
      }
      default:
        throw new S3Error(405, 'MethodNotAllowed', `The ${method} method is not allowed against this resource.`);
    }
  }

  /** The caller, from a SigV4 Authorization header or a presigned URL; anonymous requests are refused. */
  async function authenticate(request: IncomingMessage, url: URL, bytes: Buffer): Promise<Caller> {
    let key: KnownKey;
    try {
      if (request.headers.authorization) {
        key = await verifySignature({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: bytes }, 's3', keys);
      } else if (url.searchParams.has('X-Amz-Signature')) {
        key = await verifyPresignedUrl({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers }, 's3', keys);
      } else {
        throw new S3Error(403, 'AccessDenied', 'Anonymous access is not allowed: the bucket blocks public access; sign the request or use a presigned URL.');
      }
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      switch (error.type) {
        case 'UnrecognizedClientException':
          throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
        case 'ExpiredTokenException':
          throw error.message === 'Request has expired'
            ? new S3Error(403, 'AccessDenied', 'Request has expired')
            : new S3Error(400, 'ExpiredToken', 'The provided token has expired.');
        case 'MissingAuthenticationTokenException':
          throw new S3Error(403, 'AccessDenied', error.message);
        default:
          throw new S3Error(403, 'SignatureDoesNotMatch', error.message);
      }
    }
    if (key.accessKeyId === options.admin.accessKeyId) return { admin: true };
    const session = options.sessions(key.accessKeyId);
    if (!session) throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    return { admin: false, session };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `https://127.0.0.1:${port}`;
  // Lifecycle rules run at start and then hourly (S3 runs them about once a day).
  const applyLifecycle = () => {
    for (const { settings, store } of buckets.values()) {
      if (settings.lifecycle.length === 0) continue;
      try {
        const { expired, aborted } = store.applyLifecycle(settings.lifecycle);
        if (expired.length + aborted.length > 0) {
          options.log(`[s3] ${settings.name}: lifecycle rules expired ${expired.length} object(s), aborted ${aborted.length} multipart upload(s)`);
        }
      } catch (error) {
        options.log(`[s3] ${settings.name}: applying lifecycle rules failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const lifecycleTimer = setInterval(applyLifecycle, 60 * 60 * 1000);
  lifecycleTimer.unref();
  return {
    url: `https://127.0.0.1:${port}`,
    endpoint: `127.0.0.1:${port}`,
    serve(served) {
      for (const bucket of served) buckets.set(bucket.name, { settings: bucket, store: new BucketStore(join(options.dataDir, bucket.name)) });
      applyLifecycle();
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(lifecycleTimer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const noSuchUpload = (uploadId: string | null) =>
  new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId ?? '',
  });

function sendXml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** The object headers a write stores: content type and friends, and user metadata (`x-amz-meta-*`). */
function objectHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value !== 'string') continue;
    if (STORED_HEADERS.includes(name) || name.startsWith('x-amz-meta-')) headers[name] = value;
  }
  headers['content-type'] ??= 'binary/octet-stream';
  return headers;
}

/** S3 refuses a body whose Content-MD5 does not match it. */
function checkContentMd5(request: IncomingMessage, bytes: Buffer): void {
  const declared = request.headers['content-md5'];
  if (typeof declared === 'string' && declared !== createHash('md5').update(bytes).digest('base64')) {
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
}

/** GET or HEAD of an object: one byte range if asked, `response-*` overrides on signed requests, a 304 for a matching If-None-Match. */
function sendObject(request: IncomingMessage, response: ServerResponse, store: BucketStore, meta: ObjectMeta, query: URLSearchParams, headOnly: boolean): void {
  const headers: Record<string, string | number> = {
    ...meta.headers,
    etag: meta.etag,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  for (const name of RESPONSE_OVERRIDES) {
    const override = query.get(`response-${name}`);
    if (override !== null) headers[name] = override;
  }
  if (request.headers['if-none-match'] === meta.etag) {
    response.writeHead(304, { etag: meta.etag, 'last-modified': headers['last-modified'] as string });
    return void response.end();
  }
  let start = 0;
  let end = meta.size - 1;
  let status = 200;
  const range = request.headers.range;
  const match = typeof range === 'string' ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  // A malformed or inverted range is ignored, as HTTP says: the whole object.
  const inverted = match !== null && match[1] !== '' && match[2] !== '' && Number(match[2]) < Number(match[1]);
  if (match && (match[1] !== '' || match[2] !== '') && !inverted) {
    if (match[1] === '') {
      start = Math.max(0, meta.size - Number(match[2]));
    } else {
      start = Number(match[1]);
      if (match[2] !== '') end = Math.min(end, Number(match[2]));
    }
    if (start >= meta.size) {
      throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: String(range), ActualObjectSize: String(meta.size) });
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${meta.size}`;
  }
  headers['content-length'] = meta.size === 0 ? 0 : end - start + 1;
  response.writeHead(status, headers);
  if (headOnly) return void response.end();
  const bytes = store.read(meta.key)?.bytes ?? Buffer.alloc(0);
  response.end(bytes.subarray(start, end + 1));
}

/** S3 orders keys by their UTF-8 bytes (JavaScript's < compares UTF-16 code units). */
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A listing position, opaque to clients: the last key or common prefix returned. */
const encodeToken = (marker: { key: string; prefix: boolean }) => Buffer.from(JSON.stringify(marker)).toString('base64url');
function decodeToken(token: string): { key: string; prefix: boolean } {
  try {
    const marker = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { key?: unknown; prefix?: unknown };
    if (typeof marker.key === 'string') return { key: marker.key, prefix: marker.prefix === true };
  } catch {
    // fall through to the error below
  }
  throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
}

/** ListObjectsV2 as S3 answers it: keys in binary order, common prefixes under a delimiter, pages of at most 1000. */
export function listObjectsV2(bucket: string, store: BucketStore, query: URLSearchParams): string {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeysParam = query.get('max-keys');
  const maxKeys = maxKeysParam === null ? 1000 : Number(maxKeysParam);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys' });
  const limit = Math.min(maxKeys, 1000);
  const token = query.get('continuation-token');
  const marker = token !== null ? decodeToken(token) : undefined;
  const startAfter = query.get('start-after') ?? '';
  const urlEncoded = query.get('encoding-type') === 'url';
  const encode = (value: string) => (urlEncoded ? encodeURIComponent(value) : value);

  const contents: ObjectMeta[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last: { key: string; prefix: boolean } | undefined;
  for (const key of store.keys()) {
    if (!key.startsWith(prefix)) continue;
    if (marker && (utf8Compare(key, marker.key) <= 0 || (marker.prefix && key.startsWith(marker.key)))) continue;
    if (!marker && startAfter && utf8Compare(key, startAfter) <= 0) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const commonPrefix = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined;
    if (commonPrefix !== undefined && prefixes.at(-1) === commonPrefix) continue;
    if (contents.length + prefixes.length >= limit) {
      truncated = true;
      break;
    }
    if (commonPrefix !== undefined) {
      prefixes.push(commonPrefix);
      last = { key: commonPrefix, prefix: true };
    } else {
      const meta = store.head(key);
      if (meta) contents.push(meta);
      last = { key, prefix: false };
    }
  }
  return document('ListBucketResult', {
    Name: bucket,
    Prefix: encode(prefix),
    ...(delimiter ? { Delimiter: encode(delimiter) } : {}),
    MaxKeys: maxKeys,
    ...(urlEncoded ? { EncodingType: 'url' } : {}),
    KeyCount: contents.length + prefixes.length,
    ...(token !== null ? { ContinuationToken: token } : {}),
    ...(query.has('start-after') ? { StartAfter: encode(startAfter) } : {}),
    IsTruncated: truncated,
    ...(truncated && last ? { NextContinuationToken: encodeToken(last) } : {}),
    Contents: contents.map((meta) => ({
      Key: encode(meta.key),
      LastModified: new Date(meta.lastModified).toISOString(),
      ETag: meta.etag,
      Size: meta.size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: prefixes.map((value) => ({ Prefix: encode(value) })),
  });
}

async function deleteObjects(store: BucketStore, body: Buffer, allow: (key: string) => Promise<void>): Promise<string> {
  const parsed = parseXml(body) as { Delete?: { Object?: { Key?: string }[]; Quiet?: string } };
  const objects = parsed.Delete?.Object ?? [];
  if (objects.length === 0 || objects.length > 1000)
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const deleted: { Key: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  for (const object of objects) {
    const key = String(object.Key ?? '');
    try {
      await allow(key);
      store.delete(key);
      deleted.push({ Key: key });
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      errors.push({ Key: key, Code: error.code, Message: error.message });
    }
  }
  const quiet = parsed.Delete?.Quiet === 'true';
  return document('DeleteResult', { ...(quiet ? {} : { Deleted: deleted }), Error: errors });
}

async function copyObject(
  response: ServerResponse,
  copySource: string,
  key: string,
  bucketName: string,
  store: BucketStore,
  allow: (action: string, resource: string) => Promise<void>,
  objectArn: (key: string) => string,
): Promise<void> {
  // `bucket/key`, with or without a leading slash, URL-encoded or not (aws-amplify sends it raw).
  let source = copySource.replace(/^\//, '').split('?')[0] ?? '';
  try {
    source = decodeURIComponent(source);
  } catch {
    // a raw key with a literal '%' stays as sent
  }
  const slash = source.indexOf('/');
  const sourceBucket = source.slice(0, slash);
  const sourceKey = source.slice(slash + 1);
  if (slash < 1 || sourceBucket !== bucketName) throw new S3Error(400, 'InvalidRequest', 'The local endpoint copies within one bucket only.');
  await allow('s3:GetObject', objectArn(sourceKey));
  await allow('s3:PutObject', objectArn(key));
  const found = store.read(sourceKey);
  if (!found) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: sourceKey });
  const meta = store.put(key, found.bytes, found.meta.headers, found.meta.etag);
  sendXml(response, 200, document('CopyObjectResult', { ETag: meta.etag, LastModified: new Date(meta.lastModified).toISOString() }));
}

function parseXml(body: Buffer): Record<string, unknown> {
  try {
    return parser.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
}

/** Completes a multipart upload as S3 does: parts named in ascending order, each uploaded with that ETag, all but the last at least 5 MiB. */
function completeUpload(store: BucketStore, upload: NonNullable<ReturnType<BucketStore['upload']>>, body: Buffer): ObjectMeta {
  const parsed = parseXml(body) as { CompleteMultipartUpload?: { Part?: { PartNumber?: string; ETag?: string }[] } };
  const requested = parsed.CompleteMultipartUpload?.Part ?? [];
  if (requested.length === 0)
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const uploaded = new Map(store.parts(upload.uploadId).map((part) => [part.partNumber, part]));
  const chosen = requested.map((part, index) => {
    const partNumber = Number(part.PartNumber);
    const previous = index > 0 ? Number(requested[index - 1]?.PartNumber) : 0;
    if (!(partNumber > previous))
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
    const found = uploaded.get(partNumber);
    const etag = `"${String(part.ETag ?? '').replace(/"/g, '')}"`;
    if (!found || found.etag !== etag) {
      throw new S3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      );
    }
    return found;
  });
  chosen.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_BYTES) throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
  });
  return store.complete(upload, chosen);
}

/** The CORS rule for a request, as S3 matches them: the first whose origin, method and headers all fit. */
function matchingRule(rules: CorsRule[], origin: string, method: string, requestedHeaders: string[]): CorsRule | undefined {
  const wildcard = (pattern: string, value: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    ).test(value);
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((allowed) => wildcard(allowed, origin)) &&
      rule.allowedMethods.includes(method) &&
      requestedHeaders.every((header) => rule.allowedHeaders.some((allowed) => wildcard(allowed, header))),
  );
}

function applyCors(request: IncomingMessage, response: ServerResponse, rules: CorsRule[]): void {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || request.method === 'OPTIONS') return;
  const rule = matchingRule(rules, origin, request.method ?? 'GET', []);
  if (!rule) return;
  response.setHeader('access-control-allow-origin', rule.allowedOrigins.includes('*') ? '*' : origin);
  response.setHeader('access-control-allow-methods', rule.allowedMethods.join(', '));
  if (rule.exposedHeaders.length > 0) response.setHeader('access-control-expose-headers', rule.exposedHeaders.join(', '));
  if (rule.maxAge !== undefined) response.setHeader('access-control-max-age', String(rule.maxAge));
  response.setHeader('vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
}

/** An OPTIONS preflight, answered from the bucket's CORS rules (403 when none fits, as S3 answers). */
function preflight(request: IncomingMessage, response: ServerResponse, rules: CorsRule[]): void {
  const origin = request.headers.origin;
  const method = request.headers['access-control-request-method'];
  const requested = String(request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((header) => header.trim().toLowerCase())
    .filter(Boolean);
  const rule = typeof origin === 'string' && typeof method === 'string' ? matchingRule(rules, origin, method, requested) : undefined;
  if (!rule || typeof origin !== 'string') {
    const body = document('Error', {
      Code: 'AccessForbidden',
      Message:
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
    });
    response.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    return void response.end(body);
  }
  response.writeHead(200, {
    'access-control-allow-origin': rule.allowedOrigins.includes('*') ? '*' : origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    ...(requested.length > 0 ? { 'access-control-allow-headers': requested.join(', ') } : {}),
    ...(rule.exposedHeaders.length > 0 ? { 'access-control-expose-headers': rule.exposedHeaders.join(', ') } : {}),
    ...(rule.maxAge !== undefined ? { 'access-control-max-age': String(rule.maxAge) } : {}),
    // Chrome's Private Network Access preflight, sent when a page calls a loopback address.
    ...(request.headers['access-control-request-private-network'] === 'true' ? { 'access-control-allow-private-network': 'true' } : {}),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    'content-length': 0,
  });
  response.end();
}
