import { sharePreview, previewTokenOf } from '../previews';
import { createDraft, deletePost, getStudioPost, publishPost, unpublishPost, updateDraft, type PostsDataClient } from '.';

type Row = Record<string, unknown>;

/**
 * An in-memory stand-in for the model API with the behaviour publishing relies on: keys are
 * unique (a create on a taken key fails like DynamoDB's condition check), updates merge, and
 * every write stamps `updatedAt`. Enough to test the publish flow's sequence of writes.
 */
function memoryClient() {
  const tables = {
    Post: new Map<string, Row>(),
    PublishedPost: new Map<string, Row>(),
    PublishedPostTag: new Map<string, Row>(),
    DraftPreview: new Map<string, Row>(),
  };
  let clock = Date.UTC(2026, 0, 1);
  const stamp = (row: Row) => ({ ...row, updatedAt: new Date((clock += 1000)).toISOString() });
  const taken = { data: null, errors: [{ errorType: 'DynamoDB:ConditionalCheckFailedException', message: 'The conditional request failed' }] };
  function table(name: keyof typeof tables, key: (row: Row) => string) {
    const rows = tables[name];
    return {
      get: async (input: Row) => ({ data: rows.get(key(input)) ?? null }),
      create: async (input: Row) => {
        if (rows.has(key(input))) return taken;
        const row = stamp({ ...input, createdAt: new Date(clock).toISOString() });
        rows.set(key(row), row);
        return { data: row };
      },
      update: async (input: Row) => {
        const current = rows.get(key(input));
        if (!current) return { data: null, errors: [{ message: 'not found' }] };
        const row = stamp({ ...current, ...input });
        rows.set(key(row), row);
        return { data: row };
      },
      delete: async (input: Row) => {
        const current = rows.get(key(input)) ?? null;
        rows.delete(key(input));
        return { data: current };
      },
      where: async (field: string, value: unknown) => ({ data: [...rows.values()].filter((row) => row[field] === value) }),
    };
  }
  const post = table('Post', (row) => String(row.id));
  const live = table('PublishedPost', (row) => String(row.slug));
  const tag = table('PublishedPostTag', (row) => `${String(row.tag)}#${String(row.slug)}`);
  const preview = table('DraftPreview', (row) => String(row.token));
  let ids = 0;
  const client = {
    models: {
      Post: {
        ...post,
        create: (input: Row) => post.create({ ...input, id: `post-${(ids += 1)}` }),
        list: async () => ({ data: [...tables.Post.values()], nextToken: null }),
        listPostsBySlug: ({ slug }: Row) => post.where('slug', slug),
      },
      PublishedPost: { ...live, listPublishedPostsByPostId: ({ postId }: Row) => live.where('postId', postId) },
      PublishedPostTag: { ...tag, listPublishedPostTagsByPostId: ({ postId }: Row) => tag.where('postId', postId) },
      DraftPreview: { ...preview, listDraftPreviewsByPostId: ({ postId }: Row) => preview.where('postId', postId) },
    },
  } as unknown as PostsDataClient;
  return { client, tables };
}

const draft = {
  title: 'Dahlias',
  slug: 'dahlias',
  excerpt: 'Tubers.',
  body: 'Lift them in autumn.',
  tags: ['garden', 'autumn'],
  authorName: 'Ann',
  authorHandle: 'ann',
};

describe('publishing a post', () => {
  it('writes the live copy and one tag entry per tag, then marks the draft published', async () => {
    const { client, tables } = memoryClient();
    const post = await createDraft(client, draft);
    const result = await publishPost(client, post.id, new Date('2026-02-01T10:00:00.000Z'));

    expect(result.post).toMatchObject({ slug: 'dahlias', title: 'Dahlias', authorName: 'Ann', publishedAt: '2026-02-01T10:00:00.000Z' });
    expect([...tables.PublishedPost.keys()]).toEqual(['dahlias']);
    expect([...tables.PublishedPostTag.keys()].sort()).toEqual(['autumn#dahlias', 'garden#dahlias']);
    const after = await getStudioPost(client, post.id);
    expect(after).toMatchObject({ status: 'PUBLISHED', displayStatus: 'published', publishedAt: '2026-02-01T10:00:00.000Z' });
  });

  it('shows unpublished changes after an edit, and an update with a new slug and tags retires the old address and entries', async () => {
    const { client, tables } = memoryClient();
    const post = await createDraft(client, draft);
    await publishPost(client, post.id, new Date('2026-02-01T10:00:00.000Z'));
    const edited = await updateDraft(
      client,
      post.id,
      { ...draft, slug: 'lifting-dahlias', tags: ['garden', 'bulbs'] },
      (await getStudioPost(client, post.id))!.version,
    );
    expect(edited.displayStatus).toBe('changed');
    expect([...tables.PublishedPost.keys()]).toEqual(['dahlias']);

    const result = await publishPost(client, post.id, new Date('2026-03-01T10:00:00.000Z'));
    expect(result.previousSlugs).toEqual(['dahlias']);
    expect(result.affectedTags.sort()).toEqual(['autumn', 'bulbs', 'garden']);
    expect([...tables.PublishedPost.keys()]).toEqual(['lifting-dahlias']);
    // The first publication date is kept: an update is not a new post.
    expect(tables.PublishedPost.get('lifting-dahlias')?.publishedAt).toBe('2026-02-01T10:00:00.000Z');
    expect([...tables.PublishedPostTag.keys()].sort()).toEqual(['bulbs#lifting-dahlias', 'garden#lifting-dahlias']);
    expect((await getStudioPost(client, post.id))?.displayStatus).toBe('published');
  });

  it('refuses a slug another live post holds and leaves the draft a draft', async () => {
    const { client, tables } = memoryClient();
    const first = await createDraft(client, draft);
    await publishPost(client, first.id);
    const second = await createDraft(client, { ...draft, title: 'Other dahlias' });
    await expect(publishPost(client, second.id)).rejects.toMatchObject({ code: 'slug-taken' });
    expect(tables.PublishedPost.get('dahlias')?.postId).toBe(first.id);
    expect((await getStudioPost(client, second.id))?.status).toBe('DRAFT');
  });

  it('unpublishing removes the live copy and its tag entries and reports what to refresh', async () => {
    const { client, tables } = memoryClient();
    const post = await createDraft(client, draft);
    await publishPost(client, post.id);
    const result = await unpublishPost(client, post.id);
    expect(result).toEqual({ slugs: ['dahlias'], tags: expect.arrayContaining(['garden', 'autumn']) as unknown, authorHandles: ['ann'] });
    expect(tables.PublishedPost.size).toBe(0);
    expect(tables.PublishedPostTag.size).toBe(0);
    expect((await getStudioPost(client, post.id))?.status).toBe('DRAFT');
  });

  it('deleting a live post with a preview link leaves nothing behind', async () => {
    const { client, tables } = memoryClient();
    const post = await createDraft(client, draft);
    await publishPost(client, post.id);
    await sharePreview(client, post.id);
    expect(await previewTokenOf(client, post.id)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await deletePost(client, post.id);
    expect([tables.Post.size, tables.PublishedPost.size, tables.PublishedPostTag.size, tables.DraftPreview.size]).toEqual([0, 0, 0, 0]);
  });
});
