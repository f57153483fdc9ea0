import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, ListPartsCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { downloadData, getProperties, getUrl, list, remove, uploadData } from 'aws-amplify/storage';
import { ConsoleLogger } from 'aws-amplify/utils';
import { configFromOutputs, storageOptions, type AmplifyOutputs } from '../client';
import { trustLocalCertificates } from '../server';
import type { Schema } from './fixtures/guest-blog/amplify/data/resource';
import { FixtureBackend } from './helpers/cli';
import { signedHeaders } from './helpers/signing';

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
  trustLocalCertificates(outputs);
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
      return signedHeaders({ url: new URL(outputs.data.url), service: 'appsync', region: outputs.auth.aws_region, credentials, body });
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

describe('storage (S3) through aws-amplify Storage, decided by the synthesized path rules', () => {
  // aws-amplify types `customEndpoint` only internally; the option is what Storage calls read.
  const local = () => storageOptions(outputs) as object;
  const text = (value: string) => new TextEncoder().encode(value);
  const identityId = async () => (await fetchAuthSession()).identityId ?? '';
  const failure = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      return (error as Error).name;
    }
    return 'succeeded';
  };

  it('names an HTTPS endpoint and its CA in the outputs, and Node trusts it only once told to', async () => {
    expect(outputs.custom?.local?.storage_endpoint).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(outputs.custom?.local?.ca_certificate).toMatch(/rootCA\.pem$/);
    const { execFileSync } = await import('node:child_process');
    // A fresh process without the CA refuses the certificate: verification is on.
    const probe = `fetch('https://${String(outputs.custom?.local?.storage_endpoint)}/').then(() => console.log('trusted'), (e) => console.log(e.cause?.code))`;
    expect(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim()).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('lets a signed-in user write, list, read and remove in her own folder only', async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const me = await identityId();
    const path = `media/${me}/hello.txt`;
    await uploadData({ path, data: text('Hello, storage'), options: { ...local(), contentType: 'text/plain' } }).result;
    const listed = await list({ path: `media/${me}/`, options: local() });
    expect(listed.items.map((item) => item.path)).toEqual([path]);
    const properties = await getProperties({ path, options: local() });
    expect(properties).toMatchObject({ size: 14, contentType: 'text/plain' });
    const body = await (await downloadData({ path, options: local() }).result).body.text();
    expect(body).toBe('Hello, storage');

    const someoneElse = `media/${outputs.auth.aws_region}:22222222-2222-4222-8222-222222222222/defaced.txt`;
    expect(await failure(uploadData({ path: someoneElse, data: text('no'), options: local() }).result)).toBe('AccessDenied');
    // The editors' folder is for the EDITORS group role only.
    expect(await failure(uploadData({ path: 'shared/notes.txt', data: text('no'), options: local() }).result)).toBe('AccessDenied');

    await remove({ path, options: local() });
    expect(await failure(getProperties({ path, options: local() }))).toBe('NotFound');
  });

  it('gives out presigned URLs that work without credentials, only until they expire', async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const path = `media/${await identityId()}/cover.txt`;
    await uploadData({ path, data: text('cover'), options: local() }).result;
    const { url } = await getUrl({ path, options: { ...local(), expiresIn: 60, validateObjectExistence: true } });
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe('cover');
    const tampered = new URL(url);
    tampered.pathname = tampered.pathname.replace('cover.txt', 'other.txt');
    expect((await fetch(tampered)).status).toBe(403);
    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it('lets a guest read media but write nothing', async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const path = `media/${await identityId()}/public.txt`;
    await uploadData({ path, data: text('for everyone'), options: local() }).result;
    await signOut();
    const guest = await identityId();
    const body = await (await downloadData({ path, options: local() }).result).body.text();
    expect(body).toBe('for everyone');
    expect(await failure(uploadData({ path: `media/${guest}/mine.txt`, data: text('guest'), options: local() }).result)).toBe('AccessDenied');
    expect(await failure(remove({ path, options: local() }).then(() => undefined))).toBe('AccessDenied');
  });

  it('takes a large file in parts (multipart, with the AWS SDK: aws-amplify splits files only in browsers) and serves it whole', async () => {
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const { credentials, identityId: me } = await fetchAuthSession();
    if (!credentials) throw new Error('no credentials');
    const s3 = new S3Client({
      region: outputs.auth.aws_region,
      endpoint: `https://${String(outputs.custom?.local?.storage_endpoint)}`,
      forcePathStyle: true,
      credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const Bucket = (outputs as unknown as { storage: { bucket_name: string } }).storage.bucket_name;
    const Key = `media/${String(me)}/large.bin`;
    const data = Buffer.alloc(6 * 1024 * 1024 + 123).map((_, index) => index % 251);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/octet-stream' }));
    const first = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: data.subarray(0, 5 * 1024 * 1024) }));
    const second = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: data.subarray(5 * 1024 * 1024) }));
    // Gen 2's storage policies grant no s3:ListMultipartUploadParts, so AWS refuses ListParts too
    // (aws-amplify then starts a fresh upload instead of resuming).
    await expect(s3.send(new ListPartsCommand({ Bucket, Key, UploadId }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.ETag },
            { PartNumber: 2, ETag: second.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const blob = await (await downloadData({ path: Key, options: local() }).result).body.blob();
    const bytes = Buffer.from(new Uint8Array(await blob.arrayBuffer()));
    expect(Buffer.compare(bytes, data)).toBe(0);
    // A part number that was never uploaded cannot complete an upload.
    const { UploadId: another } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${Key}.2` }));
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({ Bucket, Key: `${Key}.2`, UploadId: another, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: first.ETag }] } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPart' });
    // And another identity's folder is refused at the first step.
    await expect(s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'media/someone-else/large.bin' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('answers a malformed address with 400 and refuses sub-resources it does not serve, leaving the object as it was', async () => {
    const base = `https://${String(outputs.custom?.local?.storage_endpoint)}`;
    const malformed = await fetch(`${base}/%ZZ/key`);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('<Code>InvalidURI</Code>');
    await signIn({ username: 'writer@example.test', password: PASSWORD });
    const { credentials, identityId: me } = await fetchAuthSession();
    if (!credentials) throw new Error('no credentials');
    const path = `media/${String(me)}/tagged.txt`;
    await uploadData({ path, data: text('original'), options: local() }).result;
    const bucket = (outputs as unknown as { storage: { bucket_name: string } }).storage.bucket_name;
    const url = new URL(`${base}/${bucket}/${path.split('/').map(encodeURIComponent).join('/')}?tagging`);
    const signer = new SignatureV4({ credentials, region: outputs.auth.aws_region, service: 's3', sha256: Hash.bind(null, 'sha256'), uriEscapePath: false });
    const body = '<Tagging><TagSet/></Tagging>';
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'https:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: { tagging: '' },
      headers: { host: url.host, 'content-type': 'application/xml' },
      body,
    });
    const tagging = await fetch(url, { method: 'PUT', headers: signed.headers as Record<string, string>, body });
    expect(tagging.status).toBe(501);
    expect(await tagging.text()).toContain('tagging');
    const kept = await (await downloadData({ path, options: local() }).result).body.text();
    expect(kept).toBe('original');
  });

  it("gives a group member the group role's storage rights", async () => {
    await signIn({ username: 'editor@example.test', password: PASSWORD });
    await uploadData({ path: 'shared/notes.txt', data: text('for editors'), options: local() }).result;
    const body = await (await downloadData({ path: 'shared/notes.txt', options: local() }).result).body.text();
    expect(body).toBe('for editors');
  });
});
