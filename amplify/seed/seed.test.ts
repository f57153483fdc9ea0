import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ConsoleLogger } from 'aws-amplify/utils';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AmplifyOutputs } from '../../lib/amplify-config';
import { ANY_FREE_PORTS, startBackend, type BackendProcess } from '../../scripts/offline-backend';
import { DEMO_ACCOUNTS, DEMO_POSTS } from './demo-content';
import { seedDemoContent } from './demo-seed';

/** The seed module against an empty offline backend: complete the first time, a no-op the second. */
const work = mkdtempSync(join(tmpdir(), 'folio-seed-'));
let backend: BackendProcess | undefined;
let outputs: AmplifyOutputs;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  backend = await startBackend({
    ports: ANY_FREE_PORTS,
    env: { FOLIO_DATA_DIR: join(work, 'data'), FOLIO_OUTPUTS: join(work, 'outputs.json'), FOLIO_SEED: '0' },
    timeoutMs: 120_000,
  });
  outputs = JSON.parse(readFileSync(join(work, 'outputs.json'), 'utf8')) as AmplifyOutputs;
  cognito = new CognitoIdentityProviderClient({
    endpoint: outputs.custom?.local?.user_pool_endpoint,
    region: 'us-east-1',
    // The admin API takes only the backend's own IAM credentials, as AWS takes only signed IAM callers.
    credentials: JSON.parse(readFileSync(backend.info?.credentials ?? '', 'utf8')) as { accessKeyId: string; secretAccessKey: string },
  });
}, 150_000);

afterAll(async () => {
  cognito?.destroy();
  await backend?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('seeds an empty backend, and a second run changes nothing', async () => {
  const first = await seedDemoContent({ outputs, cognito, log: () => undefined });
  expect(first).toEqual({
    usersCreated: DEMO_ACCOUNTS.length,
    postsCreated: DEMO_POSTS.length,
    postsPublished: DEMO_POSTS.filter((post) => post.publishedAt).length,
  });
  const second = await seedDemoContent({ outputs, cognito, log: () => undefined });
  expect(second).toEqual({ usersCreated: 0, postsCreated: 0, postsPublished: 0 });

  const users = await cognito.send(new ListUsersCommand({ UserPoolId: outputs.auth!.user_pool_id }));
  expect(users.Users?.map((user) => user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value).sort()).toEqual(
    DEMO_ACCOUNTS.map((account) => account.email).sort(),
  );
  const feed = await fetch(outputs.data!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': outputs.data!.api_key! },
    body: JSON.stringify({ query: '{ listPublishedPostsByDate(feed: "PUBLIC", sortDirection: DESC) { items { slug coverImage coverAlt } } }' }),
  });
  const items = (
    (await feed.json()) as { data: { listPublishedPostsByDate: { items: { slug: string; coverImage: string | null; coverAlt: string | null }[] } } }
  ).data.listPublishedPostsByDate.items;
  expect(items.map((item) => item.slug).sort()).toEqual(
    DEMO_POSTS.filter((post) => post.publishedAt)
      .map((post) => post.slug)
      .sort(),
  );
  // Covers were drawn and uploaded as their authors, and the live posts name them.
  const covered = DEMO_POSTS.filter((post) => post.cover && post.publishedAt);
  expect(covered.length).toBeGreaterThan(0);
  for (const post of covered) {
    const item = items.find((candidate) => candidate.slug === post.slug);
    expect(item?.coverImage).toMatch(/^\/media\/us-east-1:[0-9a-f-]{36}\/[0-9a-f]{32}-1600x900\.jpg$/);
    expect(item?.coverAlt).toBe(post.cover?.alt);
  }
}, 120_000);

test('refuses a production backend before touching it', async () => {
  const untouched = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
  await expect(seedDemoContent({ outputs, cognito: untouched, isProduction: true })).rejects.toThrow('Refusing to seed a production backend.');
  untouched.destroy();
});
