import { AmplifyAppSyncSimulator, AmplifyAppSyncSimulatorAuthenticationType } from '@aws-amplify/amplify-appsync-simulator';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { finished } from 'node:stream';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';
import { readRequestBody, tooLargeMessage, type RequestBody } from '../request-body';
import type { CredentialSession } from '../identity/service';
import { authorize } from '../iam/evaluate';
import { SignatureError, verifySignature } from '../sigv4';
import { keepEmptyStrings } from './empty-strings';
import { admitIamCaller, identityOf, rootFields } from './iam-identity';
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

/** How IAM (SigV4) callers are recognised: the identity pool's credential sessions, and where the API lives. */
export interface IamTrust {
  sessions(accessKeyId: string): CredentialSession | undefined;
  region: string;
  accountId: string;
  apiId: string;
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
 * `serve` is called every request is answered 503.
 */
export async function openAppSyncPort(
  port = 0,
): Promise<LocalAppSync & { serve(config: AmplifyAppSyncSimulatorConfig, trust: UserPoolTrust, limits: ApiLimits, iam?: IamTrust): void }> {
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
    serve(config, trust, limits, iam) {
      handler = appSyncHandler(config, trust, limits, boundPort, iam);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients keep connections alive (a busy Next.js server never lets them go idle); without this
        // close() would wait for them and a stop would take until the process is killed.
        server.closeAllConnections();
      }),
  };
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
): RequestListener {
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

  return (request: IncomingMessage, response: ServerResponse) => {
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
        operations.app(withParsedBody(request, body), response);
      })
      .catch((error: unknown) => {
        // An internal failure (e.g. a policy the evaluator cannot read) answers 500; it never admits the caller.
        console.error('[appsync] internal error:', error);
        if (!response.headersSent) answer(response, 500, 'InternalFailureException', 'Internal error in the local data API.');
      });
  };
}
