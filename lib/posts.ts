import type { Schema } from '../amplify/data/resource';

/** The single partition key of the public by-date index (see amplify/data/resource.ts). */
export const PUBLIC_FEED = 'PUBLIC';

export type PostStatus = 'DRAFT' | 'PUBLISHED';

/** A post as visitors see it. */
export interface PublicPost {
  slug: string;
  title: string;
  excerpt: string;
  body: string;
  tags: string[];
  authorName: string;
  publishedAt: string;
}

/** A post as its author sees it in the studio. */
export interface StudioPost {
  id: string;
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  tags: string[];
  status: PostStatus;
  authorName: string;
  publishedAt: string | null;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

type PostRecord = Schema['Post']['type'];
type PublishedPostRecord = Schema['PublishedPost']['type'];
type GraphQLErrors = readonly { message: string; errorType?: string }[] | undefined;

/** The model API shared by the browser, cookie and seed clients (no server context argument). */
export interface PostsDataClient {
  models: {
    Post: {
      get(input: { id: string }): Promise<{ data: PostRecord | null; errors?: GraphQLErrors }>;
      list(options?: { limit?: number; nextToken?: string | null }): Promise<{
        data: PostRecord[];
        nextToken?: string | null;
        errors?: GraphQLErrors;
      }>;
      listPostsBySlug(input: { slug: string }): Promise<{ data: PostRecord[]; errors?: GraphQLErrors }>;
      create(input: Omit<PostRecord, 'id' | 'createdAt' | 'updatedAt' | 'owner'>): Promise<{
        data: PostRecord | null;
        errors?: GraphQLErrors;
      }>;
      update(input: Partial<PostRecord> & { id: string }): Promise<{ data: PostRecord | null; errors?: GraphQLErrors }>;
    };
    PublishedPost: {
      get(input: { slug: string }): Promise<{ data: PublishedPostRecord | null; errors?: GraphQLErrors }>;
      create(input: Omit<PublishedPostRecord, 'createdAt' | 'updatedAt' | 'owner'>): Promise<{
        data: PublishedPostRecord | null;
        errors?: GraphQLErrors;
      }>;
      update(input: Partial<PublishedPostRecord> & { slug: string }): Promise<{
        data: PublishedPostRecord | null;
        errors?: GraphQLErrors;
      }>;
      delete(input: { slug: string }): Promise<{ data: PublishedPostRecord | null; errors?: GraphQLErrors }>;
      listPublishedPostsByPostId(input: { postId: string }): Promise<{ data: PublishedPostRecord[]; errors?: GraphQLErrors }>;
    };
  };
}

/** A data-layer failure with a message fit for the author. */
export class PostError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'slug-taken' | 'forbidden' | 'backend',
  ) {
    super(message);
  }
}

function check(errors: GraphQLErrors, action: string): void {
  if (!errors?.length) return;
  if (errors.some((error) => /ConditionalCheckFailed|conditional request failed/i.test(`${error.errorType} ${error.message}`))) {
    throw new PostError('Another post already uses this slug. Choose a different one.', 'slug-taken');
  }
  if (errors.some((error) => /Unauthorized/i.test(`${error.errorType} ${error.message}`))) {
    throw new PostError(`You are not allowed to ${action}.`, 'forbidden');
  }
  throw new PostError(`Could not ${action}: ${errors.map((error) => error.message).join('; ')}`, 'backend');
}

export function toPublicPost(record: Pick<PublishedPostRecord, keyof PublicPost>): PublicPost {
  return {
    slug: record.slug,
    title: record.title,
    excerpt: record.excerpt ?? '',
    body: record.body,
    tags: (record.tags ?? []).filter((tag): tag is string => Boolean(tag)),
    authorName: record.authorName,
    publishedAt: record.publishedAt,
  };
}

export function toStudioPost(record: PostRecord): StudioPost {
  return {
    id: record.id,
    title: record.title,
    slug: record.slug,
    excerpt: record.excerpt ?? '',
    body: record.body,
    tags: (record.tags ?? []).filter((tag): tag is string => Boolean(tag)),
    status: (record.status ?? 'DRAFT') as PostStatus,
    authorName: record.authorName,
    publishedAt: record.publishedAt ?? null,
    updatedAt: record.updatedAt,
  };
}

export interface NewPost {
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  tags: string[];
  authorName: string;
}

export async function createDraft(client: PostsDataClient, post: NewPost): Promise<StudioPost> {
  const { data, errors } = await client.models.Post.create({ ...post, status: 'DRAFT', publishedAt: null });
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
 * Makes the post's current draft the live version. The live copy is keyed by slug, so
 * DynamoDB refuses a slug another live post holds; a changed slug retires the old live copy
 * only after the new one exists, so a failure never leaves the post offline.
 */
export async function publishPost(client: PostsDataClient, id: string, now = new Date()): Promise<PublicPost> {
  const post = await getStudioPost(client, id);
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  const publishedAt = post.publishedAt ?? now.toISOString();
  const live = {
    slug: post.slug,
    postId: post.id,
    title: post.title,
    excerpt: post.excerpt,
    body: post.body,
    tags: post.tags,
    authorName: post.authorName,
    publishedAt,
    feed: PUBLIC_FEED,
  };
  const previous = await client.models.PublishedPost.listPublishedPostsByPostId({ postId: post.id });
  check(previous.errors, 'publish this post');
  const sameSlug = previous.data.find((copy) => copy.slug === post.slug);
  const result = sameSlug ? await client.models.PublishedPost.update(live) : await client.models.PublishedPost.create(live);
  check(result.errors, 'publish this post');
  for (const stale of previous.data.filter((copy) => copy.slug !== post.slug)) {
    check((await client.models.PublishedPost.delete({ slug: stale.slug })).errors, 'retire the old address');
  }
  const updated = await client.models.Post.update({ id: post.id, status: 'PUBLISHED', publishedAt });
  check(updated.errors, 'mark the post published');
  return toPublicPost(live);
}

/** Takes the post off the site; the draft stays. Returns the slugs that were live. */
export async function unpublishPost(client: PostsDataClient, id: string): Promise<string[]> {
  const previous = await client.models.PublishedPost.listPublishedPostsByPostId({ postId: id });
  check(previous.errors, 'unpublish this post');
  for (const copy of previous.data) {
    check((await client.models.PublishedPost.delete({ slug: copy.slug })).errors, 'unpublish this post');
  }
  check((await client.models.Post.update({ id, status: 'DRAFT', publishedAt: null })).errors, 'unpublish this post');
  return previous.data.map((copy) => copy.slug);
}

/** Saves new content into the draft; a live copy changes only when the post is published again. */
export async function updateDraft(
  client: PostsDataClient,
  id: string,
  input: Pick<NewPost, 'title' | 'slug' | 'excerpt' | 'body' | 'tags'>,
): Promise<StudioPost> {
  const { data, errors } = await client.models.Post.update({ id, ...input });
  check(errors, 'save this post');
  if (!data) throw new PostError('This post does not exist or is not yours.', 'not-found');
  return toStudioPost(data);
}
