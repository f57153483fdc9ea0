import { AmplifyAppSyncSimulator } from '@aws-amplify/amplify-appsync-simulator';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';

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

function deny(response: ServerResponse, message: string): void {
  response.writeHead(401, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
  response.end(JSON.stringify({ errors: [{ errorType: 'UnauthorizedException', message }] }));
}

/**
 * The API's port, opened before the API exists: the data API's configuration (and the outputs)
 * carry the GraphQL URL, so with port 0 (any free port) the URL must be known first. Until
 * `serve` is called every request is answered 503.
 */
export async function openAppSyncPort(port = 0): Promise<LocalAppSync & { serve(config: AmplifyAppSyncSimulatorConfig, trust: UserPoolTrust): void }> {
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
    serve(config, trust) {
      handler = appSyncHandler(config, trust, boundPort);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Serves the generated resolvers with the AppSync simulator. The simulator only decodes
 * user-pool JWTs, so every bearer token is first verified here like AppSync does (signature
 * against the pool's keys, issuer, client, expiry); a forged token never reaches a resolver.
 */
function appSyncHandler(config: AmplifyAppSyncSimulatorConfig, trust: UserPoolTrust, port: number): RequestListener {
  const simulator = new AmplifyAppSyncSimulator({ port });
  simulator.init(config);
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
    const authorization = request.headers.authorization;
    // API-key calls carry no Authorization header. Anything else in that header must be a valid
    // user-pool JWT: SigV4 (IAM) is refused, because the simulator would treat any IAM caller as
    // a backend admin without checking the signature.
    if (!authorization) return operations.app(request, response);
    const token = authorization.replace(/^Bearer\s+/i, '');
    verifier.verify(token).then(
      () => operations.app(request, response),
      (error: Error) => deny(response, `Valid authorization header not provided. (${error.message})`),
    );
  };
}
