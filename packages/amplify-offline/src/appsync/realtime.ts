import { AmplifyAppSyncSimulatorAuthenticationType as AuthType, type AmplifyAppSyncSimulator } from '@aws-amplify/amplify-appsync-simulator';
import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CredentialSession } from '../identity/service';
import { authorize } from '../iam/evaluate';
import { SignatureError, verifySignature } from '../sigv4';
import { identityOf, type IamIdentity } from './iam-identity';
import { matchesFilter, type SubscriptionFilter } from './subscription-filter';
import { installVtlExtensions, type SubscriptionExtensions } from './vtl-extensions';

/** Where aws-amplify (and every AppSync client) opens the real-time WebSocket: the GraphQL path plus `/realtime`. */
export const REALTIME_PATH = '/graphql/realtime';
/** AppSync's subprotocol for GraphQL subscriptions. */
const PROTOCOL = 'graphql-ws';
/** What AppSync puts in `connection_ack`: the longest a client should wait between `ka` messages. */
export const CONNECTION_TIMEOUT_MS = 5 * 60 * 1000;
/** How often `ka` is sent; aws-amplify reports a missed keep-alive after 65 s. */
export const KEEP_ALIVE_MS = 60 * 1000;
/** AppSync's largest message on the real-time channel (240 KB). */
const MAX_MESSAGE_BYTES = 240 * 1024;

// `ws` (a dependency of the AppSync simulator too) is typed here by the members used.
interface Socket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}
interface SocketServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, done: (socket: Socket) => void): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- ws ships no types of its own; the cast names the members used
const { WebSocketServer } = require('ws') as {
  WebSocketServer: new (options: {
    noServer: true;
    maxPayload: number;
    handleProtocols: (protocols: Set<string>, request: IncomingMessage) => string | false;
  }) => SocketServer;
};
const OPEN = 1;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module of the simulator, typed by the cast to the one member used
const { runQueryOrMutation } = require('@aws-amplify/amplify-appsync-simulator/lib/utils/graphql-runner/query-and-mutation') as {
  runQueryOrMutation: (
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    context: ExecutionContext,
  ) => Promise<{ data: unknown; errors?: readonly unknown[] }>;
};

interface ExecutionContext {
  jwt?: Record<string, unknown>;
  requestAuthorizationMode: AuthType;
  sourceIp?: string;
  headers: Record<string, string>;
  appsyncErrors: unknown[];
  iamToken?: IamIdentity;
  subscriptionExtensions: SubscriptionExtensions;
}

interface AppSyncError {
  errorType: string;
  message: string;
  errorCode?: number;
}

/** Who a connection or a `start` message authenticated as. */
type Caller =
  | { mode: AuthType.API_KEY }
  | { mode: AuthType.AMAZON_COGNITO_USER_POOLS; jwt: Record<string, unknown> }
  | { mode: AuthType.AWS_IAM; session: CredentialSession; identity: IamIdentity };

class Refusal extends Error {
  constructor(readonly error: AppSyncError) {
    super(error.message);
  }
}

const UNAUTHORIZED: AppSyncError = { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 };

export interface RealtimeOptions {
  simulator: AmplifyAppSyncSimulator;
  apiKey: string | undefined;
  /** The API's authorization types (API_KEY, AMAZON_COGNITO_USER_POOLS, AWS_IAM). */
  modes: Set<AuthType>;
  /** The HTTP endpoint's user-pool token verifier (signature, issuer, client, expiry). */
  verifier: { verify(token: string): Promise<unknown> };
  iam?: {
    sessions(accessKeyId: string): CredentialSession | undefined;
    fieldArn(typeName: string, fieldName: string): string;
  };
  keepAliveMs?: number;
}

interface Subscriber {
  id: string;
  connection: Connection;
  fieldName: string;
  responseKey: string;
  args: Record<string, unknown>;
  filter?: SubscriptionFilter;
  selectionSet: SelectionSetNode | undefined;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

interface Connection {
  socket: Socket;
  request: IncomingMessage;
  /** Why the connection's own authorization (the `header` it opened with) was refused. */
  refused?: AppSyncError;
  subscriptions: Map<string, Subscriber>;
  keepAlive?: NodeJS.Timeout;
}

const lowerCaseKeys = (headers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name.toLowerCase(), value]] : [])));

/**
 * The authorization a client opened the connection with: the `header` query parameter (base64
 * JSON, as AppSync documents it) or, as aws-amplify 6 sends it, a `header-<base64url JSON>`
 * subprotocol.
 */
function connectionHeaders(request: IncomingMessage): Record<string, string> | undefined {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromProtocol = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .find((protocol) => protocol.startsWith('header-'))
    ?.slice('header-'.length);
  const encoded = url.searchParams.get('header') ?? fromProtocol;
  if (!encoded) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? lowerCaseKeys(parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The AppSync errors of a failed execution, as the real-time channel words them. */
function appSyncErrors(errors: readonly unknown[]): AppSyncError[] {
  return errors.map((error) => {
    const record = (error ?? {}) as { message?: unknown; errorType?: unknown; extensions?: { errorType?: unknown } };
    const errorType = record.errorType ?? record.extensions?.errorType;
    return { errorType: typeof errorType === 'string' ? errorType : 'ExecutionError', message: String(record.message ?? error) };
  });
}

/**
 * AppSync's real-time endpoint for GraphQL subscriptions (`graphql-ws` over a WebSocket):
 * connection_init → connection_ack, `ka` keep-alives, start → start_ack or error, data, stop →
 * complete. Each connection and each `start` is authorized as the HTTP endpoint authorizes a
 * request (API key, a verified user-pool token, or a SigV4 signature by identity-pool credentials
 * over the payload, then the role's policy for the subscription field), and the subscription's own
 * generated resolvers run once at start, as on AppSync, with their enhanced filter kept. Mutations
 * answered by the HTTP endpoint are published here with `publish`.
 */
export class RealtimeEndpoint {
  private readonly server: SocketServer;
  private readonly connections = new Set<Connection>();
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  /** Mutation field → the subscription fields whose `@aws_subscribe` names it. */
  private readonly triggers = new Map<string, string[]>();
  private readonly keepAliveMs: number;

  constructor(private readonly options: RealtimeOptions) {
    installVtlExtensions();
    this.keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
    });
    const subscriptionType = this.schema.getSubscriptionType();
    for (const field of Object.values(subscriptionType?.getFields() ?? {})) {
      const directive = field.astNode?.directives?.find((candidate) => candidate.name.value === 'aws_subscribe');
      const mutations = directive?.arguments?.find((argument) => argument.name.value === 'mutations')?.value;
      if (mutations?.kind !== Kind.LIST) continue;
      for (const value of mutations.values) {
        if (value.kind !== Kind.STRING) continue;
        this.triggers.set(value.value, [...(this.triggers.get(value.value) ?? []), field.name]);
      }
    }
  }

  private get schema(): GraphQLSchema {
    return this.options.simulator.schema;
  }

  /** Takes an HTTP upgrade on the real-time path; anything else is answered 404. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '/').split('?')[0];
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
    if (path !== REALTIME_PATH || !protocols.some((protocol) => protocol.trim() === PROTOCOL)) {
      socket.end(`HTTP/1.1 ${path === REALTIME_PATH ? '400 Bad Request' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (websocket) => void this.open(websocket, request));
  }

  private async open(socket: Socket, request: IncomingMessage): Promise<void> {
    const connection: Connection = { socket, request, subscriptions: new Map() };
    this.connections.add(connection);
    socket.on('close', () => this.drop(connection));
    socket.on('error', () => this.drop(connection));
    const queue: Buffer[] = [];
    let ready = false;
    // Messages that arrive while the connection's own authorization is checked wait for it.
    socket.on('message', (data, isBinary) => {
      if (!ready) queue.push(isBinary ? Buffer.alloc(0) : data);
      else this.receive(connection, data, isBinary);
    });
    const headers = connectionHeaders(request);
    try {
      if (!headers) throw new Refusal(UNAUTHORIZED);
      await this.authenticate(headers, '{}', '/graphql/connect');
    } catch (error) {
      connection.refused = error instanceof Refusal ? error.error : UNAUTHORIZED;
    }
    ready = true;
    for (const data of queue.splice(0)) this.receive(connection, data, data.length === 0);
  }

  private drop(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    clearInterval(connection.keepAlive);
    for (const subscriber of connection.subscriptions.values()) this.subscribers.get(subscriber.fieldName)?.delete(subscriber);
    connection.subscriptions.clear();
  }

  private send(connection: Connection, message: Record<string, unknown>): void {
    if (connection.socket.readyState === OPEN) connection.socket.send(JSON.stringify(message));
  }

  private receive(connection: Connection, data: Buffer, isBinary: boolean): void {
    let message: { type?: unknown; id?: unknown; payload?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      message = JSON.parse(data.toString('utf8')) as typeof message;
      if (message === null || typeof message !== 'object') throw new Error('not an object');
    } catch {
      this.send(connection, { type: 'error', payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'Unknown message type' }] } });
      return;
    }
    const id = typeof message.id === 'string' ? message.id : undefined;
    if (connection.refused) {
      // A connection whose authorization was refused gets AppSync's 401 and is closed.
      this.send(connection, { type: 'connection_error', payload: { errors: [connection.refused] } });
      connection.socket.close(1000, 'Unauthorized');
      return;
    }
    switch (message.type) {
      case 'connection_init':
        if (!connection.keepAlive) {
          this.send(connection, { type: 'connection_ack', payload: { connectionTimeoutMs: CONNECTION_TIMEOUT_MS } });
          this.send(connection, { type: 'ka' });
          connection.keepAlive = setInterval(() => this.send(connection, { type: 'ka' }), this.keepAliveMs);
          connection.keepAlive.unref();
        }
        return;
      case 'start':
        if (!id) {
          this.send(connection, { type: 'error', payload: { errors: [{ errorType: 'BadRequestException', message: 'A start message needs an id.' }] } });
          return;
        }
        void this.start(connection, id, message.payload).catch((error: unknown) => {
          console.error('[appsync] subscription start failed:', error);
          this.send(connection, {
            type: 'error',
            id,
            payload: { errors: [{ errorType: 'InternalFailureException', message: 'Internal error in the local data API.' }] },
          });
        });
        return;
      case 'stop':
        if (id) {
          const subscriber = connection.subscriptions.get(id);
          if (subscriber) {
            connection.subscriptions.delete(id);
            this.subscribers.get(subscriber.fieldName)?.delete(subscriber);
          }
          this.send(connection, { type: 'complete', id });
        }
        return;
      default:
        this.send(connection, {
          type: 'error',
          ...(id ? { id } : {}),
          payload: { errors: [{ errorType: 'UnsupportedOperation', message: `${String(message.type)} not supported through the realtime channel` }] },
        });
    }
  }

  /** Who signed or sent these headers, checked like the HTTP endpoint checks a request; throws Refusal. */
  private async authenticate(headers: Record<string, string>, body: string, path: string): Promise<Caller> {
    const { modes, apiKey, verifier, iam } = this.options;
    const authorization = headers.authorization;
    if (authorization?.startsWith('AWS4-HMAC-SHA256')) {
      if (!iam || !modes.has(AuthType.AWS_IAM)) throw new Refusal({ ...UNAUTHORIZED, message: 'IAM authorization is not enabled for this API.' });
      let session: CredentialSession | undefined;
      try {
        await verifySignature({ method: 'POST', url: path, headers, body }, 'appsync', (accessKeyId) => {
          session = iam.sessions(accessKeyId);
          return session && { ...session.credentials };
        });
      } catch (error) {
        if (error instanceof SignatureError) throw new Refusal({ errorType: error.type, message: error.message, errorCode: 401 });
        throw error;
      }
      if (!session) throw new Refusal(UNAUTHORIZED);
      return { mode: AuthType.AWS_IAM, session, identity: identityOf(session) };
    }
    if (authorization) {
      if (!modes.has(AuthType.AMAZON_COGNITO_USER_POOLS)) throw new Refusal(UNAUTHORIZED);
      try {
        const jwt = await verifier.verify(authorization.replace(/^Bearer\s+/i, ''));
        return { mode: AuthType.AMAZON_COGNITO_USER_POOLS, jwt: jwt as Record<string, unknown> };
      } catch (error) {
        throw new Refusal({ ...UNAUTHORIZED, message: `Valid authorization header not provided. (${error instanceof Error ? error.message : String(error)})` });
      }
    }
    if (headers['x-api-key'] !== undefined) {
      if (!modes.has(AuthType.API_KEY) || headers['x-api-key'] !== apiKey) throw new Refusal(UNAUTHORIZED);
      return { mode: AuthType.API_KEY };
    }
    throw new Refusal(UNAUTHORIZED);
  }

  private async start(connection: Connection, id: string, payload: unknown): Promise<void> {
    const fail = (errors: AppSyncError[]) => this.send(connection, { type: 'error', id, payload: { errors } });
    if (connection.subscriptions.has(id)) return fail([{ errorType: 'DuplicatedOperationError', message: 'Duplicate subscription ID' }]);
    const { data, extensions } = (payload ?? {}) as { data?: unknown; extensions?: { authorization?: unknown } };
    const authorization = extensions?.authorization;
    if (typeof data !== 'string' || authorization === null || typeof authorization !== 'object') {
      return fail([{ errorType: 'BadRequestException', message: 'A start message needs payload.data (a JSON string) and payload.extensions.authorization.' }]);
    }
    let caller: Caller;
    const headers = lowerCaseKeys(authorization as Record<string, unknown>);
    try {
      caller = await this.authenticate(headers, data, '/graphql');
    } catch (error) {
      return fail([error instanceof Refusal ? error.error : UNAUTHORIZED]);
    }
    let request: { query?: unknown; variables?: unknown; operationName?: unknown };
    let document: DocumentNode;
    try {
      request = JSON.parse(data) as typeof request;
      document = parse(String(request.query));
    } catch (error) {
      return fail([{ errorType: 'ValidationError', message: error instanceof Error ? error.message : 'The subscription request is not valid.' }]);
    }
    const validationErrors = validate(this.schema, document, specifiedRules);
    if (validationErrors.length > 0) return fail(validationErrors.map((error) => ({ errorType: 'ValidationError', message: error.message })));
    const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName
      ? operations.find((candidate) => candidate.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (!operation) return fail([{ errorType: 'ValidationError', message: 'The request names no operation to run.' }]);
    if (operation.operation !== 'subscription') {
      return fail([{ errorType: 'UnsupportedOperation', message: `${operation.operation} not supported through the realtime channel` }]);
    }
    const subscriptionType = this.schema.getSubscriptionType();
    const fieldNode = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
    const field = fieldNode?.kind === Kind.FIELD ? subscriptionType?.getFields()[fieldNode.name.value] : undefined;
    // Validation allows a single root field per subscription; anything else (e.g. only __typename) is not a subscription.
    if (!subscriptionType || fieldNode?.kind !== Kind.FIELD || !field) {
      return fail([{ errorType: 'ValidationError', message: 'A subscription selects one subscription field.' }]);
    }
    if (caller.mode === AuthType.AWS_IAM) {
      const decision = await authorize(caller.session, { action: 'appsync:GraphQL', resource: this.options.iam!.fieldArn(subscriptionType.name, field.name) });
      if (!decision.allowed) return fail([{ errorType: 'Unauthorized', message: `Not Authorized to access ${field.name} on type ${subscriptionType.name}` }]);
    }
    const rawVariables = request.variables !== null && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : {};
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], rawVariables);
    if (coerced.errors) return fail(coerced.errors.map((error) => ({ errorType: 'ValidationError', message: error.message })));
    const context: ExecutionContext = {
      requestAuthorizationMode: caller.mode,
      sourceIp: connection.request.socket.remoteAddress,
      headers,
      appsyncErrors: [],
      subscriptionExtensions: {},
      ...(caller.mode === AuthType.AMAZON_COGNITO_USER_POOLS ? { jwt: caller.jwt } : {}),
      ...(caller.mode === AuthType.AWS_IAM ? { iamToken: caller.identity } : {}),
    };
    // The subscription's resolvers run once, now, as on AppSync: their auth steps refuse or add the
    // owner and group filters, and the response template sets the enhanced filter.
    const result = await runQueryOrMutation(this.schema, document, rawVariables, operationName, context);
    if (result.errors && result.errors.length > 0) return fail(appSyncErrors(result.errors));
    const { refusal, filter } = context.subscriptionExtensions;
    if (refusal) return fail([{ errorType: 'UnsupportedOperation', message: refusal }]);
    if (connection.socket.readyState !== OPEN || connection.subscriptions.has(id)) return;
    const subscriber: Subscriber = {
      id,
      connection,
      fieldName: field.name,
      responseKey: fieldNode.alias?.value ?? field.name,
      args: getArgumentValues(field, fieldNode, coerced.coerced),
      ...(filter ? { filter } : {}),
      selectionSet: fieldNode.selectionSet,
      fragments: new Map(
        document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
      ),
      variables: coerced.coerced,
    };
    connection.subscriptions.set(id, subscriber);
    if (!this.subscribers.has(field.name)) this.subscribers.set(field.name, new Set());
    this.subscribers.get(field.name)!.add(subscriber);
    this.send(connection, { type: 'start_ack', id });
  }

  /** The top-level fields of a request that some subscription listens to, with their response keys. */
  publishedFields(query: unknown, operationName: unknown): { responseKey: string; fieldName: string }[] {
    if (this.triggers.size === 0 || typeof query !== 'string' || !/\bmutation\b/.test(query)) return [];
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return [];
    }
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    const operation =
      typeof operationName === 'string' && operationName
        ? operations.find((candidate) => candidate.name?.value === operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
    if (operation?.operation !== 'mutation') return [];
    return operation.selectionSet.selections.flatMap((selection) =>
      selection.kind === Kind.FIELD && this.triggers.has(selection.name.value)
        ? [{ responseKey: selection.alias?.value ?? selection.name.value, fieldName: selection.name.value }]
        : [],
    );
  }

  /**
   * Delivers a mutation's result (the field as the mutation's response carries it) to every
   * subscription on it whose filter it passes — the resolver's enhanced filter when it set one, else
   * the subscription's arguments — each in its own selection set.
   */
  publish(mutationField: string, value: unknown): void {
    if (value === null || value === undefined) return;
    for (const fieldName of this.triggers.get(mutationField) ?? []) {
      const field = this.schema.getSubscriptionType()?.getFields()[fieldName];
      if (!field) continue;
      for (const subscriber of this.subscribers.get(fieldName) ?? []) {
        if (subscriber.filter ? !matchesFilter(subscriber.filter, value) : !argumentsMatch(subscriber.args, value)) continue;
        const projected = project(this.schema, field.type, subscriber.selectionSet, value, subscriber);
        this.send(subscriber.connection, { type: 'data', id: subscriber.id, payload: { data: { [subscriber.responseKey]: projected } } });
      }
    }
  }

  /** How many subscriptions are active (for tests and the benchmark). */
  get subscriptionCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  close(): void {
    for (const connection of [...this.connections]) {
      connection.socket.terminate();
      this.drop(connection);
    }
    this.server.close();
  }
}

/** AppSync's basic filtering: every argument the subscription gave (not null) equals the event's field of that name. */
function argumentsMatch(args: Record<string, unknown>, value: unknown): boolean {
  const event = value as Record<string, unknown>;
  return Object.entries(args).every(
    ([name, expected]) => expected === null || expected === undefined || JSON.stringify(event[name]) === JSON.stringify(expected),
  );
}

/**
 * The event in the subscriber's selection set. As on AppSync the data is the mutation's response:
 * no resolver runs, and a field the mutation did not select is null.
 */
function project(
  schema: GraphQLSchema,
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  value: unknown,
  scope: Pick<Subscriber, 'fragments' | 'variables'>,
): unknown {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return project(schema, type.ofType as GraphQLOutputType, selectionSet, value, scope);
  if (isListType(type)) {
    const itemType = type.ofType as GraphQLOutputType;
    return Array.isArray(value) ? value.map((item: unknown) => project(schema, itemType, selectionSet, item, scope)) : null;
  }
  if (isLeafType(type) || !selectionSet || typeof value !== 'object') return value;
  const named = getNamedType(type);
  const record = value as Record<string, unknown>;
  let concrete: GraphQLObjectType | undefined = isObjectType(named) ? named : undefined;
  if (isAbstractType(named) && typeof record.__typename === 'string') {
    const candidate = schema.getType(record.__typename);
    if (isObjectType(candidate) && schema.isSubType(named, candidate)) concrete = candidate;
  }
  if (!concrete) return null;
  const objectType = concrete;
  const result: Record<string, unknown> = {};
  const applies = (typeCondition: string | undefined) => {
    if (!typeCondition || typeCondition === objectType.name) return true;
    const conditionType = schema.getType(typeCondition);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, objectType);
  };
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.name.value === '__typename') {
          result[key] = objectType.name;
          continue;
        }
        const definition = objectType.getFields()[selection.name.value];
        if (!definition) continue;
        const projected = project(schema, definition.type, selection.selectionSet, record[selection.name.value], scope);
        const existing = result[key];
        result[key] =
          existing !== null && typeof existing === 'object' && projected !== null && typeof projected === 'object' && !Array.isArray(projected)
            ? { ...existing, ...projected }
            : projected;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) visit(selection.selectionSet);
      } else {
        const fragment = scope.fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return result;
}
