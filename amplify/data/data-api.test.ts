/**
 * End-to-end authorization tests of the offline data API: the real backend (synth, Cognito
 * emulator, dynalite, AppSync simulator with the generated VTL resolvers, demo seed) runs as a
 * child process, and every call is raw GraphQL over HTTP, so nothing in lib/ can mask a rule.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_POSTS } from '../seed/demo-content';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { cognitoCredentialsProvider, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { ConsoleLogger, sharedInMemoryStorage } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from 'amplify-offline/client';
import { CloudAssembly, synthesizeBackend } from 'amplify-offline';
import { Kind, parse } from 'graphql';
import { ANY_FREE_PORTS, startBackend, type BackendProcess } from '../../scripts/offline-backend';
import type { Schema } from './resource';
import { createDraft, getStudioPost, PostConflictError, updateDraft, type PostsDataClient } from '../../lib/posts';

const DRAFT_TITLES = DEMO_POSTS.filter((post) => !post.publishedAt).map((post) => post.title);
const PUBLISHED = DEMO_POSTS.filter((post) => post.publishedAt);

interface Outputs {
  auth: { aws_region: string; user_pool_id: string; user_pool_client_id: string };
  data: { url: string; api_key: string };
  custom: { local: { user_pool_endpoint: string } };
}

interface GraphQLError {
  message: string;
  errorType?: string;
}

interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  raw: string;
  data: T | null;
  errors: GraphQLError[];
}

interface PostRow {
  id: string;
  title: string;
  slug: string;
  excerpt: string | null;
  body: string;
  status: string;
  authorName: string;
  owner: string | null;
  updatedAt: string;
}

interface PublishedRow {
  slug: string;
  postId: string;
  title: string;
  excerpt: string | null;
  body: string;
  authorName: string;
  publishedAt: string;
  feed: string;
  owner: string | null;
  updatedAt: string;
}

const POST_FIELDS = 'id title slug excerpt body status authorName owner updatedAt';
const PUBLISHED_FIELDS = 'slug postId title excerpt body authorName publishedAt feed owner updatedAt';

let tempDir: string;
let dataDir: string;
let outputsFile: string;
let backend: BackendProcess | undefined;
let outputs: Outputs;
type Account = 'ann' | 'ben' | 'cora' | 'eli' | 'rita' | 'admin';
const tokens: Record<Account, string> = { ann: '', ben: '', cora: '', eli: '', rita: '', admin: '' };

function readOutputs(): Outputs {
  return JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs;
}

/**
 * Signs a demo account in as the studio does: SRP through the unchanged aws-amplify client (Gen 2's
 * app client enables no password flow), each from an empty token store. The sign-in is left open,
 * so its tokens stay unrevoked.
 */
async function accessToken(key: Account): Promise<string> {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.key === key);
  if (!account) throw new Error(`no demo account ${key}`);
  // Forget the previous account's tokens and identity-pool identity without signing it out (which
  // would revoke the tokens); the identity pool, like AWS's, refuses one user's identity to another.
  await sharedInMemoryStorage.clear();
  await cognitoCredentialsProvider.clearCredentialsAndIdentityId();
  const result = await signIn({ username: account.email, password: account.password });
  if (!result.isSignedIn) throw new Error(`${account.email}: not signed in (next step ${result.nextStep.signInStep})`);
  const token = (await fetchAuthSession()).tokens?.accessToken.toString();
  if (!token) throw new Error(`${account.email}: no access token`);
  return token;
}

async function signInAll(): Promise<void> {
  // The outputs name the endpoints, which a restarted backend may have moved.
  Amplify.configure(configFromOutputs(outputs as unknown as AmplifyOutputs));
  cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
  for (const key of Object.keys(tokens) as Account[]) tokens[key] = await accessToken(key);
}

type Caller = 'guest' | Account | { authorization: string };

/** Checked on every raw response a guest receives, in whichever test and order it runs. */
function expectNoDraftContent(raw: string): void {
  for (const title of DRAFT_TITLES) expect(raw).not.toContain(title);
  expect(raw).not.toContain('only its author and admins can read it');
}

async function gql<T = Record<string, unknown>>(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller === 'guest') headers['x-api-key'] = outputs.data.api_key;
  else if (typeof caller === 'string') headers.authorization = tokens[caller];
  else headers.authorization = caller.authorization;
  const response = await fetch(outputs.data.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const raw = await response.text();
  if (caller === 'guest') expectNoDraftContent(raw);
  let parsed: { data?: T | null; errors?: GraphQLError[] } = {};
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    // Non-JSON bodies keep data null; the raw text is still asserted on.
  }
  return { status: response.status, raw, data: parsed.data ?? null, errors: parsed.errors ?? [] };
}

/** A refused field: AppSync answers 200 with an Unauthorized error and null data for it. */
function expectRefused(result: GraphQLResult, field: string): void {
  expect(result.status).toBe(200);
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.map((error) => `${error.errorType} ${error.message}`).join('\n')).toMatch(/Unauthorized/);
  expect(result.data?.[field] ?? null).toBeNull();
}

function expectOk<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toEqual([]);
  expect(result.status).toBe(200);
  expect(result.data).not.toBeNull();
  return result.data as T;
}

/** Required input fields of each input type of the deployed schema (read from the synthesized SDL: the API refuses introspection). */
let requiredInputs: Map<string, { name: string; type: string }[]>;

async function readRequiredInputs(): Promise<Map<string, { name: string; type: string }[]>> {
  const { cdkOut } = await synthesizeBackend({ projectRoot: join(__dirname, '..', '..'), log: () => undefined });
  const assembly = new CloudAssembly(cdkOut, { region: 'us-east-1', accountId: '123456789012' }, {});
  const definitions = [...assembly.root.walk()].flatMap((stack) =>
    Object.values(stack.resources).flatMap((resource) => {
      const location = resource.Type === 'AWS::AppSync::GraphQLSchema' ? resource.Properties?.DefinitionS3Location : undefined;
      return location === undefined ? [] : [assembly.readAsset(String(stack.evaluate(location)))];
    }),
  );
  const inputs = new Map<string, { name: string; type: string }[]>();
  for (const definition of parse(definitions.join('\n')).definitions) {
    if (definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) continue;
    const required = (definition.fields ?? []).flatMap((field) =>
      field.type.kind === Kind.NON_NULL_TYPE && field.type.type.kind === Kind.NAMED_TYPE ? [{ name: field.name.value, type: field.type.type.name.value }] : [],
    );
    inputs.set(definition.name.value, required);
  }
  return inputs;
}

/**
 * Adds placeholders for required input fields the call does not set, so a refused mutation is
 * refused by authorization and not by input validation, whatever fields the schema has grown.
 */
function completeInput(typeName: string, input: Record<string, unknown>): Record<string, unknown> {
  const fields = requiredInputs.get(typeName);
  if (!fields) throw new Error(`the schema has no input type ${typeName}`);
  const completed = { ...input };
  for (const field of fields) {
    if (field.name in completed) continue;
    if (field.type === 'String' || field.type === 'ID') completed[field.name] = `placeholder-${field.name}`;
    else if (field.type === 'AWSDateTime') completed[field.name] = '2030-01-01T00:00:00.000Z';
    else throw new Error(`${typeName}.${field.name}: no placeholder for required ${field.type}`);
  }
  return completed;
}

async function listPosts(caller: Caller): Promise<PostRow[]> {
  const rows: PostRow[] = [];
  let nextToken: string | null = null;
  do {
    const page: GraphQLResult<{ listPosts: { items: PostRow[]; nextToken: string | null } }> = await gql(
      caller,
      `query($nextToken: String) { listPosts(limit: 100, nextToken: $nextToken) { items { ${POST_FIELDS} } nextToken } }`,
      { nextToken },
    );
    const data = expectOk(page);
    rows.push(...data.listPosts.items);
    nextToken = data.listPosts.nextToken;
  } while (nextToken);
  return rows;
}

async function getPost(caller: Caller, id: string): Promise<GraphQLResult<{ getPost: PostRow | null }>> {
  return gql(caller, `query($id: ID!) { getPost(id: $id) { ${POST_FIELDS} } }`, { id });
}

async function getPublished(caller: Caller, slug: string): Promise<GraphQLResult<{ getPublishedPost: PublishedRow | null }>> {
  return gql(caller, `query($slug: String!) { getPublishedPost(slug: $slug) { ${PUBLISHED_FIELDS} } }`, { slug });
}

async function publishedByDate(caller: Caller): Promise<PublishedRow[]> {
  const result = await gql<{ listPublishedPostsByDate: { items: PublishedRow[]; nextToken: string | null } }>(
    caller,
    `{ listPublishedPostsByDate(feed: "PUBLIC", sortDirection: DESC, limit: 100) { items { ${PUBLISHED_FIELDS} } nextToken } }`,
  );
  const data = expectOk(result);
  expect(data.listPublishedPostsByDate.nextToken).toBeNull();
  return data.listPublishedPostsByDate.items;
}

const decodePayload = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** Owner value as the API shows it and as it is stored (`sub::username`): both identify the caller. */
function ownerForms(token: string): string[] {
  const claims = decodePayload(token);
  return [String(claims.sub), `${String(claims.sub)}::${String(claims.username)}`];
}

const sameOwner = (owner: string | null, token: string): boolean => owner !== null && ownerForms(token).includes(owner);

beforeAll(async () => {
  tempDir = mkdtempSync(join(tmpdir(), 'folio-data-api-'));
  dataDir = join(tempDir, 'data');
  outputsFile = join(tempDir, 'amplify_outputs.json');
  backend = await startBackend({ ports: ANY_FREE_PORTS, env: { FOLIO_DATA_DIR: dataDir, FOLIO_OUTPUTS: outputsFile, FOLIO_SEED: '1' }, timeoutMs: 120_000 });
  outputs = readOutputs();
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  await signInAll();
  requiredInputs = await readRequiredInputs();
}, 150_000);

afterAll(async () => {
  await backend?.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}, 30_000);

describe('local backend outputs', () => {
  it('names the endpoints the backend listens on (free ports it was left to pick) and the keys the tests use', () => {
    const endpoints = backend?.info?.endpoints;
    expect(endpoints?.appsync).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(outputs.data.url).toBe(endpoints?.appsync);
    expect(outputs.data.api_key).toMatch(/^da2-[0-9a-f]+$/);
    expect(outputs.custom.local.user_pool_endpoint).toBe(endpoints?.cognito);
    expect(new Set([endpoints?.cognito, endpoints?.appsync, endpoints?.dynamodb].map((url) => new URL(url ?? 'x:').port)).size).toBe(3);
    expect(outputs.auth.user_pool_id).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(backend?.log).toMatch(new RegExp(`\\[seed\\] ${DEMO_ACCOUNTS.length} accounts`));
  });
});

describe('guest (API key)', () => {
  it('lists the 12 seeded published posts newest first through listPublishedPostsByDate', async () => {
    const items = await publishedByDate('guest');
    const expected = [...PUBLISHED].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
    expect(items.map((item) => item.slug)).toEqual(expected.map((post) => post.slug));
    expect(items.map((item) => item.publishedAt)).toEqual(expected.map((post) => post.publishedAt));
    for (const [index, item] of items.entries()) {
      const seeded = expected[index]!;
      const author = DEMO_ACCOUNTS.find((account) => account.key === seeded.author)!;
      expect(item).toMatchObject({
        title: seeded.title,
        excerpt: seeded.excerpt,
        body: seeded.body,
        authorName: author.name,
        feed: 'PUBLIC',
      });
    }
  });

  it('lists the same 12 posts through listPublishedPosts and reads one by slug', async () => {
    const result = await gql<{ listPublishedPosts: { items: PublishedRow[] } }>(
      'guest',
      `{ listPublishedPosts(limit: 100) { items { ${PUBLISHED_FIELDS} } nextToken } }`,
    );
    const slugs = expectOk(result).listPublishedPosts.items.map((item) => item.slug);
    expect(slugs.sort()).toEqual(PUBLISHED.map((post) => post.slug).sort());

    const one = expectOk(await getPublished('guest', 'the-first-frost')).getPublishedPost;
    expect(one).toMatchObject({ slug: 'the-first-frost', title: 'The first frost', authorName: 'Ben Lindqvist' });
  });

  it('is refused listPosts, getPost and listPostsBySlug and sees no draft data', async () => {
    const drafts = (await listPosts('admin')).filter((post) => post.status === 'DRAFT');
    expect(drafts.map((post) => post.title).sort()).toEqual([...DRAFT_TITLES].sort());

    expectRefused(await gql('guest', `{ listPosts { items { ${POST_FIELDS} } } }`), 'listPosts');
    for (const draft of drafts) {
      const single = await getPost('guest', draft.id);
      expectRefused(single, 'getPost');
      const bySlug = await gql('guest', `query($slug: String!) { listPostsBySlug(slug: $slug) { items { ${POST_FIELDS} } } }`, {
        slug: draft.slug,
      });
      expectRefused(bySlug, 'listPostsBySlug');
    }
    // Drafts were never copied into the public model.
    for (const draft of drafts) expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost).toBeNull();
  });

  it('cannot create a Post or a PublishedPost, and nothing is stored', async () => {
    const createPost = await gql('guest', `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: 'Guest post',
        slug: 'guest-post',
        body: 'from a guest',
        status: 'DRAFT',
        authorName: 'Guest',
      }),
    });
    expectRefused(createPost, 'createPost');
    const createPublished = await gql('guest', `mutation($input: CreatePublishedPostInput!) { createPublishedPost(input: $input) { ${PUBLISHED_FIELDS} } }`, {
      input: completeInput('CreatePublishedPostInput', {
        slug: 'guest-live-post',
        postId: 'guest-post-id',
        title: 'Guest live post',
        body: 'from a guest',
        authorName: 'Guest',
        publishedAt: '2030-01-01T00:00:00.000Z',
        feed: 'PUBLIC',
      }),
    });
    expectRefused(createPublished, 'createPublishedPost');

    // Checked as admin, who can see everything.
    expect(expectOk(await getPublished('admin', 'guest-live-post')).getPublishedPost).toBeNull();
    const bySlug = await gql<{ listPostsBySlug: { items: PostRow[] } }>('admin', `{ listPostsBySlug(slug: "guest-post") { items { id } } }`);
    expect(expectOk(bySlug).listPostsBySlug.items).toEqual([]);
    const all = await listPosts('admin');
    expect(all).toHaveLength(DEMO_POSTS.length);
    expect(all.map((post) => post.title)).not.toContain('Guest post');
    expect((await publishedByDate('admin')).map((post) => post.slug)).not.toContain('guest-live-post');
  });

  it('gets nothing without any credentials', async () => {
    const response = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ listPosts { items { ${POST_FIELDS} } } }` }),
    });
    const raw = await response.text();
    expectNoDraftContent(raw);
    expect(response.status).toBe(401);
    expect(raw).toMatch(/UnauthorizedException/);
    expect(raw).not.toMatch(/"items"/);
  });
});

describe('another author (Ben) against Ann', () => {
  let annPosts: PostRow[];
  let annDraft: PostRow;
  let annLive: PublishedRow;

  beforeAll(async () => {
    annPosts = await listPosts('ann');
    annDraft = annPosts.find((post) => post.title === 'Draft: a year of small notebooks')!;
    annLive = expectOk(await getPublished('guest', 'why-i-write-in-the-morning')).getPublishedPost!;
  });

  it("Ann's own list holds exactly her seven seeded posts", () => {
    expect(annPosts.map((post) => post.title).sort()).toEqual(
      DEMO_POSTS.filter((post) => post.author === 'ann')
        .map((post) => post.title)
        .sort(),
    );
    for (const post of annPosts) expect(sameOwner(post.owner, tokens.ann)).toBe(true);
    expect(annDraft).toBeDefined();
    expect(annDraft.status).toBe('DRAFT');
    expect(annLive).toMatchObject({ title: 'Why I write in the morning', authorName: 'Ann Okafor' });
  });

  it("cannot read Ann's draft through getPost or listPosts", async () => {
    const single = await getPost('ben', annDraft.id);
    expectRefused(single, 'getPost');
    expect(single.raw).not.toContain(annDraft.title);

    const benPosts = await listPosts('ben');
    expect(benPosts.map((post) => post.title).sort()).toEqual(
      DEMO_POSTS.filter((post) => post.author === 'ben')
        .map((post) => post.title)
        .sort(),
    );
    for (const post of benPosts) expect(sameOwner(post.owner, tokens.ben)).toBe(true);
    expect(benPosts.map((post) => post.id)).not.toContain(annDraft.id);

    // Filtering by Ann's owner value does not widen the owner-scoped scan.
    for (const owner of ownerForms(tokens.ann)) {
      const filtered = await gql<{ listPosts: { items: PostRow[] } }>(
        'ben',
        `query($owner: String!) { listPosts(filter: { owner: { eq: $owner } }) { items { id title } } }`,
        { owner },
      );
      expect(filtered.raw).not.toContain('Draft: a year of small notebooks');
      expect(filtered.data?.listPosts?.items ?? []).toEqual([]);
    }
  });

  it("cannot update or delete Ann's Post", async () => {
    const update = await gql('ben', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { ${POST_FIELDS} } }`, {
      input: { id: annDraft.id, title: 'Taken over by Ben', body: 'vandalised' },
    });
    expectRefused(update, 'updatePost');
    const remove = await gql('ben', `mutation($input: DeletePostInput!) { deletePost(input: $input) { id } }`, {
      input: { id: annDraft.id },
    });
    expectRefused(remove, 'deletePost');
    expect(expectOk(await getPost('ann', annDraft.id)).getPost).toEqual(annDraft);
  });

  it("cannot update or delete Ann's PublishedPost", async () => {
    const update = await gql('ben', `mutation($input: UpdatePublishedPostInput!) { updatePublishedPost(input: $input) { ${PUBLISHED_FIELDS} } }`, {
      input: { slug: annLive.slug, title: 'Taken over by Ben', body: 'vandalised' },
    });
    expectRefused(update, 'updatePublishedPost');
    const remove = await gql('ben', `mutation($input: DeletePublishedPostInput!) { deletePublishedPost(input: $input) { slug } }`, {
      input: { slug: annLive.slug },
    });
    expectRefused(remove, 'deletePublishedPost');
    expect(expectOk(await getPublished('guest', annLive.slug)).getPublishedPost).toEqual(annLive);
    expect(await listPosts('ann')).toHaveLength(annPosts.length);
  });

  it('cannot hand his own post to Ann by rewriting its owner', async () => {
    const benPosts = await listPosts('ben');
    const own = benPosts.find((post) => post.title === 'Draft: winter cycling kit')!;
    expect(own).toBeDefined();
    for (const owner of ownerForms(tokens.ann)) {
      const result = await gql('ben', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { ${POST_FIELDS} } }`, { input: { id: own.id, owner } });
      expectRefused(result, 'updatePost');
    }
    // Still Ben's, untouched, and not in Ann's list.
    expect(expectOk(await getPost('ben', own.id)).getPost).toEqual(own);
    expect((await listPosts('ann')).map((post) => post.id)).not.toContain(own.id);

    // Nor can he create a post in Ann's name.
    const created = await gql('ben', `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: 'Planted by Ben',
        slug: 'planted-by-ben',
        body: 'x',
        status: 'DRAFT',
        authorName: 'Ann Okafor',
        owner: ownerForms(tokens.ann)[1],
      }),
    });
    expectRefused(created, 'createPost');
    expect((await listPosts('ann')).map((post) => post.title)).not.toContain('Planted by Ben');
  });
});

describe('admin', () => {
  it("lists every author's posts, drafts included", async () => {
    const all = await listPosts('admin');
    expect(all.map((post) => post.title).sort()).toEqual(DEMO_POSTS.map((post) => post.title).sort());
    const drafts = all.filter((post) => post.status === 'DRAFT');
    expect(drafts.map((post) => post.title).sort()).toEqual([...DRAFT_TITLES].sort());
    expect(drafts.some((post) => sameOwner(post.owner, tokens.ann))).toBe(true);
    expect(drafts.some((post) => sameOwner(post.owner, tokens.ben))).toBe(true);
    expect(all.filter((post) => sameOwner(post.owner, tokens.ann))).toHaveLength(7);
    expect(all.filter((post) => sameOwner(post.owner, tokens.ben))).toHaveLength(7);
  });

  it("can moderate one of Ann's posts, which stays hers", async () => {
    const target = (await listPosts('ann')).find((post) => post.slug === 'letters-i-never-sent')!;
    expect(target).toBeDefined();
    const result = await gql<{ updatePost: PostRow }>('admin', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { ${POST_FIELDS} } }`, {
      input: { id: target.id, excerpt: 'Edited by a moderator.' },
    });
    const updated = expectOk(result).updatePost;
    expect(updated).toMatchObject({ id: target.id, excerpt: 'Edited by a moderator.', title: target.title, body: target.body });

    const seenByAnn = expectOk(await getPost('ann', target.id)).getPost;
    expect(seenByAnn?.excerpt).toBe('Edited by a moderator.');
    expect(seenByAnn?.owner).toBe(target.owner);
    expect(seenByAnn?.updatedAt).not.toBe(target.updatedAt);
  });
});

describe('token verification at the AppSync endpoint', () => {
  const listQuery = `{ listPosts { items { ${POST_FIELDS} } } }`;

  async function post(authorization: string): Promise<{ status: number; raw: string }> {
    const response = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: listQuery }),
    });
    return { status: response.status, raw: await response.text() };
  }

  it("accepts Ann's genuine token (control)", async () => {
    const genuine = await post(tokens.ann);
    expect(genuine.status).toBe(200);
    expect(genuine.raw).toContain('Draft: a year of small notebooks');
  });

  it('rejects a token whose payload was changed with HTTP 401', async () => {
    const [header, payload, signature] = tokens.ann.split('.') as [string, string, string];
    const claims = decodePayload(tokens.ann);
    const forgedClaims = { ...claims, 'cognito:groups': ['ADMINS', 'AUTHORS'] };
    const forgedPayload = Buffer.from(JSON.stringify(forgedClaims)).toString('base64url');
    expect(forgedPayload).not.toBe(payload);
    const forged = await post(`${header}.${forgedPayload}.${signature}`);
    expect(forged.status).toBe(401);
    expect(forged.raw).toMatch(/UnauthorizedException/);
    expect(forged.raw).not.toContain('Draft:');

    // Impersonating Ben by swapping the subject fails the same way.
    const benClaims = decodePayload(tokens.ben);
    const asBen = Buffer.from(JSON.stringify({ ...claims, sub: benClaims.sub, username: benClaims.username })).toString('base64url');
    const impersonation = await post(`Bearer ${header}.${asBen}.${signature}`);
    expect(impersonation.status).toBe(401);
    expect(impersonation.raw).not.toContain('Draft:');
  });

  it('rejects a token signed by a different RSA key with HTTP 401', async () => {
    const [header, payload] = tokens.ann.split('.') as [string, string, string];
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
    const foreign = await post(`${header}.${payload}.${signature}`);
    expect(foreign.status).toBe(401);
    expect(foreign.raw).toMatch(/UnauthorizedException/);
    expect(foreign.raw).not.toContain('Draft:');
  });

  it('rejects a wrong API key and a SigV4 header with HTTP 401', async () => {
    const wrongKey = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'da2-00000000000000000000000000' },
      body: JSON.stringify({ query: `{ listPublishedPosts { items { ${PUBLISHED_FIELDS} } } }` }),
    });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.text()).not.toContain('"items"');
    const sigV4 = await post('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/appsync/aws4_request');
    expect(sigV4.status).toBe(401);
    expect(sigV4.raw).not.toContain('Draft:');
  });
});

describe('the API answers only what Folio asks of it (amplify/backend.ts sets the limits, the offline backend enforces them)', () => {
  it('refuses schema introspection to the public API key and to a signed-in author, and still answers __typename', async () => {
    for (const caller of ['guest', 'ann'] as const) {
      const schema = await gql(caller, '{ __schema { types { name } } }');
      expect(schema.data).toBeNull();
      expect(schema.errors.map((error) => error.message)).toEqual([expect.stringContaining("Field '__schema' in type 'Query' is undefined")]);
      const type = await gql(caller, '{ __type(name: "Post") { fields { name } } }');
      expect(type.errors.map((error) => error.message)).toEqual([expect.stringContaining("Field '__type' in type 'Query' is undefined")]);
    }
    expect(expectOk(await gql('guest', '{ __typename }'))).toEqual({ __typename: 'Query' });
    // Someone without a valid key is not let in at all, as on AppSync.
    const stranger = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'da2-not-the-key' },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    expect(stranger.status).toBe(401);
  });

  it('resolves at most 200 resolvers per request: aliased list queries past that answer null with an error', async () => {
    const aliases = (count: number) =>
      `query { ${Array.from({ length: count }, (_, at) => `q${at}: listPublishedPostsByDate(feed: "PUBLIC", limit: 1) { items { slug } }`).join(' ')} }`;
    const allowed = await gql<Record<string, { items: unknown[] } | null>>('guest', aliases(200));
    expect(allowed.errors).toEqual([]);
    expect(Object.values(allowed.data ?? {}).every((page) => page?.items.length === 1)).toBe(true);
    const refused = await gql<Record<string, { items: unknown[] } | null>>('guest', aliases(500));
    expect(refused.errors).toHaveLength(300);
    expect(refused.errors[0]?.message).toMatch(/Resolver count limit of 200 exceeded/);
    expect(Object.values(refused.data ?? {}).filter((page) => page !== null)).toHaveLength(200);
  });
});

describe('persistence across a restart', () => {
  it('keeps a post created before the backend restarts (without reseeding)', async () => {
    const title = `Persisted ${Date.now()}`;
    const created = await gql<{ createPost: PostRow }>('ann', `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title,
        slug: `persisted-${Date.now()}`,
        excerpt: 'Survives a restart.',
        body: 'Written before the restart.',
        status: 'DRAFT',
        authorName: 'Ann Okafor',
      }),
    });
    const before = expectOk(created).createPost;
    expect(before.title).toBe(title);
    const apiKey = outputs.data.api_key;
    const poolId = outputs.auth.user_pool_id;

    const exitCode = await backend!.stop();
    expect(exitCode).toBe(0);
    backend = undefined;

    backend = await startBackend({ ports: ANY_FREE_PORTS, env: { FOLIO_DATA_DIR: dataDir, FOLIO_OUTPUTS: outputsFile, FOLIO_SEED: '0' }, timeoutMs: 120_000 });
    expect(backend.log).not.toMatch(/\[seed\]/);
    outputs = readOutputs();
    expect(outputs.data.api_key).toBe(apiKey);
    expect(outputs.auth.user_pool_id).toBe(poolId);
    await signInAll();

    const after = expectOk(await getPost('ann', before.id)).getPost;
    expect(after).toEqual(before);
    const annTitles = (await listPosts('ann')).map((post) => post.title);
    expect(annTitles).toContain(title);
    expect(annTitles).toHaveLength(8);
    // The admin's moderation edit and the seeded public feed survived too.
    const moderated = (await listPosts('ann')).find((post) => post.slug === 'letters-i-never-sent');
    expect(moderated?.excerpt).toBe('Edited by a moderator.');
    expect(await publishedByDate('guest')).toHaveLength(12);
  }, 150_000);
});

/**
 * The live models are written by the publishing function only (amplify/functions/publishing): each
 * attack an account could make on them through the generated API is refused, and publishing checks
 * ownership, validates the draft, stamps the byline and writes everything in one transaction.
 */
describe('publishing, done by the backend', () => {
  const LIVE_FIELDS = 'slug postId title authorName authorHandle publishedAt tags owner';
  const CHANGE_FIELDS = 'slugs tags authorHandles';
  let benDraftSeq = 0;

  async function benDraft(fields: Record<string, unknown> = {}): Promise<PostRow> {
    benDraftSeq += 1;
    const created = await gql<{ createPost: PostRow }>('ben', `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: `Ben's test ${benDraftSeq}`,
        slug: `ben-test-${benDraftSeq}-${Date.now()}`,
        body: 'Written to be published.',
        tags: ['testing'],
        status: 'DRAFT',
        authorName: 'Ben Lindqvist',
        ...fields,
      }),
    });
    return expectOk(created).createPost;
  }

  const publish = (caller: Caller, id: string) =>
    gql<{ publishPost: { slugs: string[]; tags: string[]; authorHandles: string[] } | null }>(
      caller,
      `mutation($id: ID!) { publishPost(id: $id) { ${CHANGE_FIELDS} } }`,
      { id },
    );
  const unpublish = (caller: Caller, id: string) =>
    gql<{ unpublishPost: { slugs: string[]; tags: string[]; authorHandles: string[] } | null }>(
      caller,
      `mutation($id: ID!) { unpublishPost(id: $id) { ${CHANGE_FIELDS} } }`,
      { id },
    );
  const tagEntries = async (tag: string) =>
    expectOk(
      await gql<{ listTaggedPostsByDate: { items: { slug: string; postId: string }[] } }>(
        'guest',
        `query($tag: String!) { listTaggedPostsByDate(tag: $tag, sortDirection: DESC) { items { slug postId } } }`,
        { tag },
      ),
    ).listTaggedPostsByDate.items;
  const refusal = (result: GraphQLResult) => result.errors.map((error) => error.message).join('\n');

  it('refuses every client write to the live models, so nobody can null a required field or post a 200,000-character title', async () => {
    const live = (await publishedByDate('guest')).find((post) => sameOwner(post.owner, tokens.ben))!;
    expect(live).toBeDefined();
    const nulled = await gql('ben', `mutation($input: UpdatePublishedPostInput!) { updatePublishedPost(input: $input) { slug } }`, {
      input: { slug: live.slug, title: null },
    });
    expectRefused(nulled, 'updatePublishedPost');
    const huge = await gql('ben', `mutation($input: CreatePublishedPostInput!) { createPublishedPost(input: $input) { slug } }`, {
      input: completeInput('CreatePublishedPostInput', {
        slug: 'huge-title',
        postId: 'x',
        title: 'T'.repeat(200_000),
        body: 'x',
        authorName: 'Ann Okafor',
        authorHandle: 'ann-okafor',
        publishedAt: '2026-01-01T00:00:00.000Z',
        feed: 'PUBLIC',
      }),
    });
    expectRefused(huge, 'createPublishedPost');
    const squat = await gql('ben', `mutation($input: CreatePublishedPostTagInput!) { createPublishedPostTag(input: $input) { slug } }`, {
      input: completeInput('CreatePublishedPostTagInput', { tag: 'books', slug: 'squatted', postId: 'x', publishedAt: '2026-01-01T00:00:00.000Z' }),
    });
    expectRefused(squat, 'createPublishedPostTag');
    for (const model of ['PublishedPost', 'PublishedPostTag']) {
      const removal = await gql(
        'admin',
        `mutation { delete${model}(input: { slug: "${live.slug}"${model === 'PublishedPostTag' ? ', tag: "x"' : ''} }) { slug } }`,
      );
      expectRefused(removal, `delete${model}`);
    }
    // The public listing still answers, every item intact.
    const listing = await publishedByDate('guest');
    expect(listing).toHaveLength(12);
    expect(listing.every((post) => post.title && post.authorName)).toBe(true);
    expect(listing.find((post) => post.slug === live.slug)).toEqual(live);
  });

  it('publishes a draft in one step: live copy, tag entries and status, with the byline from the owner profile (not what the client wrote)', async () => {
    // A client can write anything on its own draft: another author's byline, a date in 2999.
    const draft = await benDraft({
      authorName: 'Ann Okafor',
      authorHandle: 'ann-okafor',
      tags: ['testing', 'impersonation'],
      publishedAt: '2999-01-01T00:00:00.000Z',
    });
    const change = expectOk(await publish('ben', draft.id)).publishPost;
    expect(change).toEqual({ slugs: [draft.slug], tags: ['testing', 'impersonation'], authorHandles: ['ben-lindqvist'] });
    const live = expectOk(
      await gql<{ getPublishedPost: Record<string, unknown> }>('guest', `query($slug: String!) { getPublishedPost(slug: $slug) { ${LIVE_FIELDS} } }`, {
        slug: draft.slug,
      }),
    ).getPublishedPost;
    expect(live).toMatchObject({
      slug: draft.slug,
      postId: draft.id,
      authorName: 'Ben Lindqvist',
      authorHandle: 'ben-lindqvist',
      tags: ['testing', 'impersonation'],
    });
    expect(sameOwner(String(live.owner), tokens.ben)).toBe(true);
    expect(Date.parse(String(live.publishedAt))).toBeLessThanOrEqual(Date.now());
    expect((await tagEntries('impersonation')).map((entry) => entry.postId)).toEqual([draft.id]);
    const after = expectOk(await getPost('ben', draft.id)).getPost;
    expect(after).toMatchObject({ status: 'PUBLISHED', authorName: 'Ben Lindqvist' });

    const removed = expectOk(await unpublish('ben', draft.id)).unpublishPost;
    expect({ ...removed, tags: [...(removed?.tags ?? [])].sort() }).toEqual({
      slugs: [draft.slug],
      tags: ['impersonation', 'testing'],
      authorHandles: ['ben-lindqvist'],
    });
    expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost).toBeNull();
    expect(await tagEntries('impersonation')).toEqual([]);
    expect(expectOk(await getPost('ben', draft.id)).getPost?.status).toBe('DRAFT');
  });

  it('lets no account write a profile or a preview link itself: not under another user id, not for another post, not over another profile', async () => {
    const annId = String(decodePayload(tokens.ann).sub);
    const annLive = (await publishedByDate('guest')).find((post) => sameOwner(post.owner, tokens.ann))!;
    const planted = await gql('ben', `mutation($input: CreateAuthorProfileInput!) { createAuthorProfile(input: $input) { handle } }`, {
      input: { handle: `ann-impostor-${Date.now()}`, userId: annId, name: 'Ann Impostor' },
    });
    expectRefused(planted, 'createAuthorProfile');
    expectRefused(await gql('ben', `mutation { updateAuthorProfile(input: { handle: "ann-okafor", name: "Not Ann" }) { handle } }`), 'updateAuthorProfile');
    const preview = await gql('ben', `mutation($input: CreateDraftPreviewInput!) { createDraftPreview(input: $input) { token } }`, {
      input: completeInput('CreateDraftPreviewInput', { token: `t-${Date.now()}`, postId: annLive.postId, title: 'Fake', body: 'x', authorName: 'Ann Okafor' }),
    });
    expectRefused(preview, 'createDraftPreview');
    // Through the backend, Ben reaches only his own profile and his own posts' previews.
    const shared = await gql('ben', `mutation($postId: ID!) { sharePreview(postId: $postId) }`, { postId: annLive.postId });
    expect(refusal(shared)).toMatch(/^\[not-found\] /);
    const saved = await gql<{ saveAuthorProfile: { handle: string; created: boolean } }>(
      'ben',
      `mutation { saveAuthorProfile(name: "Ben Lindqvist", bio: "Still Ben.") { handle created } }`,
    );
    expect(expectOk(saved).saveAuthorProfile).toEqual({ handle: 'ben-lindqvist', created: false });
    const annProfile = await gql<{ getAuthorProfile: { name: string } }>('guest', `{ getAuthorProfile(handle: "ann-okafor") { name } }`);
    expect(expectOk(annProfile).getAuthorProfile.name).toBe('Ann Okafor');
    const invalid = await gql('ben', `mutation { saveAuthorProfile(name: "", avatar: "https://evil.example/x.png") { handle } }`);
    expect(refusal(invalid)).toMatch(/^\[invalid\] /);
  });

  it("refuses to publish or unpublish another author's post, and says nothing about whether it exists", async () => {
    const annLive = (await publishedByDate('guest')).find((post) => sameOwner(post.owner, tokens.ann))!;
    for (const attempt of [await publish('ben', annLive.postId), await unpublish('ben', annLive.postId), await publish('ben', 'no-such-post')]) {
      expect(attempt.data).toEqual({ [Object.keys(attempt.data ?? {})[0] ?? '']: null });
      expect(refusal(attempt)).toMatch(/^\[not-found\] This post does not exist or is not yours\.$/);
    }
    expect(expectOk(await getPublished('guest', annLive.slug)).getPublishedPost).toEqual(annLive);
    // A signed-out caller is refused by the API itself.
    expectRefused(await publish('guest', annLive.postId), 'publishPost');
  });

  it("refuses a slug another author's post is live at, and nothing of the attempt is written", async () => {
    const annLive = (await publishedByDate('guest')).find((post) => sameOwner(post.owner, tokens.ann))!;
    const draft = await benDraft({ slug: annLive.slug, tags: ['squatting'] });
    const attempt = await publish('ben', draft.id);
    expect(refusal(attempt)).toMatch(/^\[slug-taken\] /);
    expect(expectOk(await getPublished('guest', annLive.slug)).getPublishedPost).toEqual(annLive);
    expect(await tagEntries('squatting')).toEqual([]);
    expect(expectOk(await getPost('ben', draft.id)).getPost?.status).toBe('DRAFT');
  });

  it('refuses a draft the studio would refuse (limits are enforced in the backend, whatever wrote the draft)', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ title: 'T'.repeat(200_000) }, /title can have at most 200/],
      [{ slug: 'Not A Slug!' }, /lowercase letters, digits and single hyphens/],
      [{ tags: Array.from({ length: 11 }, (_, index) => `tag-${index}`) }, /At most 10 tags/],
      [{ body: '' }, /Write something/],
    ];
    for (const [fields, message] of cases) {
      const draft = await benDraft(fields);
      const attempt = await publish('ben', draft.id);
      expect(refusal(attempt)).toMatch(/^\[invalid\] This draft cannot go live as it is: /);
      expect(refusal(attempt)).toMatch(message);
      expect(expectOk(await getPost('ben', draft.id)).getPost?.status).toBe('DRAFT');
    }
  });

  it("lets an admin publish and unpublish an author's post, which keeps the author's byline", async () => {
    const draft = await benDraft();
    expect(expectOk(await publish('admin', draft.id)).publishPost?.authorHandles).toEqual(['ben-lindqvist']);
    const live = expectOk(await getPublished('guest', draft.slug)).getPublishedPost;
    expect(live?.authorName).toBe('Ben Lindqvist');
    expect(sameOwner(live?.owner ?? null, tokens.ben)).toBe(true);
    expect(expectOk(await unpublish('admin', draft.id)).unpublishPost?.slugs).toEqual([draft.slug]);
    expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost).toBeNull();
  });

  it('moves a live post to its new slug in one step when the draft changed address', async () => {
    const draft = await benDraft();
    expectOk(await publish('ben', draft.id));
    const firstDate = expectOk(await getPublished('guest', draft.slug)).getPublishedPost?.publishedAt;
    expect(firstDate).toMatch(/^\d{4}-/);
    const moved = `${draft.slug}-moved`;
    expectOk(await gql('ben', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, { input: { id: draft.id, slug: moved } }));
    expect(expectOk(await publish('ben', draft.id)).publishPost?.slugs).toEqual([moved, draft.slug]);
    expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost).toBeNull();
    const republished = expectOk(await getPublished('guest', moved)).getPublishedPost;
    expect(republished?.postId).toBe(draft.id);
    // An update is not a new post: the first publication date stays.
    expect(republished?.publishedAt).toBe(firstDate);
    expect((await tagEntries('testing')).filter((entry) => entry.postId === draft.id)).toEqual([{ slug: moved, postId: draft.id }]);
    expectOk(await unpublish('ben', draft.id));
  });

  it('ends consistent when the same post is published ten times at once', async () => {
    const draft = await benDraft({ tags: ['racing'] });
    const attempts = await Promise.all(Array.from({ length: 10 }, () => publish('ben', draft.id)));
    for (const attempt of attempts) if (attempt.errors.length) expect(refusal(attempt)).toMatch(/^\[conflict\] /);
    expect(attempts.some((attempt) => attempt.errors.length === 0)).toBe(true);
    expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost?.postId).toBe(draft.id);
    expect(await tagEntries('racing')).toEqual([{ slug: draft.slug, postId: draft.id }]);
    expect(expectOk(await getPost('ben', draft.id)).getPost?.status).toBe('PUBLISHED');
    expectOk(await unpublish('ben', draft.id));
    expect(await publishedByDate('guest')).toHaveLength(12);
  });
});

describe("roles: contributors draft, authors publish their own, editors and admins anyone's; admins change roles", () => {
  const CHANGE = 'slugs tags authorHandles';
  let seq = 0;
  const refusal = (result: GraphQLResult) => result.errors.map((error) => error.message).join('\n');
  const usernameOf = (account: Account) => String(decodePayload(tokens[account]).username);

  async function draftBy(caller: Account, fields: Record<string, unknown> = {}): Promise<PostRow> {
    seq += 1;
    const created = await gql<{ createPost: PostRow }>(caller, `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: `Roles test ${seq}`,
        slug: `roles-test-${seq}-${Date.now()}`,
        body: 'Written for an editor to publish.',
        tags: ['roles'],
        status: 'DRAFT',
        authorName: 'Whoever',
        ...fields,
      }),
    });
    return expectOk(created).createPost;
  }
  const publishAs = (caller: Caller, id: string) => gql(caller, `mutation($id: ID!) { publishPost(id: $id) { ${CHANGE} } }`, { id });
  const unpublishAs = (caller: Caller, id: string) => gql(caller, `mutation($id: ID!) { unpublishPost(id: $id) { ${CHANGE} } }`, { id });
  const scheduleAs = (caller: Caller, id: string, at: Date) =>
    gql(caller, `mutation($id: ID!, $at: AWSDateTime!) { schedulePost(id: $id, at: $at) }`, { id, at: at.toISOString() });
  const people = (caller: Caller) =>
    gql<{ listPeople: { username: string; email: string; role: string }[] }>(caller, `{ listPeople { username email role status } }`);
  const setRole = (caller: Caller, username: string, role: string) =>
    gql<{ setPersonRole: { email: string; role: string } }>(
      caller,
      `mutation($username: String!, $role: String!) { setPersonRole(username: $username, role: $role) { email role } }`,
      { username, role },
    );

  /** Runs the scheduler now, as EventBridge would at the next minute: Lambda's Invoke, signed with the backend's admin credentials. */
  async function runScheduler(): Promise<{ published: string[]; failed: string[] }> {
    const info = backend!.info!;
    const credentials = JSON.parse(readFileSync(info.credentials, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const name = info.functions['publish-due'];
    const url = new URL(`/2015-03-31/functions/${name}/invocations`, info.endpoints.dynamodb);
    const signer = new SignatureV4({ credentials, region: outputs.auth.aws_region, service: 'lambda', sha256: Hash.bind(null, 'sha256') });
    const request = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body: '{}',
    });
    const response = await fetch(url, { method: 'POST', headers: request.headers, body: '{}' });
    expect(response.status).toBe(200);
    return (await response.json()) as { published: string[]; failed: string[] };
  }

  beforeAll(async () => {
    // Cora's byline needs her profile, which the studio creates on her first save.
    expectOk(await gql('cora', `mutation { saveAuthorProfile(name: "Cora Mensah", createOnly: true) { handle } }`));
  });

  it('gives each seeded account its role, and only an admin may list people', async () => {
    const listed = expectOk(await people('admin')).listPeople;
    const roleOf = (email: string) => listed.find((person) => person.email === email)?.role;
    expect(DEMO_ACCOUNTS.map((account) => [account.email, roleOf(account.email)])).toEqual(DEMO_ACCOUNTS.map((account) => [account.email, account.role]));
    for (const caller of ['eli', 'ann', 'cora', 'guest'] as const) expectRefused(await people(caller), 'listPeople');
    expectRefused(await setRole('eli', usernameOf('cora'), 'admin'), 'setPersonRole');
  });

  it("lets a contributor write a draft but not publish, schedule or share it live; an editor publishes it with the contributor's byline", async () => {
    const draft = await draftBy('cora');
    expect(refusal(await publishAs('cora', draft.id))).toMatch(/^\[forbidden\] Contributors do not publish: submit the post for review/);
    expect(refusal(await scheduleAs('cora', draft.id, new Date(Date.now() + 3_600_000)))).toMatch(/^\[forbidden\] Contributors do not publish/);
    expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost).toBeNull();
    // She hands it to the editors; an editor sees it among everyone's posts and publishes it.
    expectOk(await gql('cora', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, { input: { id: draft.id, status: 'REVIEW' } }));
    expect((await listPosts('eli')).find((post) => post.id === draft.id)?.status).toBe('REVIEW');
    expect(expectOk(await publishAs('eli', draft.id))).toEqual({ publishPost: { slugs: [draft.slug], tags: ['roles'], authorHandles: ['cora-mensah'] } });
    const live = expectOk(await getPublished('guest', draft.slug)).getPublishedPost;
    expect(live?.authorName).toBe('Cora Mensah');
    expect(sameOwner(live?.owner ?? null, tokens.cora)).toBe(true);
    // Once live, taking it down is publishing work too.
    expect(refusal(await unpublishAs('cora', draft.id))).toMatch(/^\[forbidden\] /);
    expectOk(await unpublishAs('eli', draft.id));
    expect(expectOk(await getPublished('guest', draft.slug)).getPublishedPost).toBeNull();
  });

  it("keeps an author to her own posts: Ben's draft is not hers to publish, an editor's reach is everyone's", async () => {
    const draft = await draftBy('ben');
    expect(refusal(await publishAs('ann', draft.id))).toMatch(/^\[not-found\] /);
    expect(refusal(await scheduleAs('ann', draft.id, new Date(Date.now() + 3_600_000)))).toMatch(/^\[not-found\] /);
    expect(expectOk(await getPost('eli', draft.id)).getPost?.id).toBe(draft.id);
    expectOk(await publishAs('eli', draft.id));
    expectOk(await unpublishAs('eli', draft.id));
  });

  it('publishes on schedule only what someone who may publish scheduled, as it was scheduled', async () => {
    // A contributor can write SCHEDULED and a past time on her own draft: that publishes nothing.
    const forged = await draftBy('cora');
    expectOk(
      await gql('cora', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, {
        input: { id: forged.id, status: 'SCHEDULED', scheduledAt: new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    // Nor can she write who scheduled it: those fields are the backend's.
    expectRefused(
      await gql('cora', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, {
        input: { id: forged.id, scheduledBy: usernameOf('eli') },
      }),
      'updatePost',
    );
    // An editor schedules another of her drafts; she then changes it: that one waits for an editor again.
    const changed = await draftBy('cora');
    const approved = await draftBy('cora');
    const soon = new Date(Date.now() + 1500);
    for (const post of [changed, approved]) expect(expectOk(await scheduleAs('eli', post.id, soon))).toEqual({ schedulePost: soon.toISOString() });
    expectOk(
      await gql('cora', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, {
        input: { id: changed.id, body: 'Changed after approval.' },
      }),
    );
    // Nor may she bring an approved schedule forward: the editor approved a time as well as a text.
    const embargoed = await draftBy('cora');
    expectOk(await scheduleAs('eli', embargoed.id, new Date(Date.now() + 3_600_000)));
    expectOk(
      await gql('cora', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, {
        input: { id: embargoed.id, scheduledAt: new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    // Ann schedules her own post.
    const own = await draftBy('ann');
    expectOk(await scheduleAs('ann', own.id, soon));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, soon.getTime() - Date.now()) + 100));

    // The backend's own every-minute run may get there first; either way, this run finds the two
    // refused posts still due and refuses them again.
    const run = await runScheduler();
    expect(run.failed).toEqual(expect.arrayContaining([forged.id, changed.id, embargoed.id]));
    expect(run.published.filter((id) => id !== approved.id && id !== own.id)).toEqual([]);
    expect(expectOk(await getPublished('guest', approved.slug)).getPublishedPost?.authorName).toBe('Cora Mensah');
    expect(expectOk(await getPublished('guest', own.slug)).getPublishedPost?.authorName).toBe('Ann Okafor');
    for (const post of [forged, changed, embargoed]) expect(expectOk(await getPublished('guest', post.slug)).getPublishedPost).toBeNull();
    // Tidy: what went live comes down, what waits is cancelled, so later runs find nothing due.
    for (const [caller, id] of [
      ['eli', approved.id],
      ['ann', own.id],
    ] as const)
      expectOk(await unpublishAs(caller, id));
    for (const post of [forged, changed, embargoed]) {
      expectOk(await gql('cora', `mutation($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, { input: { id: post.id, status: 'DRAFT' } }));
    }
  });

  it('changes a role at once for publishing, and never leaves the pool without an admin', async () => {
    const cora = usernameOf('cora');
    const draft = await draftBy('cora');
    expect(expectOk(await setRole('admin', cora, 'author')).setPersonRole).toEqual({ email: 'cora@folio.test', role: 'author' });
    // Her token still says CONTRIBUTORS; the backend looks the role up, so she publishes now.
    expectOk(await publishAs('cora', draft.id));
    expectOk(await setRole('admin', cora, 'contributor'));
    expect(refusal(await unpublishAs('cora', draft.id))).toMatch(/^\[forbidden\] /);
    expectOk(await unpublishAs('eli', draft.id));

    expect(refusal(await setRole('admin', usernameOf('admin'), 'editor'))).toMatch(
      /^\[invalid\] admin@folio.test is the only admin: make someone else an admin first/,
    );
    expect(refusal(await setRole('admin', cora, 'owner'))).toMatch(/^\[invalid\] Choose one of the roles listed\.$/);
    expect(refusal(await setRole('admin', 'no-such-user', 'reader'))).toMatch(/^\[not-found\] /);
    const after = expectOk(await people('admin')).listPeople;
    expect(after.find((person) => person.email === 'admin@folio.test')?.role).toBe('admin');
    expect(after.find((person) => person.email === 'cora@folio.test')?.role).toBe('contributor');
  });

  it('refuses an author profile (a public record) to a reader', async () => {
    // The reviewer account is an author; a reader is what a new sign-up is (tested with the trigger in e2e).
    const reviewer = DEMO_ACCOUNTS.find((account) => account.key === 'reviewer')!;
    const username = expectOk(await people('admin')).listPeople.find((person) => person.email === reviewer.email)!.username;
    expectOk(await setRole('admin', username, 'reader'));
    try {
      await sharedInMemoryStorage.clear();
      await cognitoCredentialsProvider.clearCredentialsAndIdentityId();
      const signedIn = await signIn({ username: reviewer.email, password: reviewer.password });
      expect(signedIn.isSignedIn).toBe(true);
      const token = (await fetchAuthSession()).tokens!.accessToken.toString();
      const attempt = await gql({ authorization: token }, `mutation { saveAuthorProfile(name: "A Reader") { handle } }`);
      expect(refusal(attempt)).toMatch(/^\[forbidden\] Author profiles are for people who write here/);
    } finally {
      expectOk(await setRole('admin', username, 'author'));
    }
  });
});

describe('comments, written by the backend', () => {
  const EVENT = 'id postId postSlug status authorName createdAt html';
  const add = (caller: Caller, postId: string, body: string) =>
    gql<{ addComment: { id: string; status: string; html: string | null; authorName: string } | null }>(
      caller,
      `mutation($postId: ID!, $body: String!) { addComment(postId: $postId, body: $body) { ${EVENT} } }`,
      { postId, body },
    );
  const moderate = (caller: Caller, id: string, action: string) =>
    gql<{ moderateComment: { id: string; status: string; html: string | null } | null }>(
      caller,
      `mutation($id: ID!, $action: String!) { moderateComment(id: $id, action: $action) { ${EVENT} } }`,
      { id, action },
    );
  const publicComments = async (postId: string) =>
    expectOk(
      await gql<{ listPublicCommentsByPost: { items: { commentId: string; html: string; authorName: string }[] } }>(
        'guest',
        `query($postId: ID!) { listPublicCommentsByPost(postId: $postId) { items { commentId html authorName } } }`,
        { postId },
      ),
    ).listPublicCommentsByPost.items;
  const count = async (slug: string) =>
    expectOk(
      await gql<{ getPublishedPost: { commentCount: number | null } }>('guest', `query($slug: String!) { getPublishedPost(slug: $slug) { commentCount } }`, {
        slug,
      }),
    ).getPublishedPost.commentCount ?? 0;
  const refusal = (result: GraphQLResult) => result.errors.map((error) => error.message).join('\n');

  let reader: { authorization: string };
  let annPost: PublishedRow;

  beforeAll(async () => {
    // A reader: a demo account moved to the reader role for these tests (its comments wait for a moderator).
    const reviewer = DEMO_ACCOUNTS.find((account) => account.key === 'reviewer')!;
    const listed = expectOk(await gql<{ listPeople: { username: string; email: string }[] }>('admin', '{ listPeople { username email } }')).listPeople;
    const username = listed.find((person) => person.email === reviewer.email)!.username;
    expectOk(await gql('admin', `mutation($u: String!) { setPersonRole(username: $u, role: "reader") { role } }`, { u: username }));
    await sharedInMemoryStorage.clear();
    await cognitoCredentialsProvider.clearCredentialsAndIdentityId();
    await signIn({ username: reviewer.email, password: reviewer.password });
    reader = { authorization: (await fetchAuthSession()).tokens!.accessToken.toString() };
    annPost = (await publishedByDate('guest')).find((post) => sameOwner(post.owner, tokens.ann))!;
  });

  let readerCommentedAt = 0;
  let benComment = '';

  it("holds a reader's first comment for moderation: no text is public until the post's author approves it", async () => {
    const before = await count(annPost.slug);
    const added = expectOk(await add(reader, annPost.postId, 'Lovely piece. **Thank you** — <script>alert(1)</script>')).addComment!;
    readerCommentedAt = Date.now();
    expect(added).toMatchObject({ status: 'PENDING', html: null, authorName: 'Preview Reviewer' });
    expect(await publicComments(annPost.postId)).toEqual([]);
    // Another author may not moderate it, and learns nothing about it.
    expect(refusal(await moderate('ben', added.id, 'approve'))).toMatch(/^\[not-found\] /);
    const approved = expectOk(await moderate('ann', added.id, 'approve')).moderateComment!;
    expect(approved.status).toBe('APPROVED');
    expect(approved.html).toContain('<strong>Thank you</strong>');
    expect(approved.html).not.toContain('<script');
    expect((await publicComments(annPost.postId)).map((comment) => comment.commentId)).toEqual([added.id]);
    expect(await count(annPost.slug)).toBe(before + 1);
  });

  it('refuses empty, oversized and too-frequent comments, and comments on posts that are not live', async () => {
    expect(refusal(await add('ben', annPost.postId, '   '))).toMatch(/^\[invalid\] Write a comment\.$/);
    expect(refusal(await add('ben', annPost.postId, 'x'.repeat(2001)))).toMatch(/^\[invalid\] A comment can have at most 2000 characters\.$/);
    // An author's comment is up at once; a second one right after is refused.
    const first = expectOk(await add('ben', annPost.postId, 'A word from another author.')).addComment!;
    expect(first.status).toBe('APPROVED');
    benComment = first.id;
    expect(refusal(await add('ben', annPost.postId, 'Again, at once.'))).toMatch(/^\[rate-limited\] You just commented\. Wait \d+ s/);
    const draft = (await listPosts('ann')).find((post) => post.status === 'DRAFT')!;
    expect(refusal(await add('ann', draft.id, 'On a draft.'))).toMatch(/^\[not-found\] Comments are open on published posts only\.$/);
    expectRefused(await add('guest', annPost.postId, 'Anonymous.'), 'addComment');
    // No client writes a comment or its public copy itself.
    expectRefused(
      await gql('ben', `mutation($input: CreatePublicCommentInput!) { createPublicComment(input: $input) { commentId } }`, {
        input: { commentId: 'forged', postId: annPost.postId, createdAt: new Date().toISOString(), authorName: 'Ann Okafor', html: '<p>forged</p>' },
      }),
      'createPublicComment',
    );
  });

  it('takes a hidden comment off the page and out of the count in one step', async () => {
    const before = await count(annPost.slug);
    expect(expectOk(await moderate('eli', benComment, 'hide')).moderateComment).toMatchObject({ status: 'HIDDEN', html: null });
    expect((await publicComments(annPost.postId)).map((comment) => comment.commentId)).not.toContain(benComment);
    expect(await count(annPost.slug)).toBe(before - 1);
  });

  it('lets a reader with an approved comment comment straight away', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, readerCommentedAt + 15_500 - Date.now())));
    expect(expectOk(await add(reader, annPost.postId, 'Second, straight up.')).addComment?.status).toBe('APPROVED');
  }, 30_000);

  it('deletes a post only through the backend: its live copy, previews and comments go with it, and a contributor cannot delete a live post', async () => {
    const draft = await gql<{ createPost: PostRow }>('cora', `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: 'Short-lived',
        slug: `short-lived-${Date.now()}`,
        body: 'Here briefly.',
        status: 'DRAFT',
        authorName: 'x',
      }),
    });
    const post = expectOk(draft).createPost;
    // No client deletes a post itself (it would leave the live copy and comments behind).
    expectRefused(await gql('cora', `mutation($id: ID!) { deletePost(input: { id: $id }) { id } }`, { id: post.id }), 'deletePost');
    expectOk(await gql('eli', `mutation($id: ID!) { publishPost(id: $id) { slugs } }`, { id: post.id }));
    expectOk(await gql('cora', `mutation($postId: ID!) { sharePreview(postId: $postId) }`, { postId: post.id }));
    expectOk(await add('ben', post.id, 'A comment that goes with the post.'));
    expect(await publicComments(post.id)).toHaveLength(1);
    // Live, it is publishing work to take it down: not the contributor's, and not another author's.
    expect(refusal(await gql('cora', `mutation($id: ID!) { removePost(id: $id) { slugs } }`, { id: post.id }))).toMatch(/^\[forbidden\] Contributors/);
    expect(refusal(await gql('ann', `mutation($id: ID!) { removePost(id: $id) { slugs } }`, { id: post.id }))).toMatch(/^\[not-found\] /);
    const removed = expectOk(await gql<{ removePost: { slugs: string[] } }>('eli', `mutation($id: ID!) { removePost(id: $id) { slugs } }`, { id: post.id }));
    expect(removed.removePost.slugs).toEqual([post.slug]);
    expect(expectOk(await getPublished('guest', post.slug)).getPublishedPost).toBeNull();
    expect(await publicComments(post.id)).toEqual([]);
    expect(expectOk(await getPost('admin', post.id)).getPost).toBeNull();
    const previews = expectOk(
      await gql<{ listDraftPreviewsByPostId: { items: unknown[] } }>(
        'admin',
        `query($id: ID!) { listDraftPreviewsByPostId(postId: $id) { items { token } } }`,
        {
          id: post.id,
        },
      ),
    ).listDraftPreviewsByPostId.items;
    expect(previews).toEqual([]);
  }, 30_000);
});

describe('saving a draft, as the studio does (lib/posts/lifecycle.ts)', () => {
  it('lands exactly one of twenty saves based on one version, refuses the rest as conflicts, and keeps the one that landed', async () => {
    // Each account's own client and token: the studio's server client sends the signed-in person's.
    const clientOf = (key: Account) => generateClient<Schema>({ authMode: 'userPool', authToken: tokens[key] }) as unknown as PostsDataClient;
    const draft = await createDraft(clientOf('ann'), {
      title: 'Twenty saves at once',
      slug: `twenty-saves-${Date.now()}`,
      excerpt: '',
      body: 'The version everyone opened.',
      tags: [],
      authorName: 'Ann Author',
      authorHandle: 'ann',
    });
    const savers: Account[] = [...Array<Account>(8).fill('ann'), ...Array<Account>(6).fill('eli'), ...Array<Account>(6).fill('admin')];
    const outcomes = await Promise.allSettled(
      savers.map((key, n) =>
        updateDraft(clientOf(key), draft.id, { title: draft.title, slug: draft.slug, excerpt: '', body: `Save ${n} by ${key}.`, tags: [] }, draft.version),
      ),
    );
    const landed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    expect(landed).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const reason of refused) expect(reason).toBeInstanceOf(PostConflictError);
    const stored = await getStudioPost(clientOf('ann'), draft.id);
    expect(stored?.body).toBe(landed[0]?.body);
    // A save based on what is stored now lands.
    const next = await updateDraft(
      clientOf('eli'),
      draft.id,
      { title: draft.title, slug: draft.slug, excerpt: '', body: 'Edited after the race.', tags: [] },
      stored?.version,
    );
    expect(next.body).toBe('Edited after the race.');
  });
});

/**
 * The authorization matrix (issue 15): every actor against every model and operation the data
 * client offers, and every custom query and mutation, each cell one test. The expected outcomes
 * come from the rules in ./resource.ts and the role design (lib/roles.ts, docs/architecture.md
 * "Roles"), not from what the backend answers. Calls go through the unchanged aws-amplify data
 * client, as lib/ makes them. The records acted on are Ann's: "author" is Ann on her own record,
 * "other author" is Ben on Ann's; "reader" is Rita, who wrote the comment the Comment rows read.
 * A refused read must return nothing of the record (its secret text appears nowhere in the
 * answer); a refused write must change nothing (read back by someone who may read it).
 */
describe('[red-team authorization] every actor × every model, operation and custom operation', () => {
  const ACTORS = ['guest', 'reader', 'contributor', 'author', 'other author', 'editor', 'admin'] as const;
  type Actor = (typeof ACTORS)[number];
  type Member = Exclude<Actor, 'guest'>;
  const ACCOUNT: Record<Member, Account> = { reader: 'rita', contributor: 'cora', author: 'ann', 'other author': 'ben', editor: 'eli', admin: 'admin' };
  const Y = 'allowed';
  const N = 'refused';
  type Expected = typeof Y | typeof N;

  // Columns: guest (API key), reader, contributor, author (own record), other author (Ann's record), editor, admin.
  // One row per line, so that the table reads as a table.
  // prettier-ignore
  const MATRIX: [operation: string, expected: [Expected, Expected, Expected, Expected, Expected, Expected, Expected]][] = [
    //                                                                       guest reader contrib author other editor admin
    // A reader's own draft is allowed by the owner rule (docs/security.md, Open: "A reader can create a private draft").
    ["Post.create (the caller's own draft)",                                  [N,    Y,     Y,      Y,     Y,    Y,     Y]],
    // Only admins may set `owner` (protectedOwner): give a post to Ann, or name her as its owner.
    ['Post.create (owner set to Ann)',                                        [N,    N,     N,      N,     N,    N,     Y]],
    ['Post.get',                                                              [N,    N,     N,      Y,     N,    Y,     Y]],
    ['Post.list',                                                             [N,    N,     N,      Y,     N,    Y,     Y]],
    ['Post.listPostsBySlug',                                                  [N,    N,     N,      Y,     N,    Y,     Y]],
    ['Post.listPostsByStatusAndScheduledAt',                                  [N,    N,     N,      Y,     N,    Y,     Y]],
    ['Post.update',                                                           [N,    N,     N,      Y,     N,    Y,     Y]],
    ["Post.update (owner: hand Ann's draft to Ben)",                          [N,    N,     N,      N,     N,    N,     Y]],
    // Nobody deletes a draft directly: removePost does, in the backend.
    ['Post.delete',                                                           [N,    N,     N,      N,     N,    N,     N]],
    // The live models, profiles and public comments are written by the functions only.
    ['PublishedPost.create',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['PublishedPost.get',                                                     [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPost.list',                                                    [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPost.listPublishedPostsByDate',                                [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPost.listPublishedPostsByPostId',                              [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPost.listPublishedPostsByOwner',                               [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPost.update',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['PublishedPost.delete',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['PublishedPostTag.create',                                               [N,    N,     N,      N,     N,    N,     N]],
    ['PublishedPostTag.get',                                                  [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPostTag.list',                                                 [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPostTag.listTaggedPostsByDate',                                [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPostTag.listPublishedPostTagsByPostId',                        [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['PublishedPostTag.update',                                               [N,    N,     N,      N,     N,    N,     N]],
    ['PublishedPostTag.delete',                                               [N,    N,     N,      N,     N,    N,     N]],
    // The API key may `get` a preview by its token, never list or query them.
    ['DraftPreview.create',                                                   [N,    N,     N,      N,     N,    N,     N]],
    ['DraftPreview.get',                                                      [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['DraftPreview.list',                                                     [N,    N,     N,      Y,     N,    Y,     Y]],
    ['DraftPreview.listDraftPreviewsByPostId',                                [N,    N,     N,      Y,     N,    Y,     Y]],
    ['DraftPreview.update',                                                   [N,    N,     N,      N,     N,    N,     N]],
    ['DraftPreview.delete',                                                   [N,    N,     N,      N,     N,    N,     N]],
    ['AuthorProfile.create',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['AuthorProfile.get',                                                     [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['AuthorProfile.list',                                                    [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['AuthorProfile.listAuthorProfilesByUserId',                              [Y,    N,     N,      Y,     N,    Y,     Y]],
    ['AuthorProfile.update',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['AuthorProfile.delete',                                                  [N,    N,     N,      N,     N,    N,     N]],
    // A pending comment by Rita on Ann's post: its writer, the post's owner, editors and admins read it.
    ['Comment.create',                                                        [N,    N,     N,      N,     N,    N,     N]],
    ['Comment.get',                                                           [N,    Y,     N,      Y,     N,    Y,     Y]],
    ['Comment.list',                                                          [N,    Y,     N,      Y,     N,    Y,     Y]],
    ['Comment.listCommentsByPost',                                            [N,    Y,     N,      Y,     N,    Y,     Y]],
    ['Comment.listCommentsByPostOwner',                                       [N,    Y,     N,      Y,     N,    Y,     Y]],
    ['Comment.listCommentsByStatus',                                          [N,    Y,     N,      Y,     N,    Y,     Y]],
    ['Comment.listCommentsByOwner',                                           [N,    Y,     N,      Y,     N,    Y,     Y]],
    ['Comment.update',                                                        [N,    N,     N,      N,     N,    N,     N]],
    ['Comment.delete',                                                        [N,    N,     N,      N,     N,    N,     N]],
    // An approved comment's public copy: everyone reads it (and never a pending one's text).
    ['PublicComment.create',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['PublicComment.get',                                                     [Y,    Y,     Y,      Y,     Y,    Y,     Y]],
    ['PublicComment.list',                                                    [Y,    Y,     Y,      Y,     Y,    Y,     Y]],
    ['PublicComment.listPublicCommentsByPost',                                [Y,    Y,     Y,      Y,     Y,    Y,     Y]],
    ['PublicComment.update',                                                  [N,    N,     N,      N,     N,    N,     N]],
    ['PublicComment.delete',                                                  [N,    N,     N,      N,     N,    N,     N]],
    // Publishing work (lib/roles.ts canPublish): authors their own posts, editors and admins anyone's.
    ['publishPost',                                                           [N,    N,     N,      Y,     N,    Y,     Y]],
    ["publishPost (the caller's own draft)",                                  [N,    N,     N,      Y,     Y,    Y,     Y]],
    ['unpublishPost',                                                         [N,    N,     N,      Y,     N,    Y,     Y]],
    ['schedulePost',                                                          [N,    N,     N,      Y,     N,    Y,     Y]],
    ["schedulePost (the caller's own draft)",                                 [N,    N,     N,      Y,     Y,    Y,     Y]],
    // Edit-level work: whoever may edit the post (contributors their own, editors and admins anyone's).
    ['removePost',                                                            [N,    N,     N,      Y,     N,    Y,     Y]],
    ['sharePreview',                                                          [N,    N,     N,      Y,     N,    Y,     Y]],
    ["sharePreview (the caller's own draft)",                                 [N,    N,     Y,      Y,     Y,    Y,     Y]],
    ['revokePreview',                                                         [N,    N,     N,      Y,     N,    Y,     Y]],
    // Profiles are for people who write; comments for anyone signed in; moderation for the post's owner, editors, admins.
    ["saveAuthorProfile (the caller's own profile)",                          [N,    N,     Y,      Y,     Y,    Y,     Y]],
    ['addComment',                                                            [N,    Y,     Y,      Y,     Y,    Y,     Y]],
    ['moderateComment',                                                       [N,    N,     N,      Y,     N,    Y,     Y]],
    // People: admins only (the schema's group rule, and the function again).
    ['listPeople',                                                            [N,    N,     N,      N,     N,    N,     Y]],
    ['setPersonRole (readers and writers try to make themselves admin)',      [N,    N,     N,      N,     N,    N,     Y]],
  ];

  const stamp = Date.now().toString(36);
  const SECRET = `red-team-secret-${stamp}`;
  const FAR_FUTURE = '2099-01-01T00:00:00.000Z';
  const data = () => generateClient<Schema>();
  let client: ReturnType<typeof data>;
  /** Posts the matrix made, removed at the end with everything hanging off them. */
  const made: string[] = [];
  const fixture = {
    draft: undefined as unknown as PostRow,
    handover: undefined as unknown as PostRow,
    live: undefined as unknown as PostRow,
    forPublishing: undefined as unknown as PostRow,
    forUnpublishing: undefined as unknown as PostRow,
    forScheduling: undefined as unknown as PostRow,
    forSharing: undefined as unknown as PostRow,
    previewToken: '',
    pendingComment: '',
    approvedComment: '',
    tag: `red-team-${stamp}`,
  };

  /**
   * The caller's credentials for one call: the API key, or the member's access token in the
   * Authorization header, exactly what 'userPool' mode sends. 'lambda' mode sends the given token
   * as it is without asking the client's own session for one first (none need be signed in).
   */
  const auth = (actor: Actor) => (actor === 'guest' ? { authMode: 'apiKey' as const } : { authMode: 'lambda' as const, authToken: tokens[ACCOUNT[actor]] });
  const ownerOf = (account: Account) => ownerForms(tokens[account])[1]!;
  const subOf = (account: Account) => ownerForms(tokens[account])[0]!;
  const usernameOf = (account: Account) => String(decodePayload(tokens[account]).username);

  interface Outcome {
    data: unknown;
    errors: { message: string; errorType?: string }[];
  }

  /** Runs one client call; a call the client throws on (a response that is no GraphQL answer) counts by the errors it carries. */
  async function attempt(call: () => Promise<{ data?: unknown; errors?: readonly { message: string }[] }>): Promise<Outcome> {
    try {
      const result = await call();
      return {
        data: result.data ?? null,
        errors: (result.errors ?? []).map((error) => ({ message: error.message, errorType: (error as { errorType?: string }).errorType })),
      };
    } catch (error) {
      const carried = (error as { errors?: { message: string }[] }).errors;
      return { data: null, errors: carried ?? [{ message: String(error) }] };
    }
  }

  type Page = { data?: unknown; errors?: readonly { message: string }[]; nextToken?: string | null };
  /** Every page of a list or index query. */
  async function attemptAll(call: (nextToken: string | null | undefined) => Promise<Page>): Promise<Outcome & { data: unknown[] }> {
    const items: unknown[] = [];
    const errors: Outcome['errors'] = [];
    let nextToken: string | null | undefined;
    for (let page = 0; page < 50; page++) {
      let result: Page;
      try {
        result = await call(nextToken);
      } catch (error) {
        errors.push(...((error as { errors?: { message: string }[] }).errors ?? [{ message: String(error) }]));
        break;
      }
      if (Array.isArray(result.data)) items.push(...(result.data as unknown[]));
      errors.push(...(result.errors ?? []).map((error) => ({ message: error.message, errorType: (error as { errorType?: string }).errorType })));
      nextToken = result.nextToken;
      if (!nextToken) break;
    }
    return { data: items, errors };
  }

  const REFUSAL = /Unauthorized|Not Authorized|^\[(not-found|forbidden)\] /m;
  const described = (outcome: Outcome) => outcome.errors.map((error) => error.message).join('\n');

  /** A refusal the API or the function gave as such (not a crash, not a validation error), with no data. */
  function expectRefusal(outcome: Outcome): void {
    expect(described(outcome)).toMatch(REFUSAL);
    if (!Array.isArray(outcome.data)) expect(outcome.data).toBeNull();
  }

  function expectSuccess(outcome: Outcome): void {
    expect(outcome.errors).toEqual([]);
  }

  /** A read: allowed finds the record; refused finds no trace of it. */
  function expectRead(expected: Expected, outcome: Outcome, isTarget: (item: Record<string, unknown>) => boolean, secret?: string): void {
    const items = (Array.isArray(outcome.data) ? outcome.data : [outcome.data]).filter(
      (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
    );
    if (expected === Y) {
      expectSuccess(outcome);
      expect(items.some(isTarget)).toBe(true);
    } else {
      expect(items.filter(isTarget)).toEqual([]);
      if (secret) expect(JSON.stringify(outcome)).not.toContain(secret);
      // Either the API said no, or it answered with only what the caller may see.
      if (outcome.errors.length > 0) expectRefusal(outcome);
    }
  }

  /** A write: allowed succeeds; refused is a refusal. `after` then checks the records either way. */
  async function expectWrite(expected: Expected, outcome: Outcome, after: (allowed: boolean) => Promise<void>): Promise<void> {
    if (expected === Y) expectSuccess(outcome);
    else expectRefusal(outcome);
    await after(expected === Y);
  }

  async function draftOf(account: Account, fields: Record<string, unknown> = {}): Promise<PostRow> {
    const created = await gql<{ createPost: PostRow }>(account, `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: `Matrix post ${made.length}`,
        slug: `red-team-${stamp}-${made.length}`,
        body: 'Written by the authorization matrix.',
        tags: [fixture.tag],
        status: 'DRAFT',
        authorName: 'Whoever',
        ...fields,
      }),
    });
    const post = expectOk(created).createPost;
    made.push(post.id);
    return post;
  }

  const adminPost = async (id: string) => expectOk(await getPost('admin', id)).getPost;
  const liveCopy = async (slug: string) => expectOk(await getPublished('guest', slug)).getPublishedPost;
  const publishAs = async (account: Account, id: string) => expectOk(await gql(account, `mutation($id: ID!) { publishPost(id: $id) { slugs } }`, { id }));
  const previewsOf = async (postId: string) =>
    expectOk(
      await gql<{ listDraftPreviewsByPostId: { items: { token: string }[] } }>(
        'admin',
        `query($postId: ID!) { listDraftPreviewsByPostId(postId: $postId) { items { token } } }`,
        {
          postId,
        },
      ),
    ).listDraftPreviewsByPostId.items;
  const commentsOn = async (postId: string) =>
    expectOk(
      await gql<{ listCommentsByPost: { items: { id: string; status: string; body: string }[] } }>(
        'admin',
        `query($postId: ID!) { listCommentsByPost(postId: $postId, limit: 1000) { items { id status body } } }`,
        { postId },
      ),
    ).listCommentsByPost.items;
  const publicCommentsOn = async (postId: string) =>
    expectOk(
      await gql<{ listPublicCommentsByPost: { items: { commentId: string }[] } }>(
        'guest',
        `query($postId: ID!) { listPublicCommentsByPost(postId: $postId, limit: 1000) { items { commentId } } }`,
        { postId },
      ),
    ).listPublicCommentsByPost.items.map((comment) => comment.commentId);
  const people = async () => expectOk(await gql<{ listPeople: { username: string; role: string }[] }>('admin', '{ listPeople { username role } }')).listPeople;
  const roleOfAccount = async (account: Account) => (await people()).find((person) => person.username === usernameOf(account))?.role;

  /** Waits out the comments function's 15 s between two comments of one account (its last one read back through the API). */
  async function commentWindow(account: Account): Promise<void> {
    const latest = expectOk(
      await gql<{ listCommentsByOwner: { items: { createdAt: string }[] } }>(
        account,
        `query($owner: String!) { listCommentsByOwner(owner: $owner, sortDirection: DESC, limit: 1) { items { createdAt } } }`,
        { owner: ownerOf(account) },
      ),
    ).listCommentsByOwner.items[0];
    if (latest) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(latest.createdAt) + 15_500 - Date.now())));
  }

  async function comment(account: Account, postId: string, body: string): Promise<{ id: string; status: string }> {
    await commentWindow(account);
    return expectOk(
      await gql<{ addComment: { id: string; status: string } }>(
        account,
        `mutation($postId: ID!, $body: String!) { addComment(postId: $postId, body: $body) { id status } }`,
        {
          postId,
          body,
        },
      ),
    ).addComment;
  }

  beforeAll(async () => {
    client = data();
    // Publishing needs the owner's profile; the studio makes one on a writer's first save.
    for (const [account, name] of [
      ['cora', 'Cora Mensah'],
      ['eli', 'Eli Navarro'],
      ['admin', 'Folio Admin'],
    ] as const) {
      expectOk(await gql(account, `mutation($name: String!) { saveAuthorProfile(name: $name, createOnly: true) { handle } }`, { name }));
    }
    fixture.draft = await draftOf('ann', { title: `Unpublished ${SECRET}`, body: `Not for anyone else: ${SECRET}`, status: 'REVIEW', scheduledAt: FAR_FUTURE });
    [fixture.handover, fixture.live, fixture.forPublishing, fixture.forUnpublishing, fixture.forScheduling, fixture.forSharing] = await Promise.all([
      draftOf('ann', { slug: `red-team-${stamp}-handover` }),
      draftOf('ann', { slug: `red-team-${stamp}-live`, title: `Live for the matrix ${stamp}` }),
      draftOf('ann', { slug: `red-team-${stamp}-publishing` }),
      draftOf('ann', { slug: `red-team-${stamp}-unpublishing` }),
      draftOf('ann', { slug: `red-team-${stamp}-scheduling` }),
      draftOf('ann', { slug: `red-team-${stamp}-sharing` }),
    ]);
    await Promise.all([publishAs('ann', fixture.live.id), publishAs('ann', fixture.forUnpublishing.id)]);
    fixture.previewToken = expectOk(
      await gql<{ sharePreview: string }>('ann', `mutation($postId: ID!) { sharePreview(postId: $postId) }`, { postId: fixture.draft.id }),
    ).sharePreview;
    const pending = await comment('rita', fixture.live.id, `Waiting for a moderator: ${SECRET}`);
    expect(pending.status).toBe('PENDING');
    fixture.pendingComment = pending.id;
    const approved = await comment('admin', fixture.live.id, `Approved at once ${stamp}`);
    expect(approved.status).toBe('APPROVED');
    fixture.approvedComment = approved.id;
  }, 120_000);

  afterAll(async () => {
    // Four at a time: each removal is one function call, and the posts share nothing.
    const remove = async (id: string) => {
      const result = await gql('admin', `mutation($id: ID!) { removePost(id: $id) { slugs } }`, { id });
      if (result.errors.length && !/\[not-found\]/.test(result.errors[0]?.message ?? '')) throw new Error(`cleanup of ${id}: ${result.errors[0]?.message}`);
    };
    for (let at = 0; at < made.length; at += 4) await Promise.all(made.slice(at, at + 4).map(remove));
  }, 120_000);

  const isDraft = (item: Record<string, unknown>) => item.id === fixture.draft.id;
  const isLive = (item: Record<string, unknown>) => item.slug === fixture.live.slug;
  const isPreview = (item: Record<string, unknown>) => item.token === fixture.previewToken;
  const isAnnProfile = (item: Record<string, unknown>) => item.handle === 'ann-okafor';
  const isPending = (item: Record<string, unknown>) => item.id === fixture.pendingComment;
  const isApproved = (item: Record<string, unknown>) => item.commentId === fixture.approvedComment;
  const PREVIEW_FIELDS = ['token', 'postId', 'title', 'body', 'authorName'] as const;

  /** A refused model write: Unauthorized, and `unchanged` still holds afterwards. */
  const refusedWrite = (expected: Expected, outcome: Outcome, unchanged: () => Promise<void>) =>
    expectWrite(expected, outcome, async () => {
      await unchanged();
    });

  const CASES: Record<string, (actor: Actor, expected: Expected) => Promise<void>> = {
    "Post.create (the caller's own draft)": async (actor, expected) => {
      const slug = `red-team-${stamp}-own-${actor.replace(' ', '-')}`;
      const outcome = await attempt(() =>
        client.models.Post.create(
          completeInput('CreatePostInput', { title: 'Own draft', slug, body: 'Mine.', status: 'DRAFT', authorName: 'x' }) as Schema['Post']['createType'],
          auth(actor),
        ),
      );
      const created = (outcome.data as { id?: string } | null)?.id;
      if (created) made.push(created);
      await expectWrite(expected, outcome, async (allowed) => {
        const found = expectOk(
          await gql<{ listPostsBySlug: { items: PostRow[] } }>('admin', `query($slug: String!) { listPostsBySlug(slug: $slug) { items { ${POST_FIELDS} } } }`, {
            slug,
          }),
        ).listPostsBySlug.items;
        expect(found.length).toBe(allowed ? 1 : 0);
        if (allowed && actor !== 'guest') expect(sameOwner(found[0]!.owner, tokens[ACCOUNT[actor]])).toBe(true);
      });
    },
    'Post.create (owner set to Ann)': async (actor, expected) => {
      const slug = `red-team-${stamp}-filed-${actor.replace(' ', '-')}`;
      const outcome = await attempt(() =>
        client.models.Post.create(
          completeInput('CreatePostInput', {
            title: 'Filed under Ann',
            slug,
            body: 'x',
            status: 'DRAFT',
            authorName: 'Ann Okafor',
            owner: ownerOf('ann'),
          }) as Schema['Post']['createType'],
          auth(actor),
        ),
      );
      const created = (outcome.data as { id?: string } | null)?.id;
      if (created) made.push(created);
      await expectWrite(expected, outcome, async (allowed) => {
        const annSees = (await listPosts('ann')).filter((post) => post.slug === slug);
        expect(annSees.length).toBe(allowed ? 1 : 0);
        const anywhere = expectOk(
          await gql<{ listPostsBySlug: { items: PostRow[] } }>('admin', `query($slug: String!) { listPostsBySlug(slug: $slug) { items { id } } }`, { slug }),
        ).listPostsBySlug.items;
        expect(anywhere.length).toBe(allowed ? 1 : 0);
      });
    },
    'Post.get': async (actor, expected) =>
      expectRead(expected, await attempt(() => client.models.Post.get({ id: fixture.draft.id }, auth(actor))), isDraft, SECRET),
    'Post.list': async (actor, expected) =>
      expectRead(expected, await attemptAll((nextToken) => client.models.Post.list({ limit: 1000, nextToken, ...auth(actor) })), isDraft, SECRET),
    'Post.listPostsBySlug': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.Post.listPostsBySlug({ slug: fixture.draft.slug }, { nextToken, ...auth(actor) })),
        isDraft,
        SECRET,
      ),
    'Post.listPostsByStatusAndScheduledAt': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) =>
          client.models.Post.listPostsByStatusAndScheduledAt({ status: 'REVIEW', scheduledAt: { eq: FAR_FUTURE } }, { nextToken, ...auth(actor) }),
        ),
        isDraft,
        SECRET,
      ),
    'Post.update': async (actor, expected) => {
      const before = await adminPost(fixture.draft.id);
      const excerpt = `Edited by the ${actor} ${stamp}`;
      const outcome = await attempt(() => client.models.Post.update({ id: fixture.draft.id, excerpt }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const after = await adminPost(fixture.draft.id);
        expect(after?.excerpt).toBe(allowed ? excerpt : before?.excerpt);
        expect(after?.owner).toBe(before?.owner);
        if (!allowed) expect(JSON.stringify(outcome)).not.toContain(SECRET);
      });
    },
    "Post.update (owner: hand Ann's draft to Ben)": async (actor, expected) => {
      const outcome = await attempt(() => client.models.Post.update({ id: fixture.handover.id, owner: ownerOf('ben') }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const after = await adminPost(fixture.handover.id);
        expect(sameOwner(after?.owner ?? null, tokens[allowed ? 'ben' : 'ann'])).toBe(true);
        // Given back, for the next caller.
        if (allowed)
          expectOk(
            await gql('admin', `mutation($id: ID!, $owner: String!) { updatePost(input: { id: $id, owner: $owner }) { id } }`, {
              id: fixture.handover.id,
              owner: ownerOf('ann'),
            }),
          );
      });
    },
    'Post.delete': async (actor, expected) =>
      refusedWrite(expected, await attempt(() => client.models.Post.delete({ id: fixture.draft.id }, auth(actor))), async () => {
        expect((await adminPost(fixture.draft.id))?.id).toBe(fixture.draft.id);
      }),

    'PublishedPost.create': async (actor, expected) => {
      const slug = `red-team-${stamp}-forged-${actor.replace(' ', '-')}`;
      const outcome = await attempt(() =>
        client.models.PublishedPost.create(
          completeInput('CreatePublishedPostInput', {
            slug,
            postId: fixture.draft.id,
            title: 'Forged live copy',
            body: 'x',
            authorName: 'Ann Okafor',
            authorHandle: 'ann-okafor',
            publishedAt: '2026-01-01T00:00:00.000Z',
            feed: 'PUBLIC',
          }) as Schema['PublishedPost']['createType'],
          auth(actor),
        ),
      );
      await refusedWrite(expected, outcome, async () => expect(await liveCopy(slug)).toBeNull());
    },
    'PublishedPost.get': async (actor, expected) =>
      expectRead(expected, await attempt(() => client.models.PublishedPost.get({ slug: fixture.live.slug }, auth(actor))), isLive),
    'PublishedPost.list': async (actor, expected) =>
      expectRead(expected, await attemptAll((nextToken) => client.models.PublishedPost.list({ limit: 1000, nextToken, ...auth(actor) })), isLive),
    'PublishedPost.listPublishedPostsByDate': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) =>
          client.models.PublishedPost.listPublishedPostsByDate({ feed: 'PUBLIC' }, { sortDirection: 'DESC', limit: 1000, nextToken, ...auth(actor) }),
        ),
        isLive,
      ),
    'PublishedPost.listPublishedPostsByPostId': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.PublishedPost.listPublishedPostsByPostId({ postId: fixture.live.id }, { nextToken, ...auth(actor) })),
        isLive,
      ),
    'PublishedPost.listPublishedPostsByOwner': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.PublishedPost.listPublishedPostsByOwner({ owner: ownerOf('ann') }, { nextToken, ...auth(actor) })),
        isLive,
      ),
    'PublishedPost.update': async (actor, expected) => {
      const before = await liveCopy(fixture.live.slug);
      const outcome = await attempt(() => client.models.PublishedPost.update({ slug: fixture.live.slug, title: 'Defaced' }, auth(actor)));
      await refusedWrite(expected, outcome, async () => expect(await liveCopy(fixture.live.slug)).toEqual(before));
    },
    'PublishedPost.delete': async (actor, expected) => {
      const before = await liveCopy(fixture.live.slug);
      const outcome = await attempt(() => client.models.PublishedPost.delete({ slug: fixture.live.slug }, auth(actor)));
      await refusedWrite(expected, outcome, async () => expect(await liveCopy(fixture.live.slug)).toEqual(before));
    },

    'PublishedPostTag.create': async (actor, expected) => {
      const tag = `red-team-${stamp}-squat`;
      const outcome = await attempt(() =>
        client.models.PublishedPostTag.create(
          completeInput('CreatePublishedPostTagInput', {
            tag,
            slug: fixture.live.slug,
            postId: fixture.live.id,
            publishedAt: '2026-01-01T00:00:00.000Z',
          }) as Schema['PublishedPostTag']['createType'],
          auth(actor),
        ),
      );
      await refusedWrite(expected, outcome, async () => {
        const entries = expectOk(
          await gql<{ listTaggedPostsByDate: { items: unknown[] } }>('guest', `query($tag: String!) { listTaggedPostsByDate(tag: $tag) { items { slug } } }`, {
            tag,
          }),
        );
        expect(entries.listTaggedPostsByDate.items).toEqual([]);
      });
    },
    'PublishedPostTag.get': async (actor, expected) =>
      expectRead(expected, await attempt(() => client.models.PublishedPostTag.get({ tag: fixture.tag, slug: fixture.live.slug }, auth(actor))), isLive),
    'PublishedPostTag.list': async (actor, expected) =>
      expectRead(expected, await attemptAll((nextToken) => client.models.PublishedPostTag.list({ limit: 1000, nextToken, ...auth(actor) })), isLive),
    'PublishedPostTag.listTaggedPostsByDate': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.PublishedPostTag.listTaggedPostsByDate({ tag: fixture.tag }, { nextToken, ...auth(actor) })),
        isLive,
      ),
    'PublishedPostTag.listPublishedPostTagsByPostId': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) =>
          client.models.PublishedPostTag.listPublishedPostTagsByPostId({ postId: fixture.live.id }, { nextToken, ...auth(actor) }),
        ),
        isLive,
      ),
    'PublishedPostTag.update': async (actor, expected) => {
      const outcome = await attempt(() =>
        client.models.PublishedPostTag.update({ tag: fixture.tag, slug: fixture.live.slug, postId: 'hijacked' }, auth(actor)),
      );
      await refusedWrite(expected, outcome, async () => {
        const entry = expectOk(
          await gql<{ getPublishedPostTag: { postId: string } | null }>(
            'guest',
            `query($tag: String!, $slug: String!) { getPublishedPostTag(tag: $tag, slug: $slug) { postId } }`,
            {
              tag: fixture.tag,
              slug: fixture.live.slug,
            },
          ),
        ).getPublishedPostTag;
        expect(entry?.postId).toBe(fixture.live.id);
      });
    },
    'PublishedPostTag.delete': async (actor, expected) => {
      const outcome = await attempt(() => client.models.PublishedPostTag.delete({ tag: fixture.tag, slug: fixture.live.slug }, auth(actor)));
      await refusedWrite(expected, outcome, async () => {
        const entry = expectOk(
          await gql<{ getPublishedPostTag: { postId: string } | null }>(
            'guest',
            `query($tag: String!, $slug: String!) { getPublishedPostTag(tag: $tag, slug: $slug) { postId } }`,
            {
              tag: fixture.tag,
              slug: fixture.live.slug,
            },
          ),
        ).getPublishedPostTag;
        expect(entry?.postId).toBe(fixture.live.id);
      });
    },

    'DraftPreview.create': async (actor, expected) => {
      const token = `red-team-${stamp}-forged-${actor.replace(' ', '-')}`;
      const outcome = await attempt(() =>
        client.models.DraftPreview.create(
          completeInput('CreateDraftPreviewInput', {
            token,
            postId: fixture.draft.id,
            title: 'Forged preview',
            body: 'x',
            authorName: 'Ann Okafor',
          }) as Schema['DraftPreview']['createType'],
          auth(actor),
        ),
      );
      await refusedWrite(expected, outcome, async () => {
        expect((await previewsOf(fixture.draft.id)).map((preview) => preview.token)).toEqual([fixture.previewToken]);
      });
    },
    'DraftPreview.get': async (actor, expected) =>
      expectRead(
        expected,
        await attempt(() => client.models.DraftPreview.get({ token: fixture.previewToken }, { selectionSet: PREVIEW_FIELDS, ...auth(actor) })),
        isPreview,
        SECRET,
      ),
    'DraftPreview.list': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.DraftPreview.list({ limit: 1000, nextToken, selectionSet: PREVIEW_FIELDS, ...auth(actor) })),
        isPreview,
        SECRET,
      ),
    'DraftPreview.listDraftPreviewsByPostId': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) =>
          client.models.DraftPreview.listDraftPreviewsByPostId({ postId: fixture.draft.id }, { nextToken, selectionSet: PREVIEW_FIELDS, ...auth(actor) }),
        ),
        isPreview,
        SECRET,
      ),
    'DraftPreview.update': async (actor, expected) => {
      const outcome = await attempt(() =>
        client.models.DraftPreview.update({ token: fixture.previewToken, body: 'Replaced' }, { selectionSet: PREVIEW_FIELDS, ...auth(actor) }),
      );
      await refusedWrite(expected, outcome, async () => {
        const preview = expectOk(
          await gql<{ getDraftPreview: { body: string } | null }>('guest', `query($token: String!) { getDraftPreview(token: $token) { body } }`, {
            token: fixture.previewToken,
          }),
        ).getDraftPreview;
        expect(preview?.body).toContain(SECRET);
        if (actor === 'guest') expect(JSON.stringify(outcome)).not.toContain(SECRET);
      });
    },
    'DraftPreview.delete': async (actor, expected) => {
      const outcome = await attempt(() => client.models.DraftPreview.delete({ token: fixture.previewToken }, { selectionSet: PREVIEW_FIELDS, ...auth(actor) }));
      await refusedWrite(expected, outcome, async () => {
        expect((await previewsOf(fixture.draft.id)).map((preview) => preview.token)).toEqual([fixture.previewToken]);
      });
    },

    'AuthorProfile.create': async (actor, expected) => {
      const handle = `red-team-${stamp}-${actor.replace(' ', '-')}`;
      const outcome = await attempt(() => client.models.AuthorProfile.create({ handle, userId: subOf('ann'), name: 'Ann Impostor' }, auth(actor)));
      await refusedWrite(expected, outcome, async () => {
        expect(
          expectOk(await gql<{ getAuthorProfile: unknown }>('guest', `query($handle: String!) { getAuthorProfile(handle: $handle) { handle } }`, { handle }))
            .getAuthorProfile,
        ).toBeNull();
      });
    },
    'AuthorProfile.get': async (actor, expected) =>
      expectRead(expected, await attempt(() => client.models.AuthorProfile.get({ handle: 'ann-okafor' }, auth(actor))), isAnnProfile),
    'AuthorProfile.list': async (actor, expected) =>
      expectRead(expected, await attemptAll((nextToken) => client.models.AuthorProfile.list({ limit: 1000, nextToken, ...auth(actor) })), isAnnProfile),
    'AuthorProfile.listAuthorProfilesByUserId': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.AuthorProfile.listAuthorProfilesByUserId({ userId: subOf('ann') }, { nextToken, ...auth(actor) })),
        isAnnProfile,
      ),
    'AuthorProfile.update': async (actor, expected) => {
      const read = async () =>
        expectOk(await gql<{ getAuthorProfile: unknown }>('guest', `{ getAuthorProfile(handle: "ann-okafor") { handle userId name bio avatar owner } }`))
          .getAuthorProfile;
      const before = await read();
      const outcome = await attempt(() => client.models.AuthorProfile.update({ handle: 'ann-okafor', name: 'Not Ann', bio: 'Defaced' }, auth(actor)));
      await refusedWrite(expected, outcome, async () => expect(await read()).toEqual(before));
    },
    'AuthorProfile.delete': async (actor, expected) => {
      const outcome = await attempt(() => client.models.AuthorProfile.delete({ handle: 'ann-okafor' }, auth(actor)));
      await refusedWrite(expected, outcome, async () => {
        expect(
          expectOk(await gql<{ getAuthorProfile: { name: string } }>('guest', `{ getAuthorProfile(handle: "ann-okafor") { name } }`)).getAuthorProfile.name,
        ).toBe('Ann Okafor');
      });
    },

    'Comment.create': async (actor, expected) => {
      const outcome = await attempt(() =>
        client.models.Comment.create(
          {
            postId: fixture.live.id,
            postSlug: fixture.live.slug,
            postTitle: 'x',
            postOwner: ownerOf('ann'),
            body: `Forged by the ${actor} ${stamp}`,
            authorName: 'Ann Okafor',
            status: 'APPROVED',
            createdAt: new Date().toISOString(),
          },
          auth(actor),
        ),
      );
      await refusedWrite(expected, outcome, async () => {
        expect((await commentsOn(fixture.live.id)).filter((item) => item.body.startsWith('Forged'))).toEqual([]);
      });
    },
    'Comment.get': async (actor, expected) =>
      expectRead(expected, await attempt(() => client.models.Comment.get({ id: fixture.pendingComment }, auth(actor))), isPending, SECRET),
    'Comment.list': async (actor, expected) =>
      expectRead(expected, await attemptAll((nextToken) => client.models.Comment.list({ limit: 1000, nextToken, ...auth(actor) })), isPending, SECRET),
    'Comment.listCommentsByPost': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.Comment.listCommentsByPost({ postId: fixture.live.id }, { nextToken, ...auth(actor) })),
        isPending,
        SECRET,
      ),
    'Comment.listCommentsByPostOwner': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.Comment.listCommentsByPostOwner({ postOwner: ownerOf('ann') }, { nextToken, ...auth(actor) })),
        isPending,
        SECRET,
      ),
    'Comment.listCommentsByStatus': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.Comment.listCommentsByStatus({ status: 'PENDING' }, { nextToken, ...auth(actor) })),
        isPending,
        SECRET,
      ),
    'Comment.listCommentsByOwner': async (actor, expected) =>
      expectRead(
        expected,
        await attemptAll((nextToken) => client.models.Comment.listCommentsByOwner({ owner: ownerOf('rita') }, { nextToken, ...auth(actor) })),
        isPending,
        SECRET,
      ),
    'Comment.update': async (actor, expected) => {
      const outcome = await attempt(() => client.models.Comment.update({ id: fixture.pendingComment, status: 'APPROVED' }, auth(actor)));
      await refusedWrite(expected, outcome, async () => {
        expect((await commentsOn(fixture.live.id)).find((item) => item.id === fixture.pendingComment)?.status).toBe('PENDING');
        expect(await publicCommentsOn(fixture.live.id)).not.toContain(fixture.pendingComment);
      });
    },
    'Comment.delete': async (actor, expected) => {
      const outcome = await attempt(() => client.models.Comment.delete({ id: fixture.pendingComment }, auth(actor)));
      await refusedWrite(expected, outcome, async () => {
        expect((await commentsOn(fixture.live.id)).map((item) => item.id)).toContain(fixture.pendingComment);
      });
    },

    'PublicComment.create': async (actor, expected) => {
      const commentId = `red-team-${stamp}-${actor.replace(' ', '-')}`;
      const outcome = await attempt(() =>
        client.models.PublicComment.create(
          { commentId, postId: fixture.live.id, createdAt: new Date().toISOString(), authorName: 'Ann Okafor', html: '<p>Forged</p>' },
          auth(actor),
        ),
      );
      await refusedWrite(expected, outcome, async () => expect(await publicCommentsOn(fixture.live.id)).not.toContain(commentId));
    },
    'PublicComment.get': async (actor, expected) =>
      expectRead(expected, await attempt(() => client.models.PublicComment.get({ commentId: fixture.approvedComment }, auth(actor))), isApproved),
    'PublicComment.list': async (actor, expected) => {
      const outcome = await attemptAll((nextToken) => client.models.PublicComment.list({ limit: 1000, nextToken, ...auth(actor) }));
      expectRead(expected, outcome, isApproved);
      // A pending comment's text is in no public copy.
      expect(JSON.stringify(outcome)).not.toContain(SECRET);
    },
    'PublicComment.listPublicCommentsByPost': async (actor, expected) => {
      const outcome = await attemptAll((nextToken) =>
        client.models.PublicComment.listPublicCommentsByPost({ postId: fixture.live.id }, { nextToken, ...auth(actor) }),
      );
      expectRead(expected, outcome, isApproved);
      expect(JSON.stringify(outcome)).not.toContain(SECRET);
    },
    'PublicComment.update': async (actor, expected) => {
      const outcome = await attempt(() => client.models.PublicComment.update({ commentId: fixture.approvedComment, html: '<p>Defaced</p>' }, auth(actor)));
      await refusedWrite(expected, outcome, async () => {
        const copy = expectOk(
          await gql<{ getPublicComment: { html: string } | null }>('guest', `query($id: ID!) { getPublicComment(commentId: $id) { html } }`, {
            id: fixture.approvedComment,
          }),
        ).getPublicComment;
        expect(copy?.html).toContain('Approved at once');
      });
    },
    'PublicComment.delete': async (actor, expected) => {
      const outcome = await attempt(() => client.models.PublicComment.delete({ commentId: fixture.approvedComment }, auth(actor)));
      await refusedWrite(expected, outcome, async () => expect(await publicCommentsOn(fixture.live.id)).toContain(fixture.approvedComment));
    },

    publishPost: async (actor, expected) => {
      const post = fixture.forPublishing;
      const outcome = await attempt(() => client.mutations.publishPost({ id: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const live = await liveCopy(post.slug);
        expect(live?.postId ?? null).toBe(allowed ? post.id : null);
        // The byline is the owner's, whoever published.
        if (allowed) expect(live?.authorName).toBe('Ann Okafor');
        if (allowed) expectOk(await gql('ann', `mutation($id: ID!) { unpublishPost(id: $id) { slugs } }`, { id: post.id }));
      });
    },
    "publishPost (the caller's own draft)": async (actor, expected) => {
      const post = actor === 'guest' ? fixture.forPublishing : await draftOf(ACCOUNT[actor]);
      const outcome = await attempt(() => client.mutations.publishPost({ id: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        expect((await liveCopy(post.slug))?.postId ?? null).toBe(allowed ? post.id : null);
      });
    },
    unpublishPost: async (actor, expected) => {
      const post = fixture.forUnpublishing;
      if (!(await liveCopy(post.slug))) await publishAs('ann', post.id);
      const outcome = await attempt(() => client.mutations.unpublishPost({ id: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        expect((await liveCopy(post.slug))?.postId ?? null).toBe(allowed ? null : post.id);
      });
    },
    schedulePost: async (actor, expected) => {
      const post = fixture.forScheduling;
      const before = await adminPost(post.id);
      const at = new Date(Date.parse(FAR_FUTURE) + ACTORS.indexOf(actor) * 60_000).toISOString();
      const outcome = await attempt(() => client.mutations.schedulePost({ id: post.id, at }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const after = await gql<{ getPost: { status: string; scheduledAt: string | null; scheduledBy: string | null } }>(
          'admin',
          `query($id: ID!) { getPost(id: $id) { status scheduledAt scheduledBy } }`,
          { id: post.id },
        );
        const scheduled = expectOk(after).getPost;
        if (allowed) expect(scheduled).toEqual({ status: 'SCHEDULED', scheduledAt: at, scheduledBy: usernameOf(ACCOUNT[actor as Member]) });
        else expect(scheduled.status).toBe(before?.status);
        if (!allowed) expect(scheduled.scheduledAt).not.toBe(at);
      });
    },
    "schedulePost (the caller's own draft)": async (actor, expected) => {
      const post = actor === 'guest' ? fixture.forScheduling : await draftOf(ACCOUNT[actor]);
      const outcome = await attempt(() => client.mutations.schedulePost({ id: post.id, at: FAR_FUTURE }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const status = expectOk(await gql<{ getPost: { status: string } }>('admin', `query($id: ID!) { getPost(id: $id) { status } }`, { id: post.id })).getPost
          .status;
        if (allowed) expect(status).toBe('SCHEDULED');
        else if (actor !== 'guest') expect(status).toBe('DRAFT');
      });
    },
    removePost: async (actor, expected) => {
      const post = await draftOf('ann');
      const outcome = await attempt(() => client.mutations.removePost({ id: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        expect((await adminPost(post.id))?.id ?? null).toBe(allowed ? null : post.id);
      });
    },
    sharePreview: async (actor, expected) => {
      const post = fixture.forSharing;
      const before = await previewsOf(post.id);
      const outcome = await attempt(() => client.mutations.sharePreview({ postId: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const after = await previewsOf(post.id);
        if (allowed) {
          expect(after.map((preview) => preview.token)).toContain(outcome.data);
          expect(after).toHaveLength(1);
        } else expect(after).toEqual(before);
      });
    },
    "sharePreview (the caller's own draft)": async (actor, expected) => {
      const post = actor === 'guest' ? fixture.forSharing : await draftOf(ACCOUNT[actor]);
      const before = await previewsOf(post.id);
      const outcome = await attempt(() => client.mutations.sharePreview({ postId: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        if (allowed) expect((await previewsOf(post.id)).map((preview) => preview.token)).toEqual([outcome.data]);
        else expect(await previewsOf(post.id)).toEqual(before);
      });
    },
    revokePreview: async (actor, expected) => {
      const post = fixture.forSharing;
      expectOk(await gql('ann', `mutation($postId: ID!) { sharePreview(postId: $postId) }`, { postId: post.id }));
      const outcome = await attempt(() => client.mutations.revokePreview({ postId: post.id }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        expect(await previewsOf(post.id)).toHaveLength(allowed ? 0 : 1);
      });
    },
    "saveAuthorProfile (the caller's own profile)": async (actor, expected) => {
      const account = actor === 'guest' ? 'rita' : ACCOUNT[actor];
      type Profile = { handle: string; name: string; bio: string | null };
      const own = async () =>
        expectOk(
          await gql<{ listAuthorProfilesByUserId: { items: Profile[] } }>(
            'admin',
            `query($userId: String!) { listAuthorProfilesByUserId(userId: $userId) { items { handle name bio } } }`,
            {
              userId: subOf(account),
            },
          ),
        ).listAuthorProfilesByUserId.items;
      const before = await own();
      const bio = `Saved by the matrix ${stamp}`;
      const name = before[0]?.name ?? 'A Reader';
      const outcome = await attempt(() => client.mutations.saveAuthorProfile({ name, bio }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const after = await own();
        if (allowed) {
          expect(after.map((profile) => profile.bio)).toEqual([bio]);
          // As it was, for the pages that show it.
          expectOk(
            await gql(account, `mutation($name: String!, $bio: String) { saveAuthorProfile(name: $name, bio: $bio) { handle } }`, {
              name,
              bio: before[0]?.bio ?? null,
            }),
          );
        } else expect(after).toEqual(before);
      });
    },
    addComment: async (actor, expected) => {
      const before = await commentsOn(fixture.live.id);
      if (actor !== 'guest') await commentWindow(ACCOUNT[actor]);
      const body = `A comment by the ${actor} ${stamp}`;
      const outcome = await attempt(() => client.mutations.addComment({ postId: fixture.live.id, body }, auth(actor)));
      await expectWrite(expected, outcome, async (allowed) => {
        const after = await commentsOn(fixture.live.id);
        expect(after.filter((item) => item.body === body)).toHaveLength(allowed ? 1 : 0);
        if (!allowed) expect(after).toEqual(before);
      });
    },
    moderateComment: async (actor, expected) => {
      const id = fixture.approvedComment;
      const hidden = await attempt(() => client.mutations.moderateComment({ id, action: 'hide' }, auth(actor)));
      await expectWrite(expected, hidden, async (allowed) => {
        expect(await publicCommentsOn(fixture.live.id)).toEqual(allowed ? expect.not.arrayContaining([id]) : expect.arrayContaining([id]));
        if (allowed) {
          expectSuccess(await attempt(() => client.mutations.moderateComment({ id, action: 'approve' }, auth(actor))));
          expect(await publicCommentsOn(fixture.live.id)).toContain(id);
        }
      });
    },
    listPeople: async (actor, expected) => {
      const outcome = await attempt(() => client.queries.listPeople(auth(actor)));
      const listed = Array.isArray(outcome.data) ? (outcome.data as { email?: string }[]) : [];
      if (expected === Y) {
        expectSuccess(outcome);
        expect(listed.map((person) => person.email)).toContain('ann@folio.test');
      } else {
        expectRefusal(outcome);
        expect(JSON.stringify(outcome)).not.toContain('@folio.test');
      }
    },
    'setPersonRole (readers and writers try to make themselves admin)': async (actor, expected) => {
      const target: Account = actor === 'guest' || actor === 'admin' ? 'rita' : ACCOUNT[actor];
      const before = await roleOfAccount(target);
      const role = actor === 'admin' ? 'contributor' : 'admin';
      const outcome = await attempt(() => client.mutations.setPersonRole({ username: usernameOf(target), role }, auth(actor)));
      try {
        await expectWrite(expected, outcome, async (allowed) => {
          expect(await roleOfAccount(target)).toBe(allowed ? role : before);
        });
      } finally {
        if ((await roleOfAccount(target)) !== before) {
          expectOk(
            await gql('admin', `mutation($username: String!, $role: String!) { setPersonRole(username: $username, role: $role) { role } }`, {
              username: usernameOf(target),
              role: before,
            }),
          );
        }
      }
    },
  };

  it('has one implementation for every row of the table, and a row for every model operation and custom operation in the schema', () => {
    expect(Object.keys(CASES).sort()).toEqual(MATRIX.map(([operation]) => operation).sort());
    const covered = new Set(MATRIX.map(([operation]) => operation.split(' ')[0]!));
    for (const [model, operations] of Object.entries(client.models as unknown as Record<string, Record<string, unknown>>)) {
      for (const operation of Object.keys(operations)) {
        // Subscriptions and observeQuery are the real-time API (packages/amplify-offline/test/realtime.test.ts);
        // '' is the client's placeholder for index queries, which are listed by their names.
        if (operation === '' || /^(on|observe)/.test(operation)) continue;
        expect(covered).toContain(`${model}.${operation}`);
      }
    }
    for (const operation of [...Object.keys(client.queries), ...Object.keys(client.mutations)]) expect(covered).toContain(operation);
  });

  const cells = MATRIX.flatMap(([operation, expected]) => ACTORS.map((actor, column) => [operation, actor, expected[column]!] as const));
  it.each(cells)('[red-team authorization] %s by the %s: %s', async (operation, actor, expected) => {
    await CASES[operation]!(actor, expected);
  });
});

/**
 * Bad input where it comes in: the data API's custom operations (the only writers of public
 * records) and its request parsing. Each case expects a message that says what was wrong (the
 * functions' coded `[invalid] …` / `[not-found] …`, or the API's own variable validation), never an
 * internal error, and reads back that nothing was stored.
 */
describe('[red-team bad input] the data API refuses malformed, oversized and wrong-type input clearly and stores nothing', () => {
  const stamp = Date.now().toString(36);
  let victim: PostRow;
  let liveOfBen: PublishedRow;
  let commentId = '';
  const VALIDATION = /^Variable ["']\$?\w+["']/;
  const INTERNAL = /TypeError|ReferenceError|Cannot read|is not a function|Internal|timed out|\n\s+at /;

  /**
   * What a call could have written, read back by an account that may read it: the post a
   * publishing call names and the public listing, Ben's profile, the comments on his live post,
   * the accounts' roles, or the drafts at the slugs a createPost call used.
   */
  const READ_BACK = {
    posts: async () => {
      const [draft, live] = await Promise.all([getPost('admin', victim.id), publishedByDate('guest')]);
      return { victim: expectOk(draft).getPost, live: live.map((post) => `${post.slug}@${post.updatedAt}`) };
    },
    profile: async () => expectOk(await gql('guest', `{ getAuthorProfile(handle: "ben-lindqvist") { handle name bio avatar updatedAt } }`)),
    comments: async () =>
      expectOk(
        await gql('admin', `query($postId: ID!) { listCommentsByPost(postId: $postId, limit: 1000) { items { id status body updatedAt } } }`, {
          postId: liveOfBen.postId,
        }),
      ),
    people: async () => expectOk(await gql('admin', '{ listPeople { username role } }')),
    drafts: async () =>
      expectOk(
        await gql('admin', `query($prefix: String!) { listPosts(filter: { slug: { beginsWith: $prefix } }, limit: 1000) { items { id slug } } }`, {
          prefix: `bad-${stamp}`,
        }),
      ),
  } satisfies Record<string, () => Promise<unknown>>;

  beforeAll(async () => {
    const created = await gql<{ createPost: PostRow }>('ben', `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`, {
      input: completeInput('CreatePostInput', {
        title: 'Bad input target',
        slug: `bad-input-${stamp}`,
        body: 'Untouched.',
        tags: ['bad-input'],
        status: 'DRAFT',
        authorName: 'Ben',
      }),
    });
    victim = expectOk(created).createPost;
    liveOfBen = (await publishedByDate('guest')).find((post) => sameOwner(post.owner, tokens.ben))!;
    const approved = (
      await gql<{ listCommentsByPost: { items: { id: string; status: string }[] } }>(
        'admin',
        `query($postId: ID!) { listCommentsByPost(postId: $postId) { items { id status } } }`,
        {
          postId: liveOfBen.postId,
        },
      )
    ).data?.listCommentsByPost.items.find((item) => item.status === 'APPROVED');
    if (approved) commentId = approved.id;
    else {
      const added = await gql<{ addComment: { id: string } }>(
        'eli',
        `mutation($postId: ID!) { addComment(postId: $postId, body: "A comment to moderate.") { id } }`,
        {
          postId: liveOfBen.postId,
        },
      );
      commentId = expectOk(added).addComment.id;
    }
  });

  afterAll(async () => {
    if (victim) expectOk(await gql('admin', `mutation($id: ID!) { removePost(id: $id) { slugs } }`, { id: victim.id }));
  });

  const MEGABYTE = 'x'.repeat(1_000_000);
  const PUBLISH = `mutation($id: ID!, $publishedAt: AWSDateTime) { publishPost(id: $id, publishedAt: $publishedAt) { slugs } }`;
  const SCHEDULE = `mutation($id: ID!, $at: AWSDateTime!) { schedulePost(id: $id, at: $at) }`;
  const PROFILE = `mutation($name: String!, $bio: String, $avatar: String, $createOnly: Boolean) { saveAuthorProfile(name: $name, bio: $bio, avatar: $avatar, createOnly: $createOnly) { handle } }`;
  const COMMENT = `mutation($postId: ID!, $body: String!) { addComment(postId: $postId, body: $body) { id } }`;
  const MODERATE = `mutation($id: ID!, $action: String!) { moderateComment(id: $id, action: $action) { id status } }`;
  const SET_ROLE = `mutation($username: String!, $role: String!) { setPersonRole(username: $username, role: $role) { role } }`;
  const CREATE_POST = `mutation($input: CreatePostInput!) { createPost(input: $input) { id } }`;
  const victimId = () => victim.id;
  const liveId = () => liveOfBen.postId;

  type Variables = () => Record<string, unknown>;
  // [what is sent, caller, query, variables, the message expected, what it could have written]
  const CASES: [string, Account, string, Variables, RegExp, keyof typeof READ_BACK][] = [
    ['publishPost with an empty id', 'ben', PUBLISH, () => ({ id: '' }), /^\[invalid\] That is not a post id\.$/, 'posts'],
    ['publishPost with a 100,000-character id', 'ben', PUBLISH, () => ({ id: 'x'.repeat(100_000) }), /^\[invalid\] That is not a post id\.$/, 'posts'],
    ['publishPost with a path as id', 'ben', PUBLISH, () => ({ id: '../../etc/passwd' }), /^\[invalid\] That is not a post id\.$/, 'posts'],
    ['publishPost with an injection as id', 'ben', PUBLISH, () => ({ id: "' OR '1'='1" }), /^\[invalid\] That is not a post id\.$/, 'posts'],
    ['publishPost with emoji and a right-to-left override as id', 'ben', PUBLISH, () => ({ id: '\u202E📝' }), /^\[invalid\] That is not a post id\.$/, 'posts'],
    ['publishPost with a null id', 'ben', PUBLISH, () => ({ id: null }), VALIDATION, 'posts'],
    ['publishPost with an object as id', 'ben', PUBLISH, () => ({ id: { $ne: null } }), VALIDATION, 'posts'],
    [
      'publishPost with a number as id (GraphQL reads it as an id)',
      'ben',
      PUBLISH,
      () => ({ id: 12345 }),
      /^\[not-found\] This post does not exist or is not yours\.$/,
      'posts',
    ],
    ['publishPost with a date that is no date', 'ben', PUBLISH, () => ({ id: victimId(), publishedAt: 'yesterday' }), VALIDATION, 'posts'],
    [
      'publishPost backdated into the future',
      'ben',
      PUBLISH,
      () => ({ id: victimId(), publishedAt: '2999-01-01T00:00:00.000Z' }),
      /^\[invalid\] A publication date must be a past date\.$/,
      'posts',
    ],
    ['schedulePost with a time that is no time', 'ben', SCHEDULE, () => ({ id: victimId(), at: 'soon' }), VALIDATION, 'posts'],
    [
      'schedulePost in the past',
      'ben',
      SCHEDULE,
      () => ({ id: victimId(), at: '2001-01-01T00:00:00.000Z' }),
      /^\[invalid\] Choose a time in the future\.$/,
      'posts',
    ],
    ['schedulePost in year 10000', 'ben', SCHEDULE, () => ({ id: victimId(), at: '10000-01-01T00:00:00.000Z' }), VALIDATION, 'posts'],
    ['schedulePost with a number as time', 'ben', SCHEDULE, () => ({ id: victimId(), at: 1_700_000_000 }), VALIDATION, 'posts'],
    [
      'unpublishPost with a line break in the id',
      'ben',
      `mutation($id: ID!) { unpublishPost(id: $id) { slugs } }`,
      () => ({ id: 'abc\ndef' }),
      /^\[invalid\] That is not a post id\.$/,
      'posts',
    ],
    [
      'removePost with a wildcard as id',
      'ben',
      `mutation($id: ID!) { removePost(id: $id) { slugs } }`,
      () => ({ id: '*' }),
      /^\[invalid\] That is not a post id\.$/,
      'posts',
    ],
    [
      'sharePreview with a 129-character id',
      'ben',
      `mutation($id: ID!) { sharePreview(postId: $id) }`,
      () => ({ id: 'a'.repeat(129) }),
      /^\[invalid\] That is not a post id\.$/,
      'posts',
    ],
    [
      'revokePreview with an empty id',
      'ben',
      `mutation($id: ID!) { revokePreview(postId: $id) }`,
      () => ({ id: '' }),
      /^\[invalid\] That is not a post id\.$/,
      'posts',
    ],
    ['saveAuthorProfile with an empty name', 'ben', PROFILE, () => ({ name: '' }), /^\[invalid\] Give your name as readers should see it\.$/, 'profile'],
    [
      'saveAuthorProfile with a name of spaces',
      'ben',
      PROFILE,
      () => ({ name: ' \t\n ' }),
      /^\[invalid\] Give your name as readers should see it\.$/,
      'profile',
    ],
    ['saveAuthorProfile with an 81-character name', 'ben', PROFILE, () => ({ name: 'n'.repeat(81) }), /^\[invalid\] At most 80 characters\.$/, 'profile'],
    ['saveAuthorProfile with a one-megabyte name', 'ben', PROFILE, () => ({ name: MEGABYTE }), /^\[invalid\] At most 80 characters\.$/, 'profile'],
    [
      'saveAuthorProfile with a 501-character bio',
      'ben',
      PROFILE,
      () => ({ name: 'Ben Lindqvist', bio: 'b'.repeat(501) }),
      /^\[invalid\] The bio can have at most 500 characters\.$/,
      'profile',
    ],
    [
      'saveAuthorProfile with a javascript: avatar',
      'ben',
      PROFILE,
      () => ({ name: 'Ben Lindqvist', avatar: 'javascript:alert(1)' }),
      /^\[invalid\] /,
      'profile',
    ],
    [
      'saveAuthorProfile with an avatar elsewhere',
      'ben',
      PROFILE,
      () => ({ name: 'Ben Lindqvist', avatar: 'https://evil.example/x.png' }),
      /^\[invalid\] /,
      'profile',
    ],
    [
      'saveAuthorProfile with a path-traversing avatar',
      'ben',
      PROFILE,
      () => ({ name: 'Ben Lindqvist', avatar: '/media/../../etc/passwd' }),
      /^\[invalid\] /,
      'profile',
    ],
    ['saveAuthorProfile with a number as name', 'ben', PROFILE, () => ({ name: 42 }), VALIDATION, 'profile'],
    ['saveAuthorProfile with a list as name', 'ben', PROFILE, () => ({ name: ['Ben', 'Lindqvist'] }), VALIDATION, 'profile'],
    ['saveAuthorProfile with text as createOnly', 'ben', PROFILE, () => ({ name: 'Ben Lindqvist', createOnly: 'yes' }), VALIDATION, 'profile'],
    ['addComment with an empty body', 'eli', COMMENT, () => ({ postId: liveId(), body: '' }), /^\[invalid\] Write a comment\.$/, 'comments'],
    ['addComment with only whitespace', 'eli', COMMENT, () => ({ postId: liveId(), body: '\n\t \u00A0' }), /^\[invalid\] Write a comment\.$/, 'comments'],
    [
      'addComment with 2,001 characters',
      'eli',
      COMMENT,
      () => ({ postId: liveId(), body: 'c'.repeat(2001) }),
      /^\[invalid\] A comment can have at most 2000 characters\.$/,
      'comments',
    ],
    [
      'addComment with one megabyte',
      'eli',
      COMMENT,
      () => ({ postId: liveId(), body: MEGABYTE }),
      /^\[invalid\] A comment can have at most 2000 characters\.$/,
      'comments',
    ],
    ['addComment with a null body', 'eli', COMMENT, () => ({ postId: liveId(), body: null }), VALIDATION, 'comments'],
    ['addComment with a number as body', 'eli', COMMENT, () => ({ postId: liveId(), body: 7 }), VALIDATION, 'comments'],
    ['addComment with an empty post id', 'eli', COMMENT, () => ({ postId: '', body: 'Hello.' }), /^\[invalid\] That is not a post\.$/, 'comments'],
    [
      'addComment on a post that does not exist',
      'eli',
      COMMENT,
      () => ({ postId: 'no-such-post', body: 'Hello.' }),
      /^\[not-found\] Comments are open on published posts only\.$/,
      'comments',
    ],
    [
      'moderateComment with an unknown action',
      'admin',
      MODERATE,
      () => ({ id: commentId, action: 'nuke' }),
      /^\[invalid\] Choose approve, hide or delete\.$/,
      'comments',
    ],
    [
      'moderateComment with an action in capitals',
      'admin',
      MODERATE,
      () => ({ id: commentId, action: 'HIDE' }),
      /^\[invalid\] Choose approve, hide or delete\.$/,
      'comments',
    ],
    [
      'moderateComment with an empty action',
      'admin',
      MODERATE,
      () => ({ id: commentId, action: '' }),
      /^\[invalid\] Choose approve, hide or delete\.$/,
      'comments',
    ],
    ['moderateComment with an empty id', 'admin', MODERATE, () => ({ id: '', action: 'hide' }), /^\[invalid\] That is not a comment\.$/, 'comments'],
    [
      'setPersonRole with a role that does not exist',
      'admin',
      SET_ROLE,
      () => ({ username: 'x', role: 'owner' }),
      /^\[invalid\] Choose one of the roles listed\.$/,
      'people',
    ],
    [
      'setPersonRole with a group name as role',
      'admin',
      SET_ROLE,
      () => ({ username: 'x', role: 'ADMINS' }),
      /^\[invalid\] Choose one of the roles listed\.$/,
      'people',
    ],
    ['setPersonRole with an empty username', 'admin', SET_ROLE, () => ({ username: '', role: 'reader' }), /^\[invalid\] That is not an account\.$/, 'people'],
    [
      'setPersonRole with a 129-character username',
      'admin',
      SET_ROLE,
      () => ({ username: 'u'.repeat(129), role: 'reader' }),
      /^\[invalid\] That is not an account\.$/,
      'people',
    ],
    [
      'setPersonRole with an unknown username',
      'admin',
      SET_ROLE,
      () => ({ username: 'no-such-user', role: 'reader' }),
      /^\[not-found\] There is no such account\.$/,
      'people',
    ],
    [
      'createPost with a status that does not exist',
      'ben',
      CREATE_POST,
      () => ({ input: { title: 'x', slug: `bad-${stamp}-status`, body: 'x', status: 'LIVE', authorName: 'x' } }),
      VALIDATION,
      'drafts',
    ],
    [
      'createPost with a null title',
      'ben',
      CREATE_POST,
      () => ({ input: { title: null, slug: `bad-${stamp}-title`, body: 'x', status: 'DRAFT', authorName: 'x' } }),
      VALIDATION,
      'drafts',
    ],
    [
      'createPost with an object as tags',
      'ben',
      CREATE_POST,
      () => ({ input: { title: 'x', slug: `bad-${stamp}-tags`, body: 'x', tags: { a: 1 }, status: 'DRAFT', authorName: 'x' } }),
      VALIDATION,
      'drafts',
    ],
  ];

  it.each(CASES)('[red-team bad input] %s', async (_what, caller, query, variables, message, written) => {
    const before = await READ_BACK[written]();
    const result = await gql(caller, query, variables());
    expect(result.status).toBe(200);
    const messages = result.errors.map((error) => error.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(message);
    for (const text of messages) expect(text).not.toMatch(INTERNAL);
    expect(Object.values(result.data ?? {}).filter((value) => value !== null)).toEqual([]);
    expect(await READ_BACK[written]()).toEqual(before);
  });

  it.each([
    ['a body that is not JSON', '{"query": "{ __typename }"', 'application/json'],
    ['a query that is not a string', JSON.stringify({ query: 42 }), 'application/json'],
    ['no query at all', JSON.stringify({ variables: {} }), 'application/json'],
    ['a query that does not parse', JSON.stringify({ query: 'mutation { publishPost(id: ' }), 'application/json'],
    [
      'variables that are not an object',
      JSON.stringify({ query: 'query($slug: String!) { getPublishedPost(slug: $slug) { slug } }', variables: '["x"]' }),
      'application/json',
    ],
  ])('[red-team bad input] the data API answers %s with a clear client error, not a server error', async (_what, body, contentType) => {
    const response = await fetch(outputs.data.url, { method: 'POST', headers: { 'content-type': contentType, 'x-api-key': outputs.data.api_key }, body });
    const raw = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(500);
    // AppSync answers with `errors`; the offline backend's simulator answers these with `errorMessage`.
    const parsed = JSON.parse(raw) as { data?: unknown; errors?: { message: string }[]; errorMessage?: string };
    const messages = [...(parsed.errors ?? []).map((error) => error.message), ...(parsed.errorMessage ? [parsed.errorMessage] : [])];
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).not.toMatch(INTERNAL);
    expect(parsed.data ?? null).toBeNull();
  });
});
