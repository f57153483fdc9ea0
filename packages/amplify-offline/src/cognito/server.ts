import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readRequestBody, tooLargeMessage } from '../request-body';
import { authorize } from '../iam/evaluate';
import { signedCaller, type RoleCallers } from '../iam/callers';
import { SignatureError, type LocalCredentials, type SignedRequest } from '../sigv4';
import { CognitoError } from './errors';
import type { Operation } from './operations';
import { RequestInput } from './request-input';
import type { UserPool } from './user-pool';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** Cognito Identity (identity pools) answers on the same endpoint, told apart by its target prefix. */
const IDENTITY_TARGET_PREFIX = 'AWSCognitoIdentityService.';

/**
 * The app's functions, once the backend has attached them: they may call the admin API as their
 * execution roles allow, on the pool's ARN.
 */
export type FunctionCallers = () => { callers: RoleCallers; poolArn: string } | undefined;

/** The identity pool's operations, once the backend has attached them (apps without one have none). */
export type IdentityOperations = () => Record<string, (input: RequestInput) => Promise<object>> | undefined;
const MAX_BODY_BYTES = 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

// What aws-amplify's fetch handler and the AWS SDK send from a browser; used when a preflight names none.
const DEFAULT_ALLOWED_HEADERS = [
  'content-type',
  'x-amz-target',
  'x-amz-user-agent',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'authorization',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'cache-control',
].join(', ');
// Amplify reads the request id and error type from headers, so the browser must be allowed to see them.
const EXPOSED_HEADERS = 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date';

/** Browser calls come from the Next.js dev/prod server on some localhost port; nothing else may read responses. */
function isLocalOrigin(origin: string): boolean {
  try {
    const { hostname, protocol } = new URL(origin);
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/**
 * The operations AWS only answers for IAM credentials (SigV4): every Admin* call and the pool-wide
 * listings. The rest are the app client's own calls, authorized by the client id or a user's token.
 */
export function requiresIam(operation: string): boolean {
  return operation.startsWith('Admin') || operation === 'ListUsers' || operation === 'ListGroups' || operation === 'ListUsersInGroup';
}

export function createCognitoServer(
  pool: UserPool,
  operations: Record<string, Operation>,
  admin: LocalCredentials,
  identity: IdentityOperations = () => undefined,
  functions: FunctionCallers = () => undefined,
): Server {
  const jwksPath = `/${pool.userPoolId}/.well-known/jwks.json`;

  return createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-amzn-requestid', requestId);
    applyCors(req, res);

    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && path === jwksPath) {
      sendJson(res, 200, { keys: [pool.key.jwk] }, 'application/json');
      return;
    }
    if (req.method === 'POST' && path === '/') {
      readBody(req)
        .then(async (raw) => {
          const target = req.headers['x-amz-target'];
          if (typeof target === 'string' && target.startsWith(IDENTITY_TARGET_PREFIX)) {
            const identityOperations = identity();
            if (!identityOperations) throw new CognitoError('ResourceNotFoundException', 'This app declares no identity pool (defineAuth creates one).');
            return dispatch(identityOperations, target.slice(IDENTITY_TARGET_PREFIX.length), raw, 'Cognito Identity');
          }
          const name = operationName(target);
          if (requiresIam(name) && Object.hasOwn(operations, name)) {
            await checkIamCaller({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body: raw }, name, admin, functions());
          }
          return dispatch(operations, name, raw);
        })
        .then(
          (result) => sendJson(res, 200, result),
          (error: unknown) => sendError(res, error, pool.log),
        );
      return;
    }
    sendJson(res, 404, { message: `No route for ${req.method ?? ''} ${path ?? ''}` }, 'application/json');
  });
}

function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin || !isLocalOrigin(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method !== 'OPTIONS') return;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  const requested = req.headers['access-control-request-headers'];
  res.setHeader('Access-Control-Allow-Headers', typeof requested === 'string' && requested ? requested : DEFAULT_ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '86400');
  // Chrome's Private Network Access preflight, sent when a page on one origin calls a loopback address.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
}

/**
 * An IAM-only call must be signed by the admin credentials, or by a function's role whose policies
 * allow `cognito-idp:<Operation>` on the pool (what `allow.resource(fn).to([...])` grants).
 */
async function checkIamCaller(request: SignedRequest, operation: string, admin: LocalCredentials, functions: ReturnType<FunctionCallers>): Promise<void> {
  let caller;
  try {
    caller = await signedCaller(request, 'cognito-idp', admin, functions?.callers);
  } catch (error) {
    if (error instanceof SignatureError) throw new CognitoError(error.type, error.message, error.type === 'MissingAuthenticationTokenException' ? 403 : 400);
    throw error;
  }
  if (caller === 'admin') return;
  if (!caller || !functions) throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const decision = await authorize(caller, { action: `cognito-idp:${operation}`, resource: functions.poolArn });
  if (!decision.allowed) throw new CognitoError('AccessDeniedException', decision.message);
}

/** The body as text, or the 413 Cognito gives past its limit. */
async function readBody(req: IncomingMessage): Promise<string> {
  const body = await readRequestBody(req, MAX_BODY_BYTES);
  if (body.tooLarge) throw new CognitoError('SerializationException', tooLargeMessage(body.size, MAX_BODY_BYTES), 413);
  return body.bytes.toString('utf8');
}

function operationName(target: string | string[] | undefined): string {
  return typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
}

function dispatch(
  operations: Record<string, (input: RequestInput) => object | Promise<object>>,
  name: string,
  raw: string,
  service = 'Cognito',
): object | Promise<object> {
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) {
    throw new CognitoError('UnknownOperationException', `Operation ${name || '(no X-Amz-Target)'} is not supported by the local ${service} emulator.`);
  }
  let body: unknown;
  try {
    body = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new CognitoError('SerializationException', 'Request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new CognitoError('SerializationException', 'Request body must be a JSON object.');
  }
  return operation(new RequestInput(body as Record<string, unknown>));
}

function sendJson(res: ServerResponse, status: number, body: object, contentType = JSON_CONTENT_TYPE): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

function sendError(res: ServerResponse, error: unknown, log: (line: string) => void): void {
  if (error instanceof CognitoError) {
    // Both the type header and __type: the SDK prefers the header, older amplify code paths read the body.
    res.setHeader('x-amzn-errortype', error.type);
    sendJson(res, error.statusCode, { __type: error.type, message: error.message });
    return;
  }
  log(`[cognito] internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  res.setHeader('x-amzn-errortype', 'InternalErrorException');
  sendJson(res, 500, { __type: 'InternalErrorException', message: 'Internal error in the local Cognito emulator.' });
}
