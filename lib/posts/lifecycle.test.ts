import { contentHash, PostConflictError, schedulePost, submitForReview, toStudioPost, updateDraft, type PostsDataClient } from '.';

const record = (overrides: Record<string, unknown> = {}) =>
  ({
    id: 'p1',
    title: 'Title',
    slug: 'title',
    excerpt: 'Excerpt',
    body: 'Body',
    tags: ['a'],
    status: 'PUBLISHED',
    authorName: 'Ann',
    authorHandle: 'ann',
    publishedAt: '2026-01-01T00:00:00.000Z',
    liveHash: null,
    owner: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  }) as never;

describe('display status', () => {
  const live = contentHash({ title: 'Title', slug: 'title', excerpt: 'Excerpt', body: 'Body', tags: ['a'] });
  it('is published while the draft matches the live copy', () => {
    expect(toStudioPost(record({ liveHash: live })).displayStatus).toBe('published');
  });
  it('shows unpublished changes once the draft differs', () => {
    expect(toStudioPost(record({ liveHash: live, body: 'Edited' })).displayStatus).toBe('changed');
    expect(toStudioPost(record({ liveHash: live, tags: ['a', 'b'] })).displayStatus).toBe('changed');
  });
  it('is a draft when not published', () => {
    expect(toStudioPost(record({ status: 'DRAFT', liveHash: null })).displayStatus).toBe('draft');
  });
});

describe('updateDraft', () => {
  /** A client whose draft holds `serverBody`; `conditionFails` makes the conditional write lose a race. */
  function fakeClient(serverBody: string, options: { draftHash?: string; conditionFails?: boolean } = {}) {
    const writes: unknown[] = [];
    let stored = record({ body: serverBody, draftHash: options.draftHash, updatedAt: '2026-01-02T12:00:00.000Z' });
    const client = {
      models: {
        Post: {
          get: async () => ({ data: stored }),
        },
      },
      graphql: async ({ variables }: { variables: { input: Record<string, unknown>; condition: unknown } }) => {
        writes.push(variables);
        if (options.conditionFails) {
          // Another save landed first; aws-amplify rejects with the whole result.
          stored = record({ body: 'Saved by the other tab' });
          throw Object.assign(new Error('GraphQL errors'), {
            data: { updatePost: null },
            errors: [{ errorType: 'DynamoDB:ConditionalCheckFailedException', message: 'The conditional request failed' }],
          });
        }
        return { data: { updatePost: record({ ...variables.input, updatedAt: '2026-01-03T00:00:00.000Z' }) } };
      },
    } as unknown as PostsDataClient;
    return { client, writes };
  }
  const input = { title: 'New', slug: 'title', excerpt: '', body: 'New body', tags: [] };
  const versionOf = (body: string) => toStudioPost(record({ body })).version;

  it('refuses a save based on content that changed since, and writes nothing', async () => {
    const { client, writes } = fakeClient('Changed in another tab');
    const attempt = updateDraft(client, 'p1', input, versionOf('Body'));
    await expect(attempt).rejects.toBeInstanceOf(PostConflictError);
    await expect(attempt).rejects.toMatchObject({ current: { body: 'Changed in another tab', version: versionOf('Changed in another tab') } });
    expect(writes).toEqual([]);
  });

  it('saves when the content is the version the editor started from, whatever its timestamp, on condition that no save came between', async () => {
    const { client, writes } = fakeClient('Body', { draftHash: 'hash-of-body' });
    const saved = await updateDraft(client, 'p1', input, versionOf('Body'));
    expect(saved.body).toBe('New body');
    expect(saved.version).toBe(contentHash(input));
    expect(saved.version).not.toBe(versionOf('Body'));
    expect(writes).toEqual([{ input: { id: 'p1', ...input, draftHash: contentHash(input) }, condition: { draftHash: { eq: 'hash-of-body' } } }]);
  });

  it('makes the first save of a draft without a stored hash conditional on there still being none', async () => {
    const { client, writes } = fakeClient('Body');
    await updateDraft(client, 'p1', input, versionOf('Body'));
    expect(writes).toEqual([expect.objectContaining({ condition: { draftHash: { attributeExists: false } } })]);
  });

  it('answers a save that lost the race in the database with the version that won', async () => {
    const { client } = fakeClient('Body', { draftHash: 'hash-of-body', conditionFails: true });
    const attempt = updateDraft(client, 'p1', input, versionOf('Body'));
    await expect(attempt).rejects.toBeInstanceOf(PostConflictError);
    await expect(attempt).rejects.toMatchObject({ current: { body: 'Saved by the other tab' } });
  });
});

describe('schedulePost', () => {
  it('refuses a time that is not in the future before touching the backend', async () => {
    const schedule = jest.fn();
    const client = { mutations: { schedulePost: schedule } } as unknown as PostsDataClient;
    const now = new Date('2026-06-01T12:00:00.000Z');
    await expect(schedulePost(client, 'p1', now, now)).rejects.toThrow('Choose a time in the future.');
    await expect(schedulePost(client, 'p1', new Date('2020-01-01T00:00:00.000Z'), now)).rejects.toThrow('Choose a time in the future.');
    expect(schedule).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal as it words it", async () => {
    const client = {
      mutations: {
        schedulePost: async () => ({ data: null, errors: [{ message: '[forbidden] Contributors do not publish.', errorType: 'Lambda:Unhandled' }] }),
      },
    } as unknown as PostsDataClient;
    await expect(schedulePost(client, 'p1', new Date('2030-01-01T00:00:00.000Z'))).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Contributors do not publish.',
    });
  });
});

describe('submitForReview', () => {
  it('refuses a post that is live or scheduled, and leaves it as it is', async () => {
    for (const status of ['PUBLISHED', 'SCHEDULED']) {
      const update = jest.fn();
      const client = { models: { Post: { get: async () => ({ data: record({ status }) }), update } } } as unknown as PostsDataClient;
      await expect(submitForReview(client, 'p1')).rejects.toThrow('Only a draft can be submitted for review.');
      expect(update).not.toHaveBeenCalled();
    }
  });

  it('marks a draft as in review', async () => {
    const update = jest.fn(async (input: Record<string, unknown>) => ({ data: record({ ...input }) }));
    const client = { models: { Post: { get: async () => ({ data: record({ status: 'DRAFT' }) }), update } } } as unknown as PostsDataClient;
    expect((await submitForReview(client, 'p1')).status).toBe('REVIEW');
    expect(update).toHaveBeenCalledWith({ id: 'p1', status: 'REVIEW' });
  });
});
