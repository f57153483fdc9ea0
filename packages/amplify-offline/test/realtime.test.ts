import { createServer } from 'node:net';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { ConsoleLogger, Hub } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from '../client';
import { trustLocalCertificates } from '../server';
import { openAppSyncPort } from '../src/appsync/server';
import type { Schema } from './fixtures/realtime-app/amplify/data/resource';
import { FixtureBackend } from './helpers/cli';

/**
 * AppSync's real-time subscriptions through the unchanged aws-amplify client: it derives
 * wss://<graphql host>/graphql/realtime from the outputs' http GraphQL URL, trusts the local CA
 * (trustLocalCertificates), and receives what mutations served by the HTTP endpoint publish, under
 * each authorization mode and the generated subscription resolvers' rules.
 */
let backend: FixtureBackend;
let outputs: AmplifyOutputs & { data: { url: string; api_key: string } };
let ports: number;
const PASSWORD = 'Realtime-Pass-2026!';
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A base port whose four service ports (BASE, +10, +20, +30) are free, so the backend can restart on them. */
async function freeBase(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    if ((await Promise.all([0, 10, 20, 30].map((offset) => free(base + offset)))).every(Boolean)) return base;
  }
}

beforeAll(async () => {
  ports = await freeBase();
  backend = await FixtureBackend.start('realtime-app', 'seed.ts', {}, { ports });
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  outputs = backend.outputs();
  Amplify.configure(configFromOutputs(outputs));
  trustLocalCertificates(outputs);
}, 180_000);

afterEach(async () => {
  await signOut().catch(() => undefined);
});

afterAll(async () => {
  // aws-amplify closes its socket a second after the last unsubscribe; its timers end with it.
  await settle(1500);
  await backend?.stop();
});

const viaApiKey = generateClient<Schema>({ authMode: 'apiKey' });
const viaIdentityPool = generateClient<Schema>({ authMode: 'identityPool' });
const viaUserPool = generateClient<Schema>({ authMode: 'userPool' });

/** Resolves when the server acknowledges the next subscription on `field` (aws-amplify's Hub 'Subscription ack'). */
function acknowledged(field: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = Hub.listen('api', ({ payload }) => {
      const data = payload.data as { query?: string } | undefined;
      if (payload.event === 'Subscription ack' && data?.query?.includes(field)) {
        stop();
        resolve();
      }
    });
  });
}

/** What a subscription receives, and a way to wait for the next n events. */
function collect<T>(observable: { subscribe(observer: { next(value: T): void; error(error: unknown): void }): { unsubscribe(): void } }) {
  return collectEvents<T>(observable);
}

type Message = Schema['Message']['type'];
type Todo = Schema['Todo']['type'];

function collectEvents<T>(observable: { subscribe(observer: { next(value: T): void; error(error: unknown): void }): { unsubscribe(): void } }) {
  const received: T[] = [];
  const waiters: { count: number; resolve(): void }[] = [];
  let failure: unknown;
  const subscription = observable.subscribe({
    next(value) {
      received.push(value);
      for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) waiter.resolve();
    },
    error(error) {
      failure = error;
    },
  });
  return {
    received,
    get failure() {
      return failure;
    },
    atLeast: (count: number, ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (received.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${count} events`)), ms);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    unsubscribe: () => subscription.unsubscribe(),
  };
}

describe('subscriptions with the API key', () => {
  it('receive creates, updates and deletes in the subscription selection set', async () => {
    const acks = Promise.all([acknowledged('onCreateMessage'), acknowledged('onUpdateMessage'), acknowledged('onDeleteMessage')]);
    const created = collect(viaApiKey.models.Message.onCreate());
    const updated = collect(viaApiKey.models.Message.onUpdate());
    const deleted = collect(viaApiKey.models.Message.onDelete());
    await acks;
    const { data: message } = await viaApiKey.models.Message.create({ text: 'hello', room: 'lobby' });
    await viaApiKey.models.Message.update({ id: message!.id, text: 'hello again' });
    await viaApiKey.models.Message.delete({ id: message!.id });
    await Promise.all([created.atLeast(1), updated.atLeast(1), deleted.atLeast(1)]);
    expect(created.received[0]).toMatchObject({ id: message!.id, text: 'hello', room: 'lobby' });
    expect(updated.received[0]).toMatchObject({ id: message!.id, text: 'hello again' });
    expect(deleted.received[0]).toMatchObject({ id: message!.id });
    for (const subscription of [created, updated, deleted]) subscription.unsubscribe();
  });

  it('applies the filter argument (enhanced filtering from the generated resolver)', async () => {
    const ack = acknowledged('onCreateMessage');
    const lobby = collect<Message>(viaApiKey.models.Message.onCreate({ filter: { room: { eq: 'lobby' }, priority: { gt: 1 } } }));
    await ack;
    await viaApiKey.models.Message.create({ text: 'elsewhere', room: 'kitchen', priority: 5 });
    await viaApiKey.models.Message.create({ text: 'too low', room: 'lobby', priority: 1 });
    await viaApiKey.models.Message.create({ text: 'urgent', room: 'lobby', priority: 3 });
    await lobby.atLeast(1);
    await settle(300);
    expect(lobby.received.map((message) => message.text)).toEqual(['urgent']);
    lobby.unsubscribe();
  });

  it('gives observeQuery the new item after its first list', async () => {
    const snapshots = collect<{ items: Message[] }>(viaApiKey.models.Message.observeQuery({ filter: { room: { eq: 'observed' } } }));
    await snapshots.atLeast(1);
    expect(snapshots.received.at(-1)?.items).toEqual([]);
    // observeQuery subscribes to create, update and delete; give the three acknowledgements time.
    await settle(1000);
    await viaApiKey.models.Message.create({ text: 'seen live', room: 'observed' });
    for (let attempt = 0; attempt < 50 && !snapshots.received.at(-1)?.items.some((item) => item.text === 'seen live'); attempt++) await settle(100);
    expect(snapshots.received.at(-1)?.items.map((item) => item.text)).toEqual(['seen live']);
    snapshots.unsubscribe();
  });
});

describe('subscriptions with identity-pool (IAM) guest credentials', () => {
  it('receive what the guest rules allow, published by a mutation of any authorization mode', async () => {
    expect((await fetchAuthSession()).credentials?.accessKeyId).toMatch(/^ASIA/);
    const acks = Promise.all([acknowledged('onCreateMessage'), acknowledged('onUpdateMessage'), acknowledged('onDeleteMessage')]);
    const created = collect(viaIdentityPool.models.Message.onCreate());
    const updated = collect(viaIdentityPool.models.Message.onUpdate());
    const deleted = collect(viaIdentityPool.models.Message.onDelete());
    await acks;
    const { data: message } = await viaApiKey.models.Message.create({ text: 'for guests' });
    await viaIdentityPool.models.Message.update({ id: message!.id, text: 'edited by a guest' });
    await viaIdentityPool.models.Message.delete({ id: message!.id });
    await Promise.all([created.atLeast(1), updated.atLeast(1), deleted.atLeast(1)]);
    expect(created.received[0]).toMatchObject({ id: message!.id, text: 'for guests' });
    expect(updated.received[0]).toMatchObject({ text: 'edited by a guest' });
    expect(deleted.received[0]).toMatchObject({ id: message!.id });
    for (const subscription of [created, updated, deleted]) subscription.unsubscribe();
  });

  it('are refused where no rule allows a guest, with AppSync error', async () => {
    const memos = collect(viaIdentityPool.models.Memo.onCreate());
    for (let attempt = 0; attempt < 100 && !memos.failure; attempt++) await settle(100);
    expect(JSON.stringify(memos.failure)).toMatch(/Unauthorized/);
    expect(JSON.stringify(memos.failure)).toMatch(/Not Authorized to access onCreateMemo on type Subscription/);
  });
});

describe('subscriptions with user-pool tokens', () => {
  it('deliver an owner only her own records, never another owner’s', async () => {
    // Bob's access token, for his mutations sent straight to the HTTP endpoint while Ada is signed in.
    await signIn({ username: 'bob@example.test', password: PASSWORD });
    const bobToken = (await fetchAuthSession()).tokens!.accessToken.toString();
    await signOut();
    await signIn({ username: 'ada@example.test', password: PASSWORD });
    const ada = String((await fetchAuthSession()).tokens!.accessToken.payload.username);
    const acks = Promise.all([acknowledged('onCreateTodo'), acknowledged('onUpdateTodo'), acknowledged('onDeleteTodo')]);
    const created = collect<Todo>(viaUserPool.models.Todo.onCreate());
    const updated = collect<Todo>(viaUserPool.models.Todo.onUpdate());
    const deleted = collect<Todo>(viaUserPool.models.Todo.onDelete());
    await acks;

    const asBob = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(outputs.data.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bobToken },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data: Record<string, { id: string } | null> };
    };
    const bobs = await asBob('mutation ($input: CreateTodoInput!) { createTodo(input: $input) { id title owner } }', { input: { title: 'bob secret' } });
    expect(bobs.data.createTodo?.id).toBeTruthy();
    await asBob('mutation ($input: UpdateTodoInput!) { updateTodo(input: $input) { id title owner } }', {
      input: { id: bobs.data.createTodo!.id, done: true },
    });

    const { data: todo } = await viaUserPool.models.Todo.create({ title: 'ada task' });
    await viaUserPool.models.Todo.update({ id: todo!.id, done: true });
    await viaUserPool.models.Todo.delete({ id: todo!.id });
    await asBob('mutation ($input: DeleteTodoInput!) { deleteTodo(input: $input) { id title owner } }', { input: { id: bobs.data.createTodo!.id } });
    await Promise.all([created.atLeast(1), updated.atLeast(1), deleted.atLeast(1)]);
    await settle(300);
    expect(created.received.map((item) => item.title)).toEqual(['ada task']);
    expect(updated.received.map((item) => item.title)).toEqual(['ada task']);
    expect(deleted.received.map((item) => item.title)).toEqual(['ada task']);
    expect(created.received[0]).toMatchObject({ owner: ada });
    for (const subscription of [created, updated, deleted]) subscription.unsubscribe();
  }, 120_000);

  it('let a signed-in user subscribe where authenticated rules allow', async () => {
    await signIn({ username: 'bob@example.test', password: PASSWORD });
    const ack = acknowledged('onCreateMemo');
    const memos = collect(viaUserPool.models.Memo.onCreate());
    await ack;
    await viaUserPool.models.Memo.create({ text: 'for members' });
    await memos.atLeast(1);
    expect(memos.received[0]).toMatchObject({ text: 'for members' });
    memos.unsubscribe();
  });
});

/**
 * Node 22's WebSocket (undici 6) reports a handshake that fails (a refused port, a non-101 answer)
 * with `error` and never `close`, which the WebSocket standard requires after it (browsers fire
 * both; undici fixed it in nodejs/undici#3628, for undici 7). aws-amplify's `_openConnection`
 * (AWSWebSocketProvider) settles its attempt on `close` only, so on Node 22 an attempt that meets
 * a backend still down never ends, and every later attempt waits behind it. This one fires the
 * `close` the standard asks for, so the client behaves as it does in a browser.
 */
class StandardWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    let opened = false;
    this.addEventListener('open', () => (opened = true));
    this.addEventListener('error', () => {
      if (!opened) setTimeout(() => this.dispatchEvent(Object.assign(new Event('close'), { code: 1006, reason: '', wasClean: false })));
    });
  }
}

/** Stops the backend, starts it again on its ports and data, and checks the subscription made before is served again. */
async function restartAndResubscribe(): Promise<void> {
  const ack = acknowledged('onCreateMessage');
  const created = collect(viaApiKey.models.Message.onCreate({ filter: { room: { eq: 'restart' } } }));
  await ack;
  // aws-amplify's connection states, for the failure message.
  const started = Date.now();
  const states: string[] = [];
  const stopListening = Hub.listen('api', ({ payload }) => {
    const state = (payload.data as { connectionState?: string } | undefined)?.connectionState;
    if (payload.event === 'ConnectionStateChange' && state) states.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${state}`);
  });
  try {
    // Listened for before the restart: the client may start it again within milliseconds of the ready line.
    const again = acknowledged('onCreateMessage');
    await backend.stop({ keepData: true });
    states.push(`${((Date.now() - started) / 1000).toFixed(1)} s stopped`);
    backend = await FixtureBackend.start('realtime-app', 'seed.ts', {}, { work: backend.workDir, ports });
    states.push(`${((Date.now() - started) / 1000).toFixed(1)} s ready`);
    // aws-amplify tries again 5 s after the disruption, then every 60 s (RECONNECT_DELAY,
    // RECONNECT_INTERVAL): a restart slower than 5 s, as on a busy machine, is picked up by a later attempt.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      again,
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`not subscribed again 130 s after the restart; states: ${states.join(', ')}`)), 130_000);
      }),
    ]).finally(() => clearTimeout(timer));
  } finally {
    stopListening();
  }
  await viaApiKey.models.Message.create({ text: 'after the restart', room: 'restart' });
  await created.atLeast(1);
  expect(created.received[0]).toMatchObject({ text: 'after the restart' });
  created.unsubscribe();
}

describe('a backend restart', () => {
  it('keeps a real-time handshake that arrives while the API is starting until it is served', async () => {
    const port = await openAppSyncPort(0);
    const socket = new WebSocket(port.realtimeUrl.replace('wss:', 'ws:'), ['graphql-ws']);
    let failed = false;
    socket.addEventListener('error', () => (failed = true));
    await settle(500);
    // Held, not refused (a 503 would fail it at once, and aws-amplify on Node 22 would wait forever).
    expect(failed).toBe(false);
    expect(socket.readyState).toBe(WebSocket.CONNECTING);
    await port.close();
    for (let attempt = 0; attempt < 50 && !failed; attempt++) await settle(100);
    expect(failed).toBe(true);
  });

  it('gets the subscription back: aws-amplify reconnects and starts it again (a WebSocket that reports failed handshakes as browsers do)', async () => {
    const native = globalThis.WebSocket;
    globalThis.WebSocket = StandardWebSocket;
    try {
      await restartAndResubscribe();
    } finally {
      globalThis.WebSocket = native;
    }
  }, 240_000);

  // Opt-in (AMPLIFY_OFFLINE_RESTART_TEST=1): with Node 22's own WebSocket the client only comes
  // back when the backend is listening again within aws-amplify's 5 s delay (5.3 s measured on an
  // idle machine); a slower restart leaves its first attempt waiting forever (see StandardWebSocket).
  (process.env.AMPLIFY_OFFLINE_RESTART_TEST === '1' ? it : it.skip)(
    'gets the subscription back with Node’s own WebSocket when the restart takes under 5 s',
    restartAndResubscribe,
    240_000,
  );
});
