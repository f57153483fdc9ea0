import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { pipeline } from 'node:stream';
import { join } from 'node:path';
import type { TableDefinition } from './appsync/simulator-config';
import { readRequestBody, tooLargeMessage } from './request-body';
import { SignatureError, type LocalCredentials } from './sigv4';
import { Gate, TransactionEngine, type DynamoAnswer } from './dynamodb-transactions';
import { dynamoPermissions } from './dynamodb-iam';
import { authorize, type RoleSession } from './iam/evaluate';
import { signedCaller, type RoleCallers } from './iam/callers';
import { getParameters, type TemplateParameters } from './secrets';
import { FunctionError, type FunctionRuntime } from './functions/runtime';
import { controlPlaneError, isControlPlaneRequest, serveControlPlane, type AppSyncControlPlane, type ControlPlaneAnswer } from './appsync/control-plane';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- dynalite ships no types; its factory returns a plain http.Server
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface LocalDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** DynamoDB's own request limit (a BatchWriteItem of 25 items of 400 KB fits well below it). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function listenOnSocket(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
}

/** One call to dynalite on its socket (it checks only that a signature header is present). */
function callInner(socketPath: string, operation: string, body: Record<string, unknown>): Promise<DynamoAnswer> {
  const payload = JSON.stringify(body);
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      {
        socketPath,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': Buffer.byteLength(payload),
          'x-amz-target': `DynamoDB_20120810.${operation}`,
          'x-amz-date': date,
          authorization: `AWS4-HMAC-SHA256 Credential=amplify-offline/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
        },
      },
      (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: reply.statusCode ?? 500, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
        reply.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

/**
 * Lambda's Invoke for the app's functions (the API the AWS SDK's LambdaClient calls): as the admin,
 * or as a function whose role allows lambda:InvokeFunction on the target. RequestResponse answers
 * with the function's result, or its error with `X-Amz-Function-Error: Unhandled`; Event answers
 * 202 at once.
 */
async function serveInvoke(
  res: ServerResponse,
  name: string,
  invocationType: string,
  body: Buffer,
  known: DynamoCallers | undefined,
  session: RoleSession | 'admin' | undefined,
): Promise<void> {
  const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    const text = payload === undefined ? '' : JSON.stringify(payload);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const failure = (status: number, type: string, message: string) => reply(status, { Type: 'User', message }, { 'x-amzn-errortype': type });
  if (!known || !session) return failure(403, 'AccessDeniedException', 'The security token included in the request is invalid.');
  const arn = known.functions.arnOf(name);
  if (!arn) return failure(404, 'ResourceNotFoundException', `Function not found: ${name}`);
  if (session !== 'admin') {
    const decision = await authorize(session, { action: 'lambda:InvokeFunction', resource: arn });
    if (!decision.allowed) return failure(403, 'AccessDeniedException', decision.message);
  }
  if (invocationType !== 'RequestResponse' && invocationType !== 'Event') {
    return failure(400, 'InvalidParameterValueException', `Invocation type ${invocationType} is not served offline (RequestResponse or Event).`);
  }
  let event: unknown;
  try {
    event = body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
  } catch {
    return failure(400, 'InvalidRequestContentException', 'Could not parse request body into json.');
  }
  try {
    known.functions.prepare(arn, `Invoke of ${name}`);
  } catch (error) {
    return failure(400, 'InvalidRuntimeException', error instanceof Error ? error.message : String(error));
  }
  if (invocationType === 'Event') {
    known.functions.invoke(arn, event).catch(() => undefined);
    return reply(202, undefined);
  }
  try {
    return reply(200, await known.functions.invoke(arn, event), { 'x-amz-executed-version': '$LATEST' });
  } catch (error) {
    if (!(error instanceof FunctionError)) throw error;
    return reply(
      200,
      { errorType: error.errorType, errorMessage: error.errorMessage, trace: [] },
      { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' },
    );
  }
}

/**
 * The one SSM call Gen 2 functions make: GetParameters for their secrets (`secret('NAME')`), read at
 * cold start by the code Gen 2 puts in front of every function. The function's role is checked
 * against its policies (Gen 2 grants ssm:GetParameters on the secrets' paths); nothing else of SSM
 * is served.
 */
async function serveSecrets(
  operation: string,
  body: Record<string, unknown>,
  known: DynamoCallers | undefined,
  session: RoleSession | undefined,
): Promise<DynamoAnswer> {
  const ssmFailure = (type: string, message: string): DynamoAnswer => ({ status: 400, body: { __type: type, message } });
  if (operation !== 'GetParameters')
    return ssmFailure('UnsupportedOperation', `SSM ${operation} is not served offline: only GetParameters, for the backend's secrets.`);
  if (!known || !session) return ssmFailure('AccessDeniedException', "Only the backend's functions read secrets here.");
  const names = Array.isArray(body.Names) ? body.Names.map(String) : [];
  if (names.length === 0 || names.length > 10) return ssmFailure('ValidationException', 'GetParameters takes 1 to 10 names.');
  for (const name of names) {
    const resource = `arn:aws:ssm:${known.region}:${known.accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
    const decision = await authorize(session, { action: 'ssm:GetParameters', resource });
    if (!decision.allowed) return ssmFailure('AccessDeniedException', decision.message);
  }
  return { status: 200, body: getParameters(known.dataDir, body, known.region, known.accountId, known.parameters) };
}

/**
 * AppSync's control plane (`/v1/…`, `/v2/…`, signed for `appsync`), of which ListApiKeys is served
 * for the app's API: a function reads its keys' expiry with its role's credentials. Refusals are
 * in AppSync's REST shape, so the SDK raises them under AppSync's error names.
 */
async function serveAppSyncControlPlane(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  admin: LocalCredentials,
  known: DynamoCallers | undefined,
): Promise<void> {
  let answer: ControlPlaneAnswer;
  try {
    const caller = await signedCaller({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, 'appsync', admin, known);
    answer = known
      ? await serveControlPlane(req.method ?? 'GET', req.url ?? '/', caller, known.appSync)
      : controlPlaneError(503, 'InternalFailureException', 'The local backend is still starting.');
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    answer = controlPlaneError(403, error.type, error.message);
  }
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function refuse(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Who besides the admin may call DynamoDB: the app's functions, each as its execution role. */
export interface DynamoCallers extends RoleCallers {
  region: string;
  accountId: string;
  /** Where the backend's secrets are kept: SSM GetParameters answers from them (see serveSecrets). */
  dataDir: string;
  /** The SSM parameters the app's templates create (Gen 2's resource references), answered beside the secrets. */
  parameters: TemplateParameters;
  /** The app's functions, for Lambda's Invoke (see serveInvoke). */
  functions: FunctionRuntime;
  /** The app's GraphQL API and its keys, for AppSync's ListApiKeys (see serveAppSyncControlPlane). */
  appSync: AppSyncControlPlane;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?.*)?$/;

const SSM_TARGET_PREFIX = 'AmazonSSM.';

/**
 * The DynamoDB endpoint: dynalite (persisted to `path`, LevelDB files) behind a front door that
 * checks each request's SigV4 signature, as DynamoDB checks IAM credentials: the backend's admin
 * credentials may do anything; a function's role credentials only what the role's synthesized
 * policies allow. dynalite itself accepts any signature, so it listens on no port at all: only on
 * a Unix socket in a folder of its own that only this user may enter (mkdtemp's 0700). The front
 * door listens on 127.0.0.1 only, and serves transactions (which dynalite lacks) itself.
 */
export async function startDynamoDb(path: string, port: number, admin: LocalCredentials, callers?: () => DynamoCallers | undefined): Promise<LocalDynamoDb> {
  const inner = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const socketDir = mkdtempSync(join(tmpdir(), 'amplify-offline-dynamodb-'));
  const socketPath = join(socketDir, 'dynalite.sock');
  await listenOnSocket(inner, socketPath);
  const gate = new Gate();
  const transactions = new TransactionEngine((operation, body) => callInner(socketPath, operation, body));
  const answer = (res: ServerResponse, result: DynamoAnswer) => {
    const body = JSON.stringify(result.body);
    res.writeHead(result.status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const serve = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (isControlPlaneRequest(req.url ?? '/')) return serveAppSyncControlPlane(req, res, body, admin, callers?.());
    const target = String(req.headers['x-amz-target'] ?? '');
    const ssm = target.startsWith(SSM_TARGET_PREFIX);
    const invoke = INVOKE_PATH.exec(req.url ?? '');
    const service = invoke ? 'lambda' : ssm ? 'ssm' : 'dynamodb';
    const known = callers?.();
    const caller = await signedCaller({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body }, service, admin, known);
    if (invoke) {
      return serveInvoke(res, decodeURIComponent(invoke[1] ?? ''), String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse'), body, known, caller);
    }
    const operation = target.split('.').pop() ?? '';
    let parsed: Record<string, unknown> | undefined;
    const json = () => (parsed ??= JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>);
    if (ssm) return answer(res, await serveSecrets(operation, json(), known, caller === 'admin' ? undefined : caller));
    if (caller !== 'admin') {
      if (!known || !caller) return refuse(res, 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      for (const permission of dynamoPermissions(operation, json(), known.region, known.accountId)) {
        const decision = await authorize(caller, permission);
        if (!decision.allowed) return refuse(res, 400, 'AccessDeniedException', decision.message);
      }
    }
    if (operation === 'TransactWriteItems') return answer(res, await gate.alone(() => transactions.write(json())));
    if (operation === 'TransactGetItems') return answer(res, await gate.alone(() => transactions.get(json())));
    await gate.shared(
      () =>
        new Promise<void>((done) => {
          // The gate is held until the answer is through or the client has gone, whichever is first.
          res.once('close', () => done());
          const forward = httpRequest({ socketPath, method: req.method, path: req.url, headers: req.headers }, (reply) => {
            res.writeHead(reply.statusCode ?? 500, reply.headers);
            pipeline(reply, res, () => done());
          });
          forward.on('error', () => {
            if (res.headersSent) res.destroy();
            else refuse(res, 500, 'InternalFailure', 'The local DynamoDB did not answer.');
            done();
          });
          forward.end(body);
        }),
    );
  };
  const front = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A request that fails mid-body (the client went away) is dropped.
    readRequestBody(req, MAX_BODY_BYTES).then(
      (read) => {
        if (read.tooLarge) return refuse(res, 413, 'RequestEntityTooLarge', tooLargeMessage(read.size, MAX_BODY_BYTES));
        serve(req, res, read.bytes).catch((error: unknown) => {
          if (res.headersSent) return res.destroy();
          if (error instanceof SignatureError) refuse(res, 400, error.type, error.message);
          else if (error instanceof SyntaxError) refuse(res, 400, 'SerializationException', 'The request body is not JSON.');
          else refuse(res, 500, 'InternalFailure', error instanceof Error ? error.message : 'The request could not be served.');
        });
      },
      () => res.destroy(),
    );
  });
  let frontPort: number;
  try {
    frontPort = await listen(front, port);
  } catch (error) {
    // The port was taken: leave nothing behind.
    inner.close();
    rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${frontPort}`;
  // A copy: the SDK annotates the credentials object it is given.
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { ...admin } });
  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    endpoint,
    client,
    close: async () => {
      client.destroy();
      await closeServer(front);
      await closeServer(inner);
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates the tables the Amplify table manager would create, and adds indexes that a schema
 * change introduced. Existing items are never touched; a changed primary key is refused with
 * a message instead of silently dropping data.
 */
export async function ensureTables(client: DynamoDBClient, tables: TableDefinition[], log = console.log): Promise<void> {
  for (const table of tables) {
    let existing;
    try {
      existing = (await client.send(new DescribeTableCommand({ TableName: table.tableName }))).Table;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (!existing) {
      await client.send(
        new CreateTableCommand({
          TableName: table.tableName,
          KeySchema: table.keySchema.map((key) => ({ AttributeName: key.attributeName, KeyType: key.keyType })),
          AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({
            AttributeName: attribute.attributeName,
            AttributeType: attribute.attributeType,
          })),
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.length
            ? table.globalSecondaryIndexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: index.keySchema.map((key) => ({ AttributeName: key.attributeName, KeyType: key.keyType })),
                Projection: { ProjectionType: index.projection.projectionType as 'ALL', NonKeyAttributes: index.projection.nonKeyAttributes },
              }))
            : undefined,
        }),
      );
      log(`[dynamodb] created table ${table.tableName}`);
      continue;
    }
    const existingKey = JSON.stringify(existing.KeySchema?.map((key) => [key.AttributeName, key.KeyType]));
    const wantedKey = JSON.stringify(table.keySchema.map((key) => [key.attributeName, key.keyType]));
    if (existingKey !== wantedKey) {
      throw new Error(
        `Table ${table.tableName} has key ${existingKey} but the schema now wants ${wantedKey}. ` +
          'DynamoDB cannot change a primary key in place: move the local data folder aside to start over.',
      );
    }
    const present = new Set(existing.GlobalSecondaryIndexes?.map((index) => index.IndexName));
    for (const index of table.globalSecondaryIndexes.filter((candidate) => !present.has(candidate.indexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: table.tableName,
          AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({
            AttributeName: attribute.attributeName,
            AttributeType: attribute.attributeType,
          })),
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: index.indexName,
                KeySchema: index.keySchema.map((key) => ({ AttributeName: key.attributeName, KeyType: key.keyType })),
                Projection: { ProjectionType: index.projection.projectionType as 'ALL' },
              },
            },
          ],
        }),
      );
      log(`[dynamodb] added index ${index.indexName} to ${table.tableName}`);
    }
  }
}
