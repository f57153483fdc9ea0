import type { PostChange } from '../cache-tags';
import { checkResult as check, type GraphQLErrors, type PostRecord, type PostsDataClient } from './data-client';
import { contentHash, PostConflictError, PostError, storedCover, toStudioPost, type PostContent, type StudioPost } from './model';

/** A post's life in the studio: draft, save, publish, update, unpublish, schedule, delete. */

export interface NewPost {
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  tags: string[];
  coverImage?: string;
  coverAlt?: string;
  authorName: string;
  authorHandle: string;
}

export async function createDraft(client: PostsDataClient, post: NewPost): Promise<StudioPost> {
  const { data, errors } = await client.models.Post.create({
    ...post,
    ...storedCover(post),
    draftHash: contentHash(post),
    status: 'DRAFT',
    publishedAt: null,
  });
  check(errors, 'create this post');
  if (!data) throw new PostError('The post was not saved.', 'backend');
  return toStudioPost(data);
}

export async function getStudioPost(client: PostsDataClient, id: string): Promise<StudioPost | null> {
  const { data, errors } = await client.models.Post.get({ id });
  check(errors, 'read this post');
  return data ? toStudioPost(data) : null;
}

/** Every post the caller may edit: their own, or all of them for ADMINS (the backend decides). */
export async function listStudioPosts(client: PostsDataClient): Promise<StudioPost[]> {
  const posts: StudioPost[] = [];
  let nextToken: string | null | undefined = null;
  do {
    const page: Awaited<ReturnType<PostsDataClient['models']['Post']['list']>> = await client.models.Post.list({
      limit: 100,
      nextToken,
    });
    check(page.errors, 'list posts');
    posts.push(...page.data.map(toStudioPost));
    nextToken = page.nextToken;
  } while (nextToken);
  return posts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/**
 * Makes the post's saved draft the live version. The backend does it (amplify/functions/publishing):
 * it checks the caller may, validates the draft, stamps the byline from the author's profile and
 * writes the live copy, its tag entries and the draft's status in one transaction. `publishedAt`
 * backdates a first publication (the seed's posts keep their dates). Returns the pages it changed.
 */
export async function publishPost(client: PostsDataClient, id: string, publishedAt?: Date): Promise<PostChange> {
  const { data, errors } = await client.mutations.publishPost({ id, publishedAt: publishedAt?.toISOString() ?? null });
  check(errors, 'publish this post');
  if (!data) throw new PostError('The post was not published.', 'backend');
  return { slugs: data.slugs, tags: data.tags, authorHandles: data.authorHandles };
}

/** Takes the post off the site (in one transaction, in the backend); the draft stays. Returns what was live, to refresh those pages. */
export async function unpublishPost(client: PostsDataClient, id: string): Promise<PostChange> {
  const { data, errors } = await client.mutations.unpublishPost({ id });
  check(errors, 'unpublish this post');
  if (!data) throw new PostError('The post was not unpublished.', 'backend');
  return { slugs: data.slugs, tags: data.tags, authorHandles: data.authorHandles };
}

/** Whether another of the caller's posts already uses this slug (live slugs are checked publicly). */
export async function ownSlugInUse(client: PostsDataClient, slug: string, exceptId?: string): Promise<boolean> {
  const { data, errors } = await client.models.Post.listPostsBySlug({ slug });
  check(errors, 'check the slug');
  return data.some((post) => post.id !== exceptId);
}

/**
 * The generated update mutation with a condition: the model API offers no conditional update, so
 * a save goes through the GraphQL operation itself, whose generated resolver adds the condition
 * to DynamoDB's write. The selection is what toStudioPost reads.
 */
const SAVE_IF_UNCHANGED = /* GraphQL */ `
  mutation SaveDraftIfUnchanged($input: UpdatePostInput!, $condition: ModelPostConditionInput) {
    updatePost(input: $input, condition: $condition) {
      id
      title
      slug
      excerpt
      body
      tags
      coverImage
      coverAlt
      status
      authorName
      authorHandle
      publishedAt
      scheduledAt
      liveHash
      draftHash
      owner
      createdAt
      updatedAt
    }
  }
`;

/** A mutation's result; aws-amplify's `client.graphql` rejects with the whole result when it carries errors. */
async function graphqlResult(run: () => unknown): Promise<{ data?: unknown; errors?: GraphQLErrors }> {
  try {
    return (await run()) as { data?: unknown; errors?: GraphQLErrors };
  } catch (failure) {
    if (failure && typeof failure === 'object' && 'errors' in failure) return failure as { data?: unknown; errors?: GraphQLErrors };
    throw failure;
  }
}

/**
 * Saves new content into the draft; a live copy changes only when the post is published again.
 * `expectedVersion` is the content version the editor's edits are based on: if the draft's
 * content changed since (another tab, another device, an editor), the save is refused with the
 * newer version instead of overwriting it. The check is made twice: here, to answer with the
 * newer version, and by DynamoDB in the write itself (the stored `draftHash` must still be the one
 * read), so of two saves based on the same version exactly one lands, however close together.
 */
export async function updateDraft(client: PostsDataClient, id: string, input: PostContent, expectedVersion?: string): Promise<StudioPost> {
  const cover = input.coverImage === undefined ? {} : storedCover(input);
  const fields = { id, ...input, ...cover, draftHash: contentHash(input) };
  if (!expectedVersion) {
    const { data, errors } = await client.models.Post.update(fields);
    check(errors, 'save this post');
    if (!data) throw new PostError('This post does not exist or is not yours.', 'not-found');
    return toStudioPost(data);
  }
  const current = await client.models.Post.get({ id });
  check(current.errors, 'read this post');
  if (!current.data) throw new PostError('This post does not exist or is not yours.', 'not-found');
  if (toStudioPost(current.data).version !== expectedVersion) throw new PostConflictError(toStudioPost(current.data));
  // A post saved before drafts carried their hash has none yet: then no other save may have set one.
  const stored = current.data.draftHash;
  const condition = stored ? { draftHash: { eq: stored } } : { draftHash: { attributeExists: false } };
  const { data, errors } = await graphqlResult(() => client.graphql({ query: SAVE_IF_UNCHANGED, variables: { input: fields, condition } }));
  if (errors?.some((error) => /ConditionalCheckFailed/.test(`${error.errorType ?? ''} ${error.message}`))) {
    const newer = await getStudioPost(client, id);
    if (!newer) throw new PostError('This post does not exist or is not yours.', 'not-found');
    throw new PostConflictError(newer);
  }
  check(errors, 'save this post');
  const saved = (data as { updatePost?: PostRecord | null } | undefined)?.updatePost;
  if (!saved) throw new PostError('This post does not exist or is not yours.', 'not-found');
  return toStudioPost(saved);
}

/**
 * Deletes a post for good, in the backend (clients have no delete on posts): it takes the post off
 * the site, removes its preview links and comments, then the draft. Returns what was live.
 */
export async function deletePost(client: PostsDataClient, id: string): Promise<PostChange> {
  const { data, errors } = await client.mutations.removePost({ id });
  check(errors, 'delete this post');
  if (!data) throw new PostError('The post was not deleted.', 'backend');
  return { slugs: data.slugs, tags: data.tags, authorHandles: data.authorHandles };
}

/**
 * Schedules a post that is not live yet to go live at `when`. The backend checks the caller may
 * publish it and records who scheduled which content; the scheduler (amplify/functions/publish-due,
 * every minute) publishes the saved draft once that time has come.
 */
export async function schedulePost(client: PostsDataClient, id: string, when: Date, now = new Date()): Promise<void> {
  // Any later minute will do: the scheduler runs on every minute and publishes what is due by then.
  if (!(when.getTime() > now.getTime())) throw new PostError('Choose a time in the future.', 'invalid');
  const { data, errors } = await client.mutations.schedulePost({ id, at: when.toISOString() });
  check(errors, 'schedule this post');
  if (!data) throw new PostError('The post was not scheduled.', 'backend');
}

/**
 * A contributor hands a draft to the editors: it shows as "In review" in their studio. The status
 * is the owner's to set (publishing is what the backend guards); a post that is live or scheduled
 * keeps its status.
 */
export async function submitForReview(client: PostsDataClient, id: string): Promise<StudioPost> {
  const post = await getStudioPost(client, id);
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  if (post.status !== 'DRAFT' && post.status !== 'REVIEW') throw new PostError('Only a draft can be submitted for review.', 'invalid');
  const { data, errors } = await client.models.Post.update({ id, status: 'REVIEW' });
  check(errors, 'submit this post for review');
  if (!data) throw new PostError('This post does not exist or is not yours.', 'not-found');
  return toStudioPost(data);
}

/** Takes a post off the schedule; it stays a draft. */
export async function cancelSchedule(client: PostsDataClient, id: string): Promise<void> {
  check((await client.models.Post.update({ id, status: 'DRAFT', scheduledAt: null })).errors, 'cancel the schedule');
}
