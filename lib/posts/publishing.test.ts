import { createDraft, deletePost, getStudioPost, publishPost, unpublishPost, updateDraft, type PostsDataClient } from '.';

type Row = Record<string, unknown>;

/**
 * An in-memory stand-in for the draft model (updates merge, every write stamps `updatedAt`) and the
 * backend's mutations, which only record what the app asks of them.
 */
function memoryClient() {
  const tables = {
    Post: new Map<string, Row>(),
    DraftPreview: new Map<string, Row>(),
  };
  let clock = Date.UTC(2026, 0, 1);
  const stamp = (row: Row) => ({ ...row, updatedAt: new Date((clock += 1000)).toISOString() });
  function table(name: keyof typeof tables, key: (row: Row) => string) {
    const rows = tables[name];
    return {
      get: async (input: Row) => ({ data: rows.get(key(input)) ?? null }),
      create: async (input: Row) => {
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
  const preview = table('DraftPreview', (row) => String(row.token));
  let ids = 0;
  // Publishing is the backend's (amplify/functions/publishing, tested against the real backend in
  // amplify/data/data-api.test.ts); here the mutations only record what the app asks of them.
  const calls: { mutation: string; input: Row }[] = [];
  const answers: Record<string, { data: Row | null; errors?: { message: string; errorType?: string }[] }> = {};
  const mutation = (name: string) => async (input: Row) => {
    calls.push({ mutation: name, input });
    return answers[name] ?? { data: { slugs: ['dahlias'], tags: ['garden', 'autumn'], authorHandles: ['ann'] } };
  };
  const mutations = {
    publishPost: mutation('publishPost'),
    unpublishPost: mutation('unpublishPost'),
    // Preview links are the backend's too; here a snapshot row stands for one.
    sharePreview: async ({ postId }: Row) => {
      calls.push({ mutation: 'sharePreview', input: { postId } });
      const token = 'a'.repeat(32);
      tables.DraftPreview.set(token, { token, postId });
      return { data: token };
    },
    revokePreview: async ({ postId }: Row) => {
      calls.push({ mutation: 'revokePreview', input: { postId } });
      for (const [token, row] of tables.DraftPreview) if (row.postId === postId) tables.DraftPreview.delete(token);
      return { data: 1 };
    },
    removePost: mutation('removePost'),
  };
  const client = {
    mutations,
    // The studio's save: the generated updatePost with a condition on the stored draftHash, which
    // DynamoDB checks in the write (rejected, as aws-amplify rejects a result with errors).
    graphql: async ({ variables }: { variables: { input: Row; condition: { draftHash: { eq?: string; attributeExists?: boolean } } } }) => {
      const current = tables.Post.get(String(variables.input.id));
      const { eq, attributeExists } = variables.condition.draftHash;
      const holds = current && (eq !== undefined ? current.draftHash === eq : (current.draftHash !== undefined) === attributeExists);
      if (!holds)
        throw Object.assign(new Error('conditional'), {
          data: { updatePost: null },
          errors: [{ errorType: 'DynamoDB:ConditionalCheckFailedException', message: 'The conditional request failed' }],
        });
      return { data: { updatePost: (await post.update(variables.input)).data } };
    },
    models: {
      Post: {
        ...post,
        create: (input: Row) => post.create({ ...input, id: `post-${(ids += 1)}` }),
        list: async () => ({ data: [...tables.Post.values()], nextToken: null }),
        listPostsBySlug: ({ slug }: Row) => post.where('slug', slug),
      },
      DraftPreview: { ...preview, listDraftPreviewsByPostId: ({ postId }: Row) => preview.where('postId', postId) },
    },
  } as unknown as PostsDataClient;
  return { client, tables, calls, answers };
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

describe('publishing through the backend', () => {
  it('asks the backend to publish the saved draft, backdated only when asked, and returns the pages it changed', async () => {
    const { client, calls } = memoryClient();
    const post = await createDraft(client, draft);
    expect(await publishPost(client, post.id)).toEqual({ slugs: ['dahlias'], tags: ['garden', 'autumn'], authorHandles: ['ann'] });
    await publishPost(client, post.id, new Date('2026-02-01T10:00:00.000Z'));
    expect(calls).toEqual([
      { mutation: 'publishPost', input: { id: post.id, publishedAt: null } },
      { mutation: 'publishPost', input: { id: post.id, publishedAt: '2026-02-01T10:00:00.000Z' } },
    ]);
  });

  it("turns the backend's coded refusals into errors the studio shows as they are", async () => {
    const { client, answers } = memoryClient();
    const cases = [
      ['[slug-taken] Another post is live at this address. Choose a different slug.', 'slug-taken'],
      ['[not-found] This post does not exist or is not yours.', 'not-found'],
      ['[invalid] This draft cannot go live as it is: Give the post a title.', 'invalid'],
      ['[conflict] The post changed while it was being published. Nothing went live; try again.', 'conflict'],
    ] as const;
    for (const [message, code] of cases) {
      answers.publishPost = { data: null, errors: [{ errorType: 'Lambda:Unhandled', message }] };
      await expect(publishPost(client, 'post-1')).rejects.toMatchObject({ code, message: message.replace(/^\[[a-z-]+\] /, '') });
    }
    answers.unpublishPost = { data: null, errors: [{ errorType: 'Lambda:Unhandled', message: 'Task timed out after 15.00 seconds' }] };
    await expect(unpublishPost(client, 'post-1')).rejects.toMatchObject({
      code: 'backend',
      message: 'Could not unpublish this post: Task timed out after 15.00 seconds',
    });
  });

  it('deletes a post in one request to the backend (which takes it down with its previews and comments), and shows its refusal', async () => {
    const { client, calls, answers } = memoryClient();
    const post = await createDraft(client, draft);
    expect(await deletePost(client, post.id)).toEqual({ slugs: ['dahlias'], tags: ['garden', 'autumn'], authorHandles: ['ann'] });
    expect(calls).toEqual([{ mutation: 'removePost', input: { id: post.id } }]);
    answers.removePost = {
      data: null,
      errors: [{ errorType: 'Lambda:Unhandled', message: '[forbidden] Contributors do not publish: submit the post for review.' }],
    };
    await expect(deletePost(client, post.id)).rejects.toMatchObject({ code: 'forbidden', message: 'Contributors do not publish: submit the post for review.' });
  });

  it('refuses to overwrite a draft changed elsewhere', async () => {
    const { client } = memoryClient();
    const post = await createDraft(client, draft);
    const stale = post.version;
    await updateDraft(client, post.id, { ...draft, body: 'Changed in another tab.' }, stale);
    await expect(updateDraft(client, post.id, { ...draft, body: 'Mine.' }, stale)).rejects.toMatchObject({ code: 'conflict' });
    expect((await getStudioPost(client, post.id))?.body).toBe('Changed in another tab.');
  });
});
