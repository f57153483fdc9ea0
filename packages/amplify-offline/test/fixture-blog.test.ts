import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, fetchUserAttributes, signIn, signOut, signUp, updateUserAttributes } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { ConsoleLogger } from 'aws-amplify/utils';
import { configFromOutputs, type AmplifyOutputs } from '../client';
import type { Schema } from './fixtures/blog-usernames/amplify/data/resource';
import { FixtureBackend } from './helpers/cli';

/**
 * A second app, driven only by the unchanged aws-amplify client as a browser app would drive it:
 * username sign-in with an e-mail alias (a CDK override of Gen 2's e-mail sign-in), required and
 * immutable attributes, token lifetimes from the app client, an API-key-only model, owner /
 * group / signed-in rules, hasMany / belongsTo / hasOne, a custom type, enums, secondary indexes,
 * and the API's introspection, query depth and resolver count settings.
 */
let backend: FixtureBackend;
const PASSWORD = 'Fixture-Pass-2026!';

beforeAll(async () => {
  backend = await FixtureBackend.start('blog-usernames', 'seed.ts');
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  Amplify.configure(configFromOutputs(backend.outputs<AmplifyOutputs>()));
}, 180_000);

afterEach(async () => {
  await signOut().catch(() => undefined);
});

afterAll(async () => {
  await backend?.stop();
});

const client = generateClient<Schema>();
const guest = generateClient<Schema>({ authMode: 'apiKey' });

/** A new writer, signed up by username with the code the local pool "e-mailed", then signed in by SRP. */
async function newWriter(username: string, email: string): Promise<void> {
  const signedUp = await signUp({ username, password: PASSWORD, options: { userAttributes: { email, preferred_username: username } } });
  expect(signedUp.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
  await confirmSignUp({ username, confirmationCode: backend.lastCode(email) });
  await expect(signIn({ username, password: PASSWORD })).resolves.toMatchObject({ isSignedIn: true });
}

const stamp = Date.now().toString(36);
let blogId = '';

describe('username sign-in, as the synthesized pool declares it', () => {
  it('writes the outputs the Authenticator reads: no username attributes, the required attributes, e-mail verification', () => {
    expect(backend.outputs<{ auth: Record<string, unknown> }>().auth).toMatchObject({
      username_attributes: [],
      standard_required_attributes: ['email', 'preferred_username'],
      user_verification_types: ['email'],
      groups: [{ MODERATORS: { precedence: 0 } }],
    });
  });

  it('signs up with a username, refuses one without the required attribute, and signs in with the verified e-mail alias', async () => {
    await expect(
      signUp({ username: `nameless${stamp}`, password: PASSWORD, options: { userAttributes: { email: `nameless.${stamp}@example.test` } } }),
    ).rejects.toThrow('preferred_username: The attribute is required');
    await newWriter(`ada${stamp}`, `ada.${stamp}@example.test`);
    await signOut();
    await expect(signIn({ username: `ADA.${stamp}@example.test`, password: PASSWORD })).resolves.toMatchObject({ isSignedIn: true });
    const session = await fetchAuthSession();
    expect(session.tokens?.accessToken.payload.username).toBe(`ada${stamp}`);
    // The app client declares fifteen-minute tokens.
    const { exp, iat } = session.tokens?.accessToken.payload ?? {};
    expect(Number(exp) - Number(iat)).toBe(15 * 60);
    await expect(fetchUserAttributes()).resolves.toMatchObject({ email_verified: 'true', preferred_username: `ada${stamp}` });
  });

  it('keeps an immutable custom attribute as it was set at sign-up', async () => {
    await signUp({
      username: `team${stamp}`,
      password: PASSWORD,
      options: { userAttributes: { email: `team.${stamp}@example.test`, preferred_username: 'Team', 'custom:team': 'compilers' } },
    });
    await confirmSignUp({ username: `team${stamp}`, confirmationCode: backend.lastCode(`team.${stamp}@example.test`) });
    await signIn({ username: `team${stamp}`, password: PASSWORD });
    await expect(updateUserAttributes({ userAttributes: { 'custom:team': 'databases' } })).rejects.toThrow(
      'Cannot modify the non-mutable attribute custom:team',
    );
    await expect(fetchUserAttributes()).resolves.toMatchObject({ 'custom:team': 'compilers' });
  });
});

describe('data rules and shapes, through generateClient', () => {
  it('an owner creates a blog with a custom type, an enum, a hasOne and hasMany children, and reads them back through the relations', async () => {
    await signIn({ username: `ada${stamp}`, password: PASSWORD });
    const blog = await client.models.Blog.create({ name: 'Notes on engines', visibility: 'PUBLIC', location: { city: 'London', country: 'UK' } });
    expect(blog.errors).toBeUndefined();
    blogId = blog.data?.id ?? '';
    await client.models.BlogSettings.create({ blogId, theme: 'sepia' });
    for (const [day, slug] of [
      ['2026-03-02', `second-${stamp}`],
      ['2026-03-01', `first-${stamp}`],
      ['2026-03-03', `third-${stamp}`],
    ] as const) {
      const post = await client.models.Post.create({ blogId, title: slug, slug, status: 'PUBLISHED', publishedAt: `${day}T09:00:00.000Z` });
      expect(post.errors).toBeUndefined();
    }
    const read = await client.models.Blog.get({ id: blogId }, { selectionSet: ['name', 'visibility', 'location.*', 'settings.theme', 'posts.slug'] });
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({
      name: 'Notes on engines',
      visibility: 'PUBLIC',
      location: { city: 'London', country: 'UK' },
      settings: { theme: 'sepia' },
    });
    expect(read.data?.posts.map((post) => post.slug).sort()).toEqual([`first-${stamp}`, `second-${stamp}`, `third-${stamp}`]);
    const post = await client.models.Post.listPostBySlug({ slug: `first-${stamp}` }, { selectionSet: ['title', 'blog.name'] });
    expect(post.data).toEqual([{ title: `first-${stamp}`, blog: { name: 'Notes on engines' } }]);
  });

  it('queries a secondary index by its sort key, in either order', async () => {
    await signIn({ username: `ada${stamp}`, password: PASSWORD });
    const newest = await client.models.Post.postsByBlog({ blogId }, { sortDirection: 'DESC' });
    expect(newest.data.map((post) => post.slug)).toEqual([`third-${stamp}`, `second-${stamp}`, `first-${stamp}`]);
    const early = await client.models.Post.postsByBlog({ blogId, publishedAt: { lt: '2026-03-03T00:00:00.000Z' } });
    expect(early.data.map((post) => post.slug)).toEqual([`first-${stamp}`, `second-${stamp}`]);
  });

  it('refuses a value outside an enum with a message', async () => {
    await signIn({ username: `ada${stamp}`, password: PASSWORD });
    const wrong = await client.models.Blog.create({ name: 'Wrong', visibility: 'SECRET' as 'PUBLIC' });
    expect(wrong.data).toBeNull();
    expect(wrong.errors?.[0]?.message).toMatch(/Visibility/);
  });

  it('another signed-in user reads but cannot change the blog; a moderator can', async () => {
    await newWriter(`bob${stamp}`, `bob.${stamp}@example.test`);
    await expect(client.models.Blog.get({ id: blogId })).resolves.toMatchObject({ data: { name: 'Notes on engines' } });
    const update = await client.models.Blog.update({ id: blogId, name: 'Bob was here' });
    expect(update.errors?.[0]?.errorType).toBe('Unauthorized');
    const remove = await client.models.Blog.delete({ id: blogId });
    expect(remove.errors?.[0]?.errorType).toBe('Unauthorized');
    await signOut();

    await signIn({ username: 'moderator', password: 'Moderator-Pass-2026!' });
    const moderated = await client.models.Blog.update({ id: blogId, name: 'Notes on engines (moderated)' });
    expect(moderated.errors).toBeUndefined();
    expect(moderated.data?.name).toBe('Notes on engines (moderated)');
  });

  it("enforces the API's limits as declared: no introspection, four levels, four resolvers per request", async () => {
    await signIn({ username: `ada${stamp}`, password: PASSWORD });
    type Raw = { data: Record<string, unknown> | null; errors?: { message: string }[] };
    const run = async (query: string): Promise<Raw> => {
      try {
        return (await client.graphql({ query })) as Raw;
      } catch (failure) {
        // The client throws a result that carries errors.
        return failure as Raw;
      }
    };
    const introspection = await run('{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.message).toContain("Field '__schema' in type 'Query' is undefined");

    const [first] = (await client.models.Post.postsByBlog({ blogId })).data;
    // slug sits five levels down: each of the blog's three posts errs there and answers null (its
    // slug cannot be null); the levels above stand.
    const deep = await run(`{ getPost(id: "${first?.id}") { title blog { name posts { items { slug } } } } }`);
    expect(deep.errors?.map((error) => error.message)).toEqual(Array(3).fill('Query depth limit of 4 exceeded: slug is 5 levels deep.'));
    expect(deep.data).toEqual({ getPost: { title: first?.title, blog: { name: expect.any(String) as unknown, posts: { items: [null, null, null] } } } });

    // Five resolvers: the fifth alias answers null.
    const many = await run(`{ ${[1, 2, 3, 4, 5].map((n) => `b${n}: getBlog(id: "${blogId}") { id }`).join(' ')} }`);
    expect(many.errors?.map((error) => error.message)).toEqual([expect.stringContaining('Resolver count limit of 4 exceeded')]);
    expect(Object.values(many.data ?? {}).filter((blog) => blog === null)).toHaveLength(1);
  });

  it('the API key writes and reads only the model that allows it', async () => {
    const entry = await guest.models.Guestbook.create({ message: `hello ${stamp}`, signedBy: '' });
    expect(entry.errors).toBeUndefined();
    // An empty string stays an empty string, as on AWS.
    expect(entry.data?.signedBy).toBe('');
    const entries = await guest.models.Guestbook.list();
    expect(entries.data.map((item) => item.message)).toContain(`hello ${stamp}`);
    const blogs = await guest.models.Blog.list();
    expect(blogs.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it("applies a mutation's condition as AppSync does: refused when it does not hold, written when it does", async () => {
    await signIn({ username: `ada${stamp}`, password: PASSWORD });
    type Raw = { data: { updateBlog: { name: string } | null } | null; errors?: { errorType?: string; message: string }[] };
    const update = async (name: string, condition: Record<string, unknown>): Promise<Raw> => {
      const query = 'mutation ($input: UpdateBlogInput!, $condition: ModelBlogConditionInput) { updateBlog(input: $input, condition: $condition) { name } }';
      try {
        return (await client.graphql({ query, variables: { input: { id: blogId, name }, condition } })) as Raw;
      } catch (failure) {
        return failure as Raw;
      }
    };
    const current = (await client.models.Blog.get({ id: blogId })).data?.name ?? '';
    const stale = await update('Overwritten', { name: { eq: 'a name it no longer has' } });
    expect(stale.errors?.[0]?.errorType).toBe('DynamoDB:ConditionalCheckFailedException');
    expect((await client.models.Blog.get({ id: blogId })).data?.name).toBe(current);

    const fresh = await update(`${current} (checked)`, { name: { eq: current } });
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data?.updateBlog?.name).toBe(`${current} (checked)`);
    // attributeExists names no value in the expression DynamoDB receives.
    const exists = await update(current, { and: [{ name: { attributeExists: true } }, { name: { ne: 'x' } }] });
    expect(exists.errors).toBeUndefined();
    expect(exists.data?.updateBlog?.name).toBe(current);
  });
});
