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
import { cognitoCredentialsProvider, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { ConsoleLogger, sharedInMemoryStorage } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from 'amplify-offline/client';
import { CloudAssembly, synthesizeBackend } from 'amplify-offline';
import { Kind, parse } from 'graphql';
import { ANY_FREE_PORTS, startBackend, type BackendProcess } from '../../scripts/offline-backend';

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
type Account = 'ann' | 'ben' | 'cora' | 'eli' | 'admin';
const tokens: Record<Account, string> = { ann: '', ben: '', cora: '', eli: '', admin: '' };

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
