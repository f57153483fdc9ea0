import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableDefinition } from './appsync/simulator-config';
import { readRequestBody, tooLargeMessage } from './request-body';
import { SignatureError, verifySignature, type LocalCredentials } from './sigv4';

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

function refuse(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The DynamoDB endpoint: dynalite (persisted to `path`, LevelDB files) behind a front door that
 * checks each request's SigV4 signature against the backend's admin credentials, as DynamoDB
 * checks IAM credentials. dynalite itself accepts any signature, so it listens on no port at all:
 * only on a Unix socket in a folder of its own that only this user may enter (mkdtemp's 0700).
 * The front door listens on 127.0.0.1 only.
 */
export async function startDynamoDb(path: string, port: number, admin: LocalCredentials): Promise<LocalDynamoDb> {
  const inner = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const socketDir = mkdtempSync(join(tmpdir(), 'amplify-offline-dynamodb-'));
  const socketPath = join(socketDir, 'dynalite.sock');
  await listenOnSocket(inner, socketPath);
  const front = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A request that fails mid-body (the client went away) is dropped.
    readRequestBody(req, MAX_BODY_BYTES).then(
      (read) => {
        if (read.tooLarge) return refuse(res, 413, 'RequestEntityTooLarge', tooLargeMessage(read.size, MAX_BODY_BYTES));
        const body = read.bytes;
        verifySignature({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body }, 'dynamodb', admin).then(
          () => {
            const forward = httpRequest({ socketPath, method: req.method, path: req.url, headers: req.headers }, (answer) => {
              res.writeHead(answer.statusCode ?? 500, answer.headers);
              answer.pipe(res);
            });
            forward.on('error', () => {
              if (res.headersSent) res.destroy();
              else refuse(res, 500, 'InternalFailure', 'The local DynamoDB did not answer.');
            });
            forward.end(body);
          },
          (error: unknown) => {
            if (error instanceof SignatureError) refuse(res, 400, error.type, error.message);
            else refuse(res, 500, 'InternalFailure', 'The signature could not be checked.');
          },
        );
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
