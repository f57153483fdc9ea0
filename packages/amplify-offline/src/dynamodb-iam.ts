/**
 * What a DynamoDB request asks IAM for: each (action, resource) pair AWS authorizes, e.g. a
 * TransactWriteItems is dynamodb:PutItem / UpdateItem / DeleteItem / ConditionCheckItem on each
 * table it names, and a Query on an index is dynamodb:Query on `<table ARN>/index/<name>`.
 */
export interface DynamoPermission {
  action: string;
  resource: string;
}

export function dynamoPermissions(operation: string, body: Record<string, unknown>, region: string, accountId: string): DynamoPermission[] {
  const tableArn = (name: unknown) => `arn:aws:dynamodb:${region}:${accountId}:table/${String(name)}`;
  const on = (action: string, table: unknown, index?: unknown) => ({
    action: `dynamodb:${action}`,
    resource: index === undefined ? tableArn(table) : `${tableArn(table)}/index/${String(index)}`,
  });
  switch (operation) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(body.RequestItems ?? {}).map((table) => on(operation, table));
    case 'TransactGetItems':
      return ((body.TransactItems ?? []) as { Get?: { TableName?: unknown } }[]).map((item) => on('GetItem', item.Get?.TableName));
    case 'TransactWriteItems': {
      const actions = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' } as const;
      return ((body.TransactItems ?? []) as Record<string, { TableName?: unknown } | undefined>[]).flatMap((item) =>
        (Object.keys(actions) as (keyof typeof actions)[]).filter((kind) => item[kind]).map((kind) => on(actions[kind], item[kind]?.TableName)),
      );
    }
    case 'Query':
    case 'Scan':
      return [on(operation, body.TableName, body.IndexName ?? undefined)];
    case 'ListTables':
      return [{ action: 'dynamodb:ListTables', resource: '*' }];
    default:
      return [on(operation, body.TableName)];
  }
}
