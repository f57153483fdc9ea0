import { createHash, randomBytes } from 'node:crypto';
import type { Schema } from '../amplify/data/resource';
import { slugify } from './slug';

/** The single partition key of the public by-date index (see amplify/data/resource.ts). */
export const PUBLIC_FEED = 'PUBLIC';

export type PostStatus = 'DRAFT' | 'SCHEDULED' | 'PUBLISHED';

/** What the studio shows: a live post whose draft moved on is "published with unpublished changes". */
export type DisplayStatus = 'draft' | 'scheduled' | 'published' | 'changed';

/** A post as visitors see it. */
export interface PublicPost {
  slug: string;
  title: string;
  excerpt: string;
  body: string;
  tags: string[];
  authorName: string;
  authorHandle: string;
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
  displayStatus: DisplayStatus;
  authorName: string;
  authorHandle: string | null;
  publishedAt: string | null;
  scheduledAt: string | null;
  updatedAt: string;
  /**
   * Fingerprint of the draft's content (see contentHash): the version an editor based its edits
   * on. Content, not `updatedAt`, so a status change (schedule, publish) is never a conflict and
   * every save that changes the text yields a new version the editor can hold on to.
   */
  version: string;
}

type PostContent = Pick<StudioPost, 'title' | 'slug' | 'excerpt' | 'body' | 'tags'>;

/** A stable fingerprint of what visitors would see, to tell a changed draft from the live copy. */
export function contentHash(post: PostContent): string {
  return createHash('sha256')
    .update(JSON.stringify([post.title, post.slug, post.excerpt, post.body, post.tags]))
    .digest('hex');
}

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

type PostRecord = Schema['Post']['type'];
type PublishedPostRecord = Schema['PublishedPost']['type'];
type PublishedPostTagRecord = Schema['PublishedPostTag']['type'];
type AuthorProfileRecord = Schema['AuthorProfile']['type'];
type DraftPreviewRecord = Schema['DraftPreview']['type'];
type GraphQLErrors = readonly { message: string; errorType?: string }[] | undefined;
type Result<T> = Promise<{ data: T; errors?: GraphQLErrors }>;
type CreateInput<T> = Omit<T, 'createdAt' | 'updatedAt' | 'owner'>;

/** The model API shared by the browser, cookie and seed clients (no server context argument). */
export interface PostsDataClient {
  models: {
    Post: {
      get(input: { id: string }): Result<PostRecord | null>;
      list(options?: { limit?: number; nextToken?: string | null }): Promise<{ data: PostRecord[]; nextToken?: string | null; errors?: GraphQLErrors }>;
      listPostsBySlug(input: { slug: string }): Result<PostRecord[]>;
      create(input: Omit<CreateInput<PostRecord>, 'id'>): Result<PostRecord | null>;
      update(input: Partial<PostRecord> & { id: string }): Result<PostRecord | null>;
      delete(input: { id: string }): Result<PostRecord | null>;
    };
    PublishedPost: {
      get(input: { slug: string }): Result<PublishedPostRecord | null>;
      create(input: CreateInput<PublishedPostRecord>): Result<PublishedPostRecord | null>;
      update(input: Partial<PublishedPostRecord> & { slug: string }): Result<PublishedPostRecord | null>;
      delete(input: { slug: string }): Result<PublishedPostRecord | null>;
      listPublishedPostsByPostId(input: { postId: string }): Result<PublishedPostRecord[]>;
    };
    PublishedPostTag: {
      create(input: CreateInput<PublishedPostTagRecord>): Result<PublishedPostTagRecord | null>;
      delete(input: { tag: string; slug: string }): Result<PublishedPostTagRecord | null>;
      listPublishedPostTagsByPostId(input: { postId: string }): Result<PublishedPostTagRecord[]>;
    };
    DraftPreview: {
      create(input: CreateInput<DraftPreviewRecord>): Result<DraftPreviewRecord | null>;
      update(input: Partial<DraftPreviewRecord> & { token: string }): Result<DraftPreviewRecord | null>;
      delete(input: { token: string }): Result<DraftPreviewRecord | null>;
      listDraftPreviewsByPostId(input: { postId: string }): Result<DraftPreviewRecord[]>;
    };
    AuthorProfile: {
      create(input: CreateInput<AuthorProfileRecord>): Result<AuthorProfileRecord | null>;
      update(input: Partial<AuthorProfileRecord> & { handle: string }): Result<AuthorProfileRecord | null>;
      listAuthorProfilesByUserId(input: { userId: string }): Result<AuthorProfileRecord[]>;
    };
  };
}

/** A data-layer failure with a message fit for the author. */
export class PostError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'slug-taken' | 'forbidden' | 'conflict' | 'invalid' | 'backend',
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
    authorHandle: record.authorHandle,
    publishedAt: record.publishedAt,
  };
}

export function toStudioPost(record: PostRecord): StudioPost {
  const content = {
    title: record.title,
    slug: record.slug,
    excerpt: record.excerpt ?? '',
    body: record.body,
    tags: (record.tags ?? []).filter((tag): tag is string => Boolean(tag)),
  };
  const status = record.status ?? 'DRAFT';
  return {
    id: record.id,
    ...content,
    status,
    displayStatus:
      status === 'DRAFT'
        ? 'draft'
        : status === 'SCHEDULED'
          ? 'scheduled'
          : record.liveHash && record.liveHash !== contentHash(content)
            ? 'changed'
            : 'published',
    scheduledAt: record.scheduledAt ?? null,
    authorName: record.authorName,
    authorHandle: record.authorHandle ?? null,
    publishedAt: record.publishedAt ?? null,
    updatedAt: record.updatedAt,
    version: contentHash(content),
  };
}

export interface NewPost {
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  tags: string[];
  authorName: string;
  authorHandle: string;
}

export interface AuthorIdentity {
  userId: string;
  name: string;
  email: string;
}

/**
 * The author's public handle (the /authors/<handle> address), creating their profile on first
 * use. Handles are the profile's key, so a taken one is refused by DynamoDB and the next free
 * variant is tried.
 */
export async function ensureAuthorProfile(client: PostsDataClient, author: AuthorIdentity, bio?: string): Promise<string> {
  const existing = await client.models.AuthorProfile.listAuthorProfilesByUserId({ userId: author.userId });
  check(existing.errors, 'read your author profile');
  const current = existing.data[0];
  if (current) return current.handle;
  const base = slugify(author.name) || slugify(author.email.split('@')[0] ?? '') || 'author';
  const candidates = [base, ...Array.from({ length: 8 }, (_, index) => `${base}-${index + 2}`), `${base}-${author.userId.slice(0, 8)}`];
  for (const handle of candidates) {
    const created = await client.models.AuthorProfile.create({ handle, userId: author.userId, name: author.name, bio: bio ?? null });
    try {
      check(created.errors, 'create your author profile');
      return handle;
    } catch (error) {
      if (!(error instanceof PostError && error.code === 'slug-taken')) throw error;
    }
  }
  throw new PostError('Could not find a free author handle.', 'backend');
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

/** Raised when the post changed since the editor loaded it; carries the newer version. */
export class PostConflictError extends PostError {
  constructor(readonly current: StudioPost) {
    super('This post was changed elsewhere since you opened it. Nothing was overwritten: compare and choose a version.', 'conflict');
  }
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
  const { data, errors } = await client.models.Post.update({ id, ...input });
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

/** The preview link token of a post, if its author shared one. */
export async function previewTokenOf(client: PostsDataClient, postId: string): Promise<string | null> {
  const { data, errors } = await client.models.DraftPreview.listDraftPreviewsByPostId({ postId });
  check(errors, 'read the preview link');
  return data[0]?.token ?? null;
}

/**
 * Creates (or refreshes) the post's preview link: a snapshot of the draft under a random
 * 192-bit token. Saves keep the snapshot current; revoking deletes it, so the URL stops working.
 */
export async function sharePreview(client: PostsDataClient, postId: string): Promise<string> {
  const post = await getStudioPost(client, postId);
  if (!post) throw new PostError('This post does not exist or is not yours.', 'not-found');
  const snapshot = { postId, title: post.title, excerpt: post.excerpt, body: post.body, tags: post.tags, authorName: post.authorName };
  const existing = await previewTokenOf(client, postId);
  if (existing) {
    check((await client.models.DraftPreview.update({ token: existing, ...snapshot })).errors, 'refresh the preview link');
    return existing;
  }
  const token = randomBytes(24).toString('base64url');
  check((await client.models.DraftPreview.create({ token, ...snapshot })).errors, 'create the preview link');
  return token;
}

/** Keeps an existing preview link showing the latest saved draft; no link, nothing to do. */
export async function refreshPreview(client: PostsDataClient, postId: string): Promise<void> {
  if (await previewTokenOf(client, postId)) await sharePreview(client, postId);
}

export async function revokePreview(client: PostsDataClient, postId: string): Promise<void> {
  const { data, errors } = await client.models.DraftPreview.listDraftPreviewsByPostId({ postId });
  check(errors, 'revoke the preview link');
  for (const preview of data) check((await client.models.DraftPreview.delete({ token: preview.token })).errors, 'revoke the preview link');
}

/** The author's public profile (name and bio), or null before their first post. */
export async function getAuthorProfile(client: PostsDataClient, userId: string): Promise<{ handle: string; name: string; bio: string } | null> {
  const { data, errors } = await client.models.AuthorProfile.listAuthorProfilesByUserId({ userId });
  check(errors, 'read your profile');
  const profile = data[0];
  return profile ? { handle: profile.handle, name: profile.name, bio: profile.bio ?? '' } : null;
}

export async function updateAuthorProfile(client: PostsDataClient, handle: string, input: { name: string; bio: string }): Promise<void> {
  check((await client.models.AuthorProfile.update({ handle, name: input.name, bio: input.bio || null })).errors, 'save your profile');
}
