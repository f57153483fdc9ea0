import { revokePreview } from '../previews';
import { checkResult as check, type PostsDataClient } from './data-client';
import {
  contentHash,
  PostConflictError,
  PostError,
  PUBLIC_FEED,
  storedCover,
  toPublicPost,
  toStudioPost,
  type PostContent,
  type PublicPost,
  type StudioPost,
} from './model';

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
 * Makes the post's current draft the live version. The live copy is keyed by slug, so
 * DynamoDB refuses a slug another live post holds; a changed slug retires the old live copy
 * only after the new one exists, so a failure never leaves the post offline.
 */
export async function publishPost(client: PostsDataClient, id: string, now = new Date()): Promise<PublishResult> {
  const post = await getStudioPost(client, id);
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  const publishedAt = post.publishedAt ?? now.toISOString();
  if (!post.authorHandle) throw new PostError('This post has no author profile yet; save it once more.', 'backend');
  const live = {
    slug: post.slug,
    postId: post.id,
    title: post.title,
    excerpt: post.excerpt,
    body: post.body,
    tags: post.tags,
    ...storedCover(post),
    authorName: post.authorName,
    authorHandle: post.authorHandle,
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
  const retiredTags = await syncTagEntries(client, post.id, post.slug, post.tags, publishedAt);
  const updated = await client.models.Post.update({ id: post.id, status: 'PUBLISHED', publishedAt, scheduledAt: null, liveHash: contentHash(post) });
  check(updated.errors, 'mark the post published');
  return {
    post: toPublicPost(live),
    previousSlugs: previous.data.map((copy) => copy.slug).filter((slug) => slug !== post.slug),
    affectedTags: [...new Set([...post.tags, ...retiredTags])],
  };
}

/** Makes the tag index match the live post; returns the tags it no longer has. */
async function syncTagEntries(client: PostsDataClient, postId: string, slug: string, tags: string[], publishedAt: string): Promise<string[]> {
  const existing = await client.models.PublishedPostTag.listPublishedPostTagsByPostId({ postId });
  check(existing.errors, 'update the tag pages');
  const keep = existing.data.filter((entry) => entry.slug === slug && tags.includes(entry.tag) && entry.publishedAt === publishedAt);
  for (const entry of existing.data.filter((candidate) => !keep.includes(candidate))) {
    check((await client.models.PublishedPostTag.delete({ tag: entry.tag, slug: entry.slug })).errors, 'update the tag pages');
  }
  for (const tag of tags.filter((candidate) => !keep.some((entry) => entry.tag === candidate))) {
    check((await client.models.PublishedPostTag.create({ tag, slug, postId, publishedAt })).errors, 'update the tag pages');
  }
  return existing.data.map((entry) => entry.tag).filter((tag) => !tags.includes(tag));
}

export interface PublishResult {
  post: PublicPost;
  /** Addresses the post had before (a changed slug); their pages must be refreshed too. */
  previousSlugs: string[];
  /** Tags the post has or just lost. */
  affectedTags: string[];
}

export interface UnpublishResult {
  slugs: string[];
  tags: string[];
  authorHandles: string[];
}

/** Takes the post off the site; the draft stays. Returns what was live, to refresh those pages. */
export async function unpublishPost(client: PostsDataClient, id: string): Promise<UnpublishResult> {
  const previous = await client.models.PublishedPost.listPublishedPostsByPostId({ postId: id });
  check(previous.errors, 'unpublish this post');
  const tags = await syncTagEntries(client, id, '', [], '');
  for (const copy of previous.data) {
    check((await client.models.PublishedPost.delete({ slug: copy.slug })).errors, 'unpublish this post');
  }
  check((await client.models.Post.update({ id, status: 'DRAFT', publishedAt: null, liveHash: null })).errors, 'unpublish this post');
  return {
    slugs: previous.data.map((copy) => copy.slug),
    tags,
    authorHandles: [...new Set(previous.data.map((copy) => copy.authorHandle))],
  };
}

/** Whether another of the caller's posts already uses this slug (live slugs are checked publicly). */
export async function ownSlugInUse(client: PostsDataClient, slug: string, exceptId?: string): Promise<boolean> {
  const { data, errors } = await client.models.Post.listPostsBySlug({ slug });
  check(errors, 'check the slug');
  return data.some((post) => post.id !== exceptId);
}

/**
 * Saves new content into the draft; a live copy changes only when the post is published again.
 * `expectedVersion` is the content version the editor's edits are based on: if the draft's
 * content changed since (another tab, another device, an editor), the save is refused with the
 * newer version instead of overwriting it. The model API has no conditional update, so this is a
 * read-then-write check: a save landing between the two requests (milliseconds) could still win.
 */
export async function updateDraft(client: PostsDataClient, id: string, input: PostContent, expectedVersion?: string): Promise<StudioPost> {
  if (expectedVersion) {
    const current = await getStudioPost(client, id);
    if (!current) throw new PostError('This post does not exist or is not yours.', 'not-found');
    if (current.version !== expectedVersion) throw new PostConflictError(current);
  }
  const cover = input.coverImage === undefined ? {} : storedCover(input);
  const { data, errors } = await client.models.Post.update({ id, ...input, ...cover });
  check(errors, 'save this post');
  if (!data) throw new PostError('This post does not exist or is not yours.', 'not-found');
  return toStudioPost(data);
}

/** Deletes a post for good: takes it off the site first, then removes the draft. */
export async function deletePost(client: PostsDataClient, id: string): Promise<UnpublishResult> {
  const post = await getStudioPost(client, id);
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  const live = post.status === 'PUBLISHED' ? await unpublishPost(client, id) : { slugs: [], tags: [], authorHandles: [] };
  await revokePreview(client, id);
  check((await client.models.Post.delete({ id })).errors, 'delete this post');
  return live;
}

/**
 * Schedules a post that is not live yet to go live at `when`. Only the state lives here; the
 * job that publishes due posts is a scheduled function still to be built (see docs).
 */
export async function schedulePost(client: PostsDataClient, id: string, when: Date, now = new Date()): Promise<StudioPost> {
  if (!(when.getTime() > now.getTime() + 60_000)) throw new PostError('Choose a time at least a minute from now.', 'invalid');
  const post = await getStudioPost(client, id);
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  if (post.status === 'PUBLISHED') throw new PostError('This post is already live.', 'invalid');
  const { data, errors } = await client.models.Post.update({ id, status: 'SCHEDULED', scheduledAt: when.toISOString() });
  check(errors, 'schedule this post');
  if (!data) throw new PostError('This post does not exist or is not yours.', 'not-found');
  return toStudioPost(data);
}

/** Takes a post off the schedule; it stays a draft. */
export async function cancelSchedule(client: PostsDataClient, id: string): Promise<void> {
  check((await client.models.Post.update({ id, status: 'DRAFT', scheduledAt: null })).errors, 'cancel the schedule');
}
