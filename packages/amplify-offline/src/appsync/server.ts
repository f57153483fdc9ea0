import { AmplifyAppSyncSimulator } from '@aws-amplify/amplify-appsync-simulator';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';
import { readRequestBody, tooLargeMessage, type RequestBody } from '../request-body';
import { keepEmptyStrings } from './empty-strings';
import { enforceExecutionLimits, introspectionErrors } from './limits';
import type { ApiLimits } from './simulator-config';

// The operation server is not exported from the package index; using it directly lets the API
// listen on 127.0.0.1 only (the simulator's own start() binds every interface).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the package, typed by the cast below to the one member used
const { OperationServer } = require('@aws-amplify/amplify-appsync-simulator/lib/server/operations') as {
  OperationServer: new (config: object, simulator: AmplifyAppSyncSimulator) => { app: RequestListener };
};

export interface UserPoolTrust {
  userPoolId: string;
  userPoolClientId: string;
  /** The pool's public keys, as served at its jwks.json. */
  jwks: Parameters<JwksCache['addJwks']>[1];
}

export interface LocalAppSync {
  url: string;
  close(): Promise<void>;
}

function answer(response: ServerResponse, status: number, errorType: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  response.end(JSON.stringify({ errors: [{ errorType, message }] }));
}

const deny = (response: ServerResponse, message: string): void => answer(response, 401, 'UnauthorizedException', message);

/** The largest request body taken, as Next.js takes for a server action. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and parses the request body here rather than in the simulator's Express app, whose
 * error page for malformed JSON carries a stack trace with absolute paths. Answers the request
 * itself (413, 400) and resolves undefined when the body is unusable.
 */
async function readJsonBody(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  let body: RequestBody;
  try {
    body = await readRequestBody(request, MAX_BODY_BYTES);
  } catch {
    // The client went away mid-request; answer if the socket can still take it.
    if (!response.headersSent) answer(response, 400, 'MalformedHttpRequestException', 'The request body could not be read.');
    return undefined;
  }
  if (body.tooLarge) {
    answer(response, 413, 'PayloadTooLargeException', tooLargeMessage(body.size, MAX_BODY_BYTES));
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(body.bytes.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
    answer(response, 400, 'MalformedHttpRequestException', 'The request body must be a JSON object with a query.');
  } catch {
    answer(response, 400, 'MalformedHttpRequestException', 'The request body is not valid JSON.');
  }
  return undefined;
}

/** Hands a request whose body is already parsed to the simulator's Express app (body-parser skips a parsed body). */
function withParsedBody(request: IncomingMessage, body: unknown): IncomingMessage {
  return Object.assign(request, { body, _body: true });
}

/**
 * The API's port, opened before the API exists: the data API's configuration (and the outputs)
 * carry the GraphQL URL, so with port 0 (any free port) the URL must be known first. Until
 * `serve` is called every request is answered 503.
 */
export async function openAppSyncPort(
  port = 0,
): Promise<LocalAppSync & { serve(config: AmplifyAppSyncSimulatorConfig, trust: UserPoolTrust, limits: ApiLimits): void }> {
  let handler: RequestListener = (_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ errors: [{ message: 'The local data API is still starting.' }] }));
  };
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const boundPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${boundPort}/graphql`,
    serve(config, trust, limits) {
      handler = appSyncHandler(config, trust, limits, boundPort);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Serves the generated resolvers with the AppSync simulator. The simulator only decodes
 * user-pool JWTs, so every bearer token is first verified here like AppSync does (signature
 * against the pool's keys, issuer, client, expiry); a forged token never reaches a resolver.
 * The API's introspection setting and query depth and resolver count limits apply as declared.
 */
function appSyncHandler(config: AmplifyAppSyncSimulatorConfig, trust: UserPoolTrust, limits: ApiLimits, port: number): RequestListener {
  keepEmptyStrings();
  const simulator = new AmplifyAppSyncSimulator({ port });
  simulator.init(config);
  enforceExecutionLimits(simulator.schema, limits, new Set((config.resolvers ?? []).map((resolver) => `${resolver.typeName}.${resolver.fieldName}`)));
  const operations = new OperationServer({ port }, simulator);
  const verifier = CognitoJwtVerifier.create({
    userPoolId: trust.userPoolId,
    clientId: trust.userPoolClientId,
    tokenUse: null,
  });
  verifier.cacheJwks(trust.jwks);

  return (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'OPTIONS') return operations.app(request, response);
    // Only the GraphQL endpoint is exposed: the simulator's other routes (e.g. clearing all data) are not AppSync's.
    if (path !== '/graphql' || request.method !== 'POST') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: 'Not found' }] }));
      return;
    }
    void readJsonBody(request, response).then(async (body) => {
      if (body === undefined) return;
      const authorization = request.headers.authorization;
      // API-key calls carry no Authorization header. Anything else in that header must be a valid
      // user-pool JWT: SigV4 (IAM) is refused, because the simulator would treat any IAM caller as
      // a backend admin without checking the signature.
      if (authorization) {
        try {
          await verifier.verify(authorization.replace(/^Bearer\s+/i, ''));
        } catch (error) {
          return deny(response, `Valid authorization header not provided. (${error instanceof Error ? error.message : String(error)})`);
        }
      }
      // Introspection is refused only to a caller AppSync has let in; anyone else gets the simulator's 401.
      const admitted = Boolean(authorization) || request.headers['x-api-key'] === config.appSync.apiKey;
      const refused = admitted ? introspectionErrors((body as { query?: unknown }).query, limits) : [];
      if (refused.length > 0) {
        response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        response.end(JSON.stringify({ data: null, errors: refused.map((error) => ({ ...error.toJSON(), errorType: 'ValidationError' })) }));
        return;
      }
      operations.app(withParsedBody(request, body), response);
    });
  };
}
