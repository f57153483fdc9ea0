import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** Runs a DynamoDB query to its last page: every item, and the count (what `Select: 'COUNT'` asks for). */
export async function queryAll(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<{ items: Item[]; count: number }> {
  const items: Item[] = [];
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, count };
}

/** The query for the items whose `key` (of a table or one of its indexes) is `value`. */
export function keyEquals(table: string, index: string, key: string, value: string): Omit<QueryCommandInput, 'ExclusiveStartKey'> {
  return {
    TableName: table,
    IndexName: index,
    KeyConditionExpression: '#key = :value',
    ExpressionAttributeNames: { '#key': key },
    ExpressionAttributeValues: { ':value': value },
  };
}
