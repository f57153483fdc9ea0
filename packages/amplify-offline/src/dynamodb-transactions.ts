/**
 * DynamoDB transactions (TransactWriteItems, TransactGetItems) over dynalite, which has none.
 *
 * Run under the front door's exclusive gate (no other request is served meanwhile), a transaction
 * applies each action with its own condition through dynalite, collecting a cancellation reason per
 * action as DynamoDB reports them; if any is refused, every applied action is undone from the item
 * images read before, so the transaction takes effect entirely or not at all, and no reader ever
 * sees part of it. Actions in one transaction name distinct items (DynamoDB's rule, checked), so
 * each condition sees the state from before the transaction, as on AWS.
 */

export interface DynamoAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One DynamoDB API call (operation name, JSON body) made on the engine behind the front door. */
export type DynamoCall = (operation: string, body: Record<string, unknown>) => Promise<DynamoAnswer>;

type AttributeMap = Record<string, unknown>;

interface WriteAction {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  table: string;
  key: AttributeMap;
  input: Record<string, unknown>;
}

const MAX_ACTIONS = 100;
/** How long DynamoDB remembers a ClientRequestToken. */
const IDEMPOTENCY_MS = 10 * 60 * 1000;

export const failure = (type: string, message: string, status = 400, extra: Record<string, unknown> = {}): DynamoAnswer => ({
  status,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...extra },
});

const errorType = (answer: DynamoAnswer) =>
  String(answer.body.__type ?? '')
    .split('#')
    .pop() ?? '';

export class TransactionEngine {
  private readonly keyNames = new Map<string, string[]>();
  private readonly tokens = new Map<string, { at: number; fingerprint: string; answer: DynamoAnswer }>();

  constructor(private readonly call: DynamoCall) {}

  /** The key attributes of an item to put, or the failure to answer with. */
  private async keyOf(table: string, item: AttributeMap): Promise<{ key: AttributeMap } | { failure: DynamoAnswer }> {
    let names = this.keyNames.get(table);
    if (!names) {
      const described = await this.call('DescribeTable', { TableName: table });
      if (described.status !== 200) return { failure: described };
      const schema = (described.body.Table as { KeySchema: { AttributeName: string }[] }).KeySchema;
      names = schema.map((key) => key.AttributeName);
      this.keyNames.set(table, names);
    }
    const key: AttributeMap = {};
    for (const name of names) {
      if (item[name] === undefined)
        return { failure: failure('ValidationException', `One or more parameter values were invalid: Missing the key ${name} in the item`) };
      key[name] = item[name];
    }
    return { key };
  }

  private async actions(body: Record<string, unknown>): Promise<WriteAction[] | DynamoAnswer> {
    const items = body.TransactItems;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ACTIONS) {
      return failure(
        'ValidationException',
        `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and ${MAX_ACTIONS}`,
      );
    }
    const actions: WriteAction[] = [];
    const seen = new Set<string>();
    for (const entry of items as Record<string, Record<string, unknown>>[]) {
      const kinds = (['Put', 'Update', 'Delete', 'ConditionCheck'] as const).filter((kind) => entry[kind] !== undefined);
      if (kinds.length !== 1) return failure('ValidationException', 'TransactItems can only contain one of Check, Put, Update or Delete');
      const kind = kinds[0] as WriteAction['kind'];
      const input = entry[kind] as Record<string, unknown>;
      const table = String(input.TableName ?? '');
      const found = kind === 'Put' ? await this.keyOf(table, (input.Item ?? {}) as AttributeMap) : { key: (input.Key ?? {}) as AttributeMap };
      if ('failure' in found) return found.failure;
      const { key } = found;
      const id = `${table}\u0000${JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)))}`;
      if (seen.has(id)) return failure('ValidationException', 'Transaction request cannot include multiple operations on one item');
      seen.add(id);
      actions.push({ kind, table, key: key, input });
    }
    return actions;
  }

  async write(body: Record<string, unknown>): Promise<DynamoAnswer> {
    const token = typeof body.ClientRequestToken === 'string' ? body.ClientRequestToken : undefined;
    const fingerprint = JSON.stringify(body.TransactItems);
    const now = Date.now();
    for (const [key, entry] of this.tokens) if (now - entry.at > IDEMPOTENCY_MS) this.tokens.delete(key);
    if (token) {
      const earlier = this.tokens.get(token);
      if (earlier && earlier.fingerprint !== fingerprint) {
        return failure('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');
      }
      if (earlier) return earlier.answer;
    }
    const answer = await this.apply(body);
    if (token && answer.status === 200) this.tokens.set(token, { at: now, fingerprint, answer });
    return answer;
  }

  private async apply(body: Record<string, unknown>): Promise<DynamoAnswer> {
    const actions = await this.actions(body);
    if (!Array.isArray(actions)) return actions;
    const before: (AttributeMap | undefined)[] = [];
    for (const action of actions) {
      const read = await this.call('GetItem', { TableName: action.table, Key: action.key, ConsistentRead: true });
      if (read.status !== 200) return read;
      before.push(read.body.Item as AttributeMap | undefined);
    }
    const applied: number[] = [];
    const reasons: Record<string, unknown>[] = [];
    let invalid: DynamoAnswer | undefined;
    for (const [index, action] of actions.entries()) {
      const answer = await this.perform(action, before[index]);
      if (answer.status === 200) {
        applied.push(index);
        reasons.push({ Code: 'None' });
      } else if (errorType(answer) === 'ConditionalCheckFailedException') {
        const old = action.input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && before[index] ? { Item: before[index] } : {};
        reasons.push({ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...old });
      } else {
        invalid = answer;
        break;
      }
    }
    const failed = invalid !== undefined || reasons.some((reason) => reason.Code !== 'None');
    // Undo: everything when the transaction fails; only the condition checks' probes when it succeeds.
    for (const index of applied.reverse()) {
      const action = actions[index] as WriteAction;
      if (failed || action.kind === 'ConditionCheck') await this.restore(action, before[index]);
    }
    if (invalid) return invalid;
    if (failed) {
      const codes = reasons.map((reason) => String(reason.Code));
      while (codes.length < actions.length) codes.push('None');
      return failure(
        'TransactionCanceledException',
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
        400,
        {
          CancellationReasons: codes.map((code, index) => reasons[index] ?? { Code: code }),
        },
      );
    }
    return { status: 200, body: {} };
  }

  private perform(action: WriteAction, before: AttributeMap | undefined): Promise<DynamoAnswer> {
    const { TableName, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = action.input;
    const condition = {
      ...(ConditionExpression !== undefined ? { ConditionExpression } : {}),
      ...(ExpressionAttributeNames !== undefined ? { ExpressionAttributeNames } : {}),
      ...(ExpressionAttributeValues !== undefined ? { ExpressionAttributeValues } : {}),
    };
    switch (action.kind) {
      case 'Put':
        return this.call('PutItem', { TableName, Item: action.input.Item, ...condition });
      case 'Update':
        return this.call('UpdateItem', { TableName, Key: action.key, UpdateExpression: action.input.UpdateExpression, ...condition });
      case 'Delete':
        return this.call('DeleteItem', { TableName, Key: action.key, ...condition });
      case 'ConditionCheck':
        // Evaluated by rewriting the item as it is (or probing its key) under the condition; undone after.
        return this.call('PutItem', { TableName, Item: before ?? action.key, ...condition });
    }
  }

  private async restore(action: WriteAction, before: AttributeMap | undefined): Promise<void> {
    const answer = before
      ? await this.call('PutItem', { TableName: action.table, Item: before })
      : await this.call('DeleteItem', { TableName: action.table, Key: action.key });
    if (answer.status !== 200) throw new Error(`Could not undo a transaction's write to ${action.table}: ${JSON.stringify(answer.body)}`);
  }

  async get(body: Record<string, unknown>): Promise<DynamoAnswer> {
    const items = body.TransactItems;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ACTIONS) {
      return failure(
        'ValidationException',
        `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and ${MAX_ACTIONS}`,
      );
    }
    const responses: Record<string, unknown>[] = [];
    for (const entry of items as { Get?: Record<string, unknown> }[]) {
      if (!entry.Get) return failure('ValidationException', 'TransactGetItems can only contain Get actions');
      const read = await this.call('GetItem', { ...entry.Get, ConsistentRead: true });
      if (read.status !== 200) return read;
      responses.push(read.body.Item ? { Item: read.body.Item } : {});
    }
    return { status: 200, body: { Responses: responses } };
  }
}

/** Lets many requests run together, or one alone (a transaction) once those running are done. */
export class Gate {
  private active = 0;
  private exclusive: Promise<void> | undefined;
  private drained: (() => void)[] = [];

  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const resume of this.drained.splice(0)) resume();
    }
  }

  async alone<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusive) await this.exclusive;
    let release: () => void = () => undefined;
    this.exclusive = new Promise((resolve) => (release = resolve));
    try {
      while (this.active > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
      return await work();
    } finally {
      this.exclusive = undefined;
      release();
    }
  }
}
