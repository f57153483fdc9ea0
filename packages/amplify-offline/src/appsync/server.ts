import { AmplifyAppSyncSimulator, AmplifyAppSyncSimulatorAuthenticationType } from '@aws-amplify/amplify-appsync-simulator';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { finished } from 'node:stream';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';
import { readRequestBody, tooLargeMessage, type RequestBody } from '../request-body';
import type { CredentialSession } from '../identity/service';
import { authorize } from '../iam/evaluate';
import { SignatureError, verifySignature } from '../sigv4';
import { keepEmptyStrings } from './empty-strings';
import { admitIamCaller, identityOf, rootFields } from './iam-identity';
import { enforceExecutionLimits, introspectionErrors } from './limits';
import type { ApiLimits } from './simulator-config';
import { RealtimeEndpoint } from './realtime';
import type { KeyPair } from '../tls/certificates';

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

/** How IAM (SigV4) callers are recognised: the identity pool's credential sessions, and where the API lives. */
export interface IamTrust {
  sessions(accessKeyId: string): CredentialSession | undefined;
  region: string;
  accountId: string;
  apiId: string;
}

export interface LocalAppSync {
  url: string;
  /** The real-time (subscriptions) endpoint, as clients derive it from the GraphQL URL: always wss. */
  realtimeUrl: string;
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
async function readJsonBody(request: IncomingMessage, response: ServerResponse): Promise<{ parsed: object; raw: Buffer } | undefined> {
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
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { parsed, raw: body.bytes };
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
 * `serve` is called every HTTP request is answered 503, and a real-time handshake waits for it.
 *
 * Clients derive the real-time endpoint from the GraphQL URL by switching its scheme to wss, so
 * the one port speaks both: a connection that opens with a TLS handshake is served HTTPS (and WSS)
 * with the local CA's certificate, any other plain HTTP; the GraphQL URL stays http.
 */
export async function openAppSyncPort(
  port = 0,
  tls?: KeyPair,
): Promise<LocalAppSync & { serve(config: AmplifyAppSyncSimulatorConfig, trust: UserPoolTrust, limits: ApiLimits, iam?: IamTrust): void }> {
  let handler: RequestListener = (_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ errors: [{ message: 'The local data API is still starting.' }] }));
  };
  let realtime: RealtimeEndpoint | undefined;
  const listener: RequestListener = (request, response) => handler(request, response);
  // A real-time connection opened while the API is still starting (a client reconnecting to a
  // restarted backend) waits for it instead of being refused: AppSync's endpoint never answers the
  // handshake with an HTTP error, and Node 22's WebSocket reports a refused handshake with `error`
  // but no `close`, which aws-amplify waits for, so a 503 would leave its subscriptions stalled.
  const waiting = new Set<{ request: IncomingMessage; socket: Duplex; head: Buffer }>();
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (realtime) {
      realtime.handleUpgrade(request, socket, head);
      return;
    }
    const pending = { request, socket, head };
    waiting.add(pending);
    socket.once('close', () => waiting.delete(pending));
  };
  const plain = createServer(listener);
  const secure = tls ? createTlsServer({ cert: tls.cert, key: tls.key }, listener) : undefined;
  const sockets = new Set<Socket>();
  for (const server of [plain, secure]) {
    server?.on('upgrade', upgrade);
    // A client that goes away mid-handshake is no error of the server's.
    server?.on('clientError', (_error, socket) => socket.destroy());
  }
  secure?.on('tlsClientError', () => undefined);
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    // The first byte tells the protocols apart: 0x16 opens a TLS handshake record.
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 && secure ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, '127.0.0.1', () => resolve());
  });
  const boundPort = (front.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${boundPort}/graphql`,
    realtimeUrl: `wss://127.0.0.1:${boundPort}/graphql/realtime`,
    serve(config, trust, limits, iam) {
      const served = appSyncHandler(config, trust, limits, boundPort, iam);
      handler = served.listener;
      realtime = served.realtime;
      for (const pending of [...waiting]) {
        waiting.delete(pending);
        realtime.handleUpgrade(pending.request, pending.socket, pending.head);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        realtime?.close();
        front.close(() => resolve());
        // Clients keep connections alive (a busy Next.js server never lets them go idle); without this
        // close() would wait for them and a stop would take until the process is killed.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Calls `done` with the body a response sent, once it is sent (the simulator's Express app writes it). */
function whenSent(response: ServerResponse, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.write = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return write(...args);
  }) as typeof response.write;
  response.end = ((...args: unknown[]) => {
    keep(args[0], args[1]);
    return end(...args);
  }) as typeof response.end;
  response.once('finish', () => done(Buffer.concat(chunks)));
}

/**
 * Serves the generated resolvers with the AppSync simulator. The simulator only decodes
 * user-pool JWTs, so every bearer token is first verified here like AppSync does (signature
 * against the pool's keys, issuer, client, expiry); a forged token never reaches a resolver.
 * The API's introspection setting and query depth and resolver count limits apply as declared.
 */
function appSyncHandler(
  config: AmplifyAppSyncSimulatorConfig,
  trust: UserPoolTrust,
  limits: ApiLimits,
  port: number,
  iam: IamTrust | undefined,
): { listener: RequestListener; realtime: RealtimeEndpoint } {
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
  const iamAllowed = (config.appSync.additionalAuthenticationProviders ?? [])
    .concat(config.appSync.defaultAuthenticationType)
    .some((provider) => provider.authenticationType === AmplifyAppSyncSimulatorAuthenticationType.AWS_IAM);
  const realtime = new RealtimeEndpoint({
    simulator,
    apiKey: config.appSync.apiKey,
    modes: new Set(
      (config.appSync.additionalAuthenticationProviders ?? []).concat(config.appSync.defaultAuthenticationType).map((provider) => provider.authenticationType),
    ),
    verifier,
    ...(iam && iamAllowed
      ? {
          iam: {
            sessions: (accessKeyId: string) => iam.sessions(accessKeyId),
            fieldArn: (typeName: string, fieldName: string) =>
              `arn:aws:appsync:${iam.region}:${iam.accountId}:apis/${iam.apiId}/types/${typeName}/fields/${fieldName}`,
          },
        }
      : {}),
  });

  /**
   * Verifies an IAM caller: a signature by credentials the identity pool issued, then each top-level
   * field against the session's role policies (appsync:GraphQL on the field's ARN). Answers the
   * request itself when refused; otherwise the resolvers see the caller as AppSync describes it,
   * until the returned release is called.
   */
  const admitIam = async (authorization: string, body: object, raw: Buffer, request: IncomingMessage, response: ServerResponse) => {
    if (!iam || !iamAllowed) {
      deny(response, 'IAM authorization is not enabled for this API.');
      return undefined;
    }
    let session: CredentialSession | undefined;
    try {
      await verifySignature({ method: 'POST', url: request.url ?? '/graphql', headers: request.headers, body: raw }, 'appsync', (accessKeyId) => {
        session = iam.sessions(accessKeyId);
        return session && { ...session.credentials };
      });
    } catch (error) {
      if (error instanceof SignatureError) {
        answer(response, error.type === 'MissingAuthenticationTokenException' ? 403 : 401, error.type, error.message);
        return undefined;
      }
      throw error;
    }
    if (!session) {
      deny(response, 'The request signature was not verified.');
      return undefined;
    }
    const { query, operationName } = body as { query?: unknown; operationName?: unknown };
    const fields = rootFields(simulator.schema, query, operationName);
    // Nothing to authorize (unparsable, no such operation, only __schema/__typename): AppSync
    // checks IAM per field, so a request with no field a policy can allow is not let in.
    if (!fields || fields.length === 0) {
      answer(response, 400, 'BadRequestException', 'The request names no operation field that IAM authorization can allow.');
      return undefined;
    }
    const refused: { message: string; errorType: string; path: string[] }[] = [];
    for (const field of fields) {
      const decision = await authorize(session, {
        action: 'appsync:GraphQL',
        resource: `arn:aws:appsync:${iam.region}:${iam.accountId}:apis/${iam.apiId}/types/${field.typeName}/fields/${field.fieldName}`,
      });
      if (!decision.allowed) {
        refused.push({ errorType: 'Unauthorized', message: `Not Authorized to access ${field.fieldName} on type ${field.typeName}`, path: [field.fieldName] });
      }
    }
    if (refused.length > 0) {
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end(JSON.stringify({ data: null, errors: refused }));
      return undefined;
    }
    return admitIamCaller(authorization, identityOf(session));
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'OPTIONS') return operations.app(request, response);
    // Only the GraphQL endpoint is exposed: the simulator's other routes (e.g. clearing all data) are not AppSync's.
    if (path !== '/graphql' || request.method !== 'POST') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: 'Not found' }] }));
      return;
    }
    void readJsonBody(request, response)
      .then(async (read) => {
        if (read === undefined) return;
        const { parsed: body, raw } = read;
        const authorization = request.headers.authorization;
        // API-key calls carry no Authorization header. SigV4 (IAM) callers are checked like AppSync
        // checks them: signature, then the role's policies for each top-level field. Anything else in
        // that header must be a valid user-pool JWT.
        if (authorization?.startsWith('AWS4-HMAC-SHA256')) {
          const release = await admitIam(authorization, body, raw, request, response);
          if (!release) return;
          // Released when the response ends or the client goes away, even if that already happened.
          finished(response, release);
        } else if (authorization) {
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
        // A mutation some subscription listens to is published once its response is sent: what
        // AppSync delivers is the mutation's response, field by field.
        const { query, operationName } = body as { query?: unknown; operationName?: unknown };
        const published = realtime.publishedFields(query, operationName);
        if (published.length > 0) {
          whenSent(response, (sent) => {
            if (response.statusCode !== 200) return;
            try {
              const data = (JSON.parse(sent.toString('utf8')) as { data?: Record<string, unknown> | null }).data;
              for (const { responseKey, fieldName } of published) realtime.publish(fieldName, data?.[responseKey]);
            } catch (error) {
              console.error('[appsync] could not publish a mutation to its subscriptions:', error);
            }
          });
        }
        operations.app(withParsedBody(request, body), response);
      })
      .catch((error: unknown) => {
        // An internal failure (e.g. a policy the evaluator cannot read) answers 500; it never admits the caller.
        console.error('[appsync] internal error:', error);
        if (!response.headersSent) answer(response, 500, 'InternalFailureException', 'Internal error in the local data API.');
      });
  };
  return { listener, realtime };
}
