import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { ConsoleLogger } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from '../client';
import type { Schema } from './fixtures/guest-blog/amplify/data/resource';
import { FixtureBackend } from './helpers/cli';

/**
 * The IAM half of Gen 2 through the unchanged aws-amplify client: the identity pool gives guests
 * and signed-in users temporary credentials, and the data API checks their signatures and the
 * synthesized role policies before the generated resolvers apply `allow.guest()` and
 * `allow.authenticated('identityPool')`.
 */
let backend: FixtureBackend;
let outputs: AmplifyOutputs & { auth: { identity_pool_id: string; user_pool_id: string; aws_region: string }; data: { url: string } };
const PASSWORD = 'Guest-Blog-Pass-2026!';

beforeAll(async () => {
  backend = await FixtureBackend.start('guest-blog', 'seed.ts');
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  outputs = backend.outputs();
  Amplify.configure(configFromOutputs(outputs));
}, 180_000);

afterEach(async () => {
  await signOut().catch(() => undefined);
});

afterAll(async () => {
  await backend?.stop();
});

const viaIdentityPool = generateClient<Schema>({ authMode: 'identityPool' });
const viaUserPool = generateClient<Schema>({ authMode: 'userPool' });

const errorText = (errors: readonly { message: string }[] | undefined) => (errors ?? []).map((error) => error.message).join('\n');
const errorTypes = (errors: readonly { errorType?: string }[] | undefined) => (errors ?? []).map((error) => error.errorType);

describe('the identity pool', () => {
  it('is in the outputs with its local endpoint, and configures aws-amplify with it', () => {
    expect(outputs.auth.identity_pool_id).toMatch(new RegExp(`^${outputs.auth.aws_region}:[0-9a-f-]{36}$`));
    expect(outputs.auth).toMatchObject({ unauthenticated_identities_enabled: true });
    expect(outputs.custom?.local?.identity_pool_endpoint).toBe(backend.ready.endpoints.cognito);
    expect(configFromOutputs(outputs).Auth?.Cognito).toMatchObject({ identityPoolEndpoint: backend.ready.endpoints.cognito });
  });

  it('gives a signed-out visitor a guest identity with temporary credentials', async () => {
    const session = await fetchAuthSession();
    expect(session.tokens).toBeUndefined();
    expect(session.identityId).toMatch(new RegExp(`^${outputs.auth.aws_region}:`));
    expect(session.credentials?.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(session.credentials?.sessionToken).toBeTruthy();
    expect(session.credentials?.expiration?.getTime()).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
  });

  it('keeps a signed-in user on one identity: the guest identity she signed in from becomes hers, as on AWS', async () => {
    const guest = (await fetchAuthSession()).identityId;
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const first = await fetchAuthSession();
    expect(first.identityId).toBe(guest);
    expect(first.credentials?.accessKeyId).toMatch(/^ASIA/);
    await signOut();
    const nextGuest = (await fetchAuthSession()).identityId;
    expect(nextGuest).not.toBe(guest);
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    expect((await fetchAuthSession()).identityId).toBe(first.identityId);
  });

  it('puts the group role in the ID token as Cognito does (cognito:roles, cognito:preferred_role)', async () => {
    await signIn({ username: 'editor@example.test', password: PASSWORD });
    const payload = (await fetchAuthSession()).tokens?.idToken?.payload ?? {};
    expect(payload['cognito:groups']).toEqual(['EDITORS']);
    expect(payload['cognito:preferred_role']).toMatch(/^arn:aws:iam::\d{12}:role\/.*EDITORSGroupRole/);
    expect(payload['cognito:roles']).toEqual([payload['cognito:preferred_role']]);
  });
});

describe('Cognito Identity refuses what AWS refuses', () => {
  /** A Cognito Identity call as the SDK sends it (JSON protocol); rejects with the service's error type and message. */
  const call = async (operation: string, input: object): Promise<Record<string, unknown>> => {
    const response = await fetch(backend.ready.endpoints.cognito, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw Object.assign(new Error(String(body.message)), { name: String(body.__type) });
    return body;
  };

  it('answers GetId only for its own pool, and credentials only for identities it created', async () => {
    await expect(call('GetId', { IdentityPoolId: `${outputs.auth.aws_region}:00000000-0000-4000-8000-000000000000` })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(call('GetCredentialsForIdentity', { IdentityId: `${outputs.auth.aws_region}:11111111-1111-4111-8111-111111111111` })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it("gives a signed-in user's identity credentials only with that user's own valid ID token", async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const writer = await fetchAuthSession();
    const writerToken = writer.tokens?.idToken?.toString() ?? '';
    await signOut();
    await signIn({ username: 'editor@example.test', password: PASSWORD });
    const editorToken = (await fetchAuthSession()).tokens?.idToken?.toString() ?? '';
    const provider = `cognito-idp.${outputs.auth.aws_region}.amazonaws.com/${outputs.auth.user_pool_id}`;

    await expect(call('GetCredentialsForIdentity', { IdentityId: writer.identityId })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(call('GetCredentialsForIdentity', { IdentityId: writer.identityId, Logins: { [provider]: editorToken } })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    const [header, payload] = writerToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await expect(call('GetCredentialsForIdentity', { IdentityId: writer.identityId, Logins: { [provider]: forged } })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('Invalid login token') as unknown,
    });
    const issued = await call('GetCredentialsForIdentity', { IdentityId: writer.identityId, Logins: { [provider]: writerToken } });
    expect((issued.Credentials as { AccessKeyId?: string } | undefined)?.AccessKeyId).toMatch(/^ASIA/);
  });
});

describe('the data API with IAM callers', () => {
  it('lets a guest read a model with allow.guest(), and nothing more', async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const created = await viaUserPool.models.Post.create({ title: 'Hello, guests', body: 'Readable by anyone.' });
    expect(created.errors).toBeUndefined();
    await signOut();

    const listed = await viaIdentityPool.models.Post.list();
    expect(listed.errors).toBeUndefined();
    expect(listed.data.map((post) => post.title)).toContain('Hello, guests');
    const read = await viaIdentityPool.models.Post.get({ id: created.data?.id ?? '' });
    expect(read.data?.title).toBe('Hello, guests');

    // The guest role's policy covers createPost (Gen 2 grants per type); the resolver's rule (read only) refuses it.
    const write = await viaIdentityPool.models.Post.create({ title: 'Guest post' });
    expect(write.data).toBeNull();
    expect(errorTypes(write.errors)).toEqual(['Unauthorized']);
    const update = await viaIdentityPool.models.Post.update({ id: created.data?.id ?? '', title: 'Defaced' });
    expect(errorTypes(update.errors)).toEqual(['Unauthorized']);
    expect((await viaIdentityPool.models.Post.get({ id: created.data?.id ?? '' })).data?.title).toBe('Hello, guests');
    // Notes are for signed-in identities: the guest role's policies do not cover them at all.
    const notes = await viaIdentityPool.models.Note.list();
    expect(errorText(notes.errors)).toMatch(/Not Authorized to access listNotes on type Query/);
    const drafts = await viaIdentityPool.models.Draft.list();
    expect(errorText(drafts.errors)).toMatch(/Not Authorized to access listDrafts on type Query/);
  });

  it("lets signed-in users reach allow.authenticated('identityPool') models through the authenticated role", async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const note = await viaIdentityPool.models.Note.create({ text: 'Through the identity pool' });
    expect(note.errors).toBeUndefined();
    const listed = await viaIdentityPool.models.Note.list();
    expect(listed.data.map((entry) => entry.text)).toContain('Through the identity pool');
    // The owner rule on drafts is for user-pool callers: an IAM caller is no owner.
    const draft = await viaIdentityPool.models.Draft.create({ text: 'mine' });
    expect(errorTypes(draft.errors)).toEqual(['Unauthorized']);
  });

  it("gives a group member the group's role, whose policies (storage only) do not reach the data API — as on AWS", async () => {
    await signIn({ username: 'editor@example.test', password: PASSWORD });
    const notes = await viaIdentityPool.models.Note.list();
    expect(errorText(notes.errors)).toMatch(/Not Authorized to access listNotes on type Query/);
    // The same user through the user pool is a signed-in user as ever.
    const posts = await viaUserPool.models.Post.list();
    expect(posts.errors).toBeUndefined();
  });

  describe('signatures', () => {
    const listPosts = JSON.stringify({ query: 'query { listPosts { items { id title } } }' });

    async function signedRequest(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, body = listPosts) {
      const url = new URL(outputs.data.url);
      const signer = new SignatureV4({ credentials, region: outputs.auth.aws_region, service: 'appsync', sha256: Hash.bind(null, 'sha256') });
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: { host: url.host, 'content-type': 'application/json' },
        body,
      });
      return signed.headers as Record<string, string>;
    }

    const send = async (headers: Record<string, string>, body = listPosts) => {
      const response = await fetch(outputs.data.url, { method: 'POST', headers, body });
      return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { errorType?: string; message: string }[] } };
    };

    it('serves a request signed with guest credentials', async () => {
      const { credentials } = await fetchAuthSession();
      const answer = await send(await signedRequest(credentials ?? { accessKeyId: '', secretAccessKey: '' }));
      expect(answer).toMatchObject({ status: 200, body: { data: { listPosts: { items: expect.any(Array) as unknown } } } });
    });

    it('refuses a signed request with no field a policy could allow (introspection alone)', async () => {
      const { credentials } = await fetchAuthSession();
      if (!credentials) throw new Error('no guest credentials');
      const introspection = JSON.stringify({ query: '{ __schema { types { name } } }' });
      await expect(send(await signedRequest(credentials, introspection), introspection)).resolves.toMatchObject({
        status: 400,
        body: { errors: [{ errorType: 'BadRequestException' }] },
      });
    });

    it('refuses a changed body, a wrong session token, an unknown key and the backend admin key', async () => {
      const { credentials } = await fetchAuthSession();
      if (!credentials) throw new Error('no guest credentials');
      const headers = await signedRequest(credentials);
      const other = JSON.stringify({ query: 'mutation { createPost(input: { title: "sneaked" }) { id } }' });
      await expect(send(headers, other)).resolves.toMatchObject({ status: 401, body: { errors: [{ errorType: 'InvalidSignatureException' }] } });
      await expect(send({ ...(await signedRequest({ ...credentials, sessionToken: 'forged' })) })).resolves.toMatchObject({
        status: 401,
        body: { errors: [{ errorType: 'UnrecognizedClientException' }] },
      });
      await expect(send(await signedRequest({ accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x', sessionToken: 'y' }))).resolves.toMatchObject({
        status: 401,
        body: { errors: [{ errorType: 'UnrecognizedClientException' }] },
      });
      await expect(send(await signedRequest(backend.credentials()))).resolves.toMatchObject({
        status: 401,
        body: { errors: [{ errorType: 'UnrecognizedClientException' }] },
      });
    });
  });
});
