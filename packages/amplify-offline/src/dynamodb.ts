import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TableDefinition } from './appsync/simulator-config';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- dynalite ships no types; its factory returns a plain http.Server
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export interface LocalDynamoDb {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** Starts dynalite persisted to `path` (LevelDB files), on 127.0.0.1 only. */
export async function startDynamoDb(path: string, port = 0): Promise<LocalDynamoDb> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint,
    client,
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.close(() => resolve());
      }),
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
