import 'server-only'; // Cached server reads through the public API key.
import { createHash } from 'node:crypto';
import { unstable_cache } from 'next/cache';
import { publicDataClient, runWithAmplifyServerContext } from './amplify-server';
import { cacheTags } from './cache-tags';
import { avatarOf } from './authors';
import type { PublicComment } from './comments';
import { readingMinutesOf } from './reading-time';
import { rankRelated, RELATED_COUNT, RELATED_ENTRIES_PER_TAG, RELATED_TAGS_LOOKED_UP, type TagIndexEntry } from './related';
import { coverOf, PUBLIC_FEED, tagList, toPostSummary, toPublicPost, type PublicPost } from './posts';
import { markdownToText, SEARCH_BODY_CHARS, type SearchCorpus, type SearchDocument } from './search';

/**
 * Public reads: API key, no cookies, inside Next's data cache with tags (lib/cache-tags.ts), so
 * visitor pages are the same for everyone and a publish refreshes exactly what it touched.
 */
type Context = Parameters<Parameters<typeof runWithAmplifyServerContext>[0]['operation']>[0];

function publicRead<T>(operation: (context: Context) => Promise<T>): Promise<T> {
  return runWithAmplifyServerContext({ nextServerContext: null, operation });
}

/** An error the API returned; one about part of a result carries the path to it. */
type ApiError = { message: string; path?: readonly (string | number)[] | null };

function raise(errors: readonly ApiError[] | undefined, what: string): void {
  if (errors?.length) throw new Error(`Reading ${what} failed: ${errors.map((error) => error.message).join('; ')}`);
}

/**
 * The records of a listing that can be shown. A record the API cannot give whole (a required field
 * that is null nulls the item and adds an error) or that lacks a field the page needs is left out
 * and logged, so one bad record never takes a listing down; a listing that failed outright still
 * fails. The data client answers a list whose request failed (API down, network, throttling) with
 * an empty list and the error rather than a throw, which would otherwise read as "nothing here" and
 * be cached as a page for everyone: so nothing usable plus an error that is not about a record (a
 * record's carries the path to its field) is a failure too.
 */
export function usableRecords<T extends object>(
  data: readonly (T | null | undefined)[] | null | undefined,
  errors: readonly ApiError[] | undefined,
  what: string,
  required: readonly string[],
): T[] {
  if (!data) {
    raise(errors?.length ? errors : [{ message: 'no data' }], what);
    return [];
  }
  const whole = (item: T | null | undefined): item is T =>
    item !== null && item !== undefined && required.every((field) => typeof (item as Record<string, unknown>)[field] === 'string');
  const items = data.filter(whole);
  if (items.length === 0 && errors?.some((error) => (error.path?.length ?? 0) < 2)) raise(errors, what);
  if (errors?.length || items.length < data.length) {
    console.error(
      `Reading ${what}: ${data.length - items.length} record(s) left out${errors?.length ? ` (${errors.map((error) => error.message).join('; ')})` : ''}`,
    );
  }
  return items;
}

/** What a page needs of every live post (the rest has defaults). */
const LIVE_POST_FIELDS = ['postId', 'slug', 'title', 'body', 'authorName', 'authorHandle', 'publishedAt'] as const;

/** A page of a newest-first listing, with cursors for the pages either side (publication dates). */
export interface CursorPage<T> {
  items: T[];
  /** Pass as `before` to get older items; null on the last page. */
  olderCursor: string | null;
  /** Pass as `after` to get newer items; null on the first page. */
  newerCursor: string | null;
}

export interface Cursor {
  before?: string | null;
  after?: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Cursors come from URLs: anything that is not an ISO date is ignored rather than sent on. */
export function parseCursor(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && ISO_DATE.test(value) ? value : null;
}

/**
 * Pages over a date-sorted index in either direction. `fetchPage` must return up to `limit`
 * items strictly older than `before` (newest first) or strictly newer than `after` (oldest
 * first). One extra item is asked for to know whether another page exists.
 */
export async function pageByDate<T extends { publishedAt: string }>(
  cursor: Cursor,
  limit: number,
  fetchPage: (range: { before: string | null; after: string | null; limit: number }) => Promise<T[]>,
): Promise<CursorPage<T>> {
  if (cursor.after) {
    const newerFirst = await fetchPage({ before: null, after: cursor.after, limit: limit + 1 });
    const hasNewer = newerFirst.length > limit;
    const items = newerFirst.slice(0, limit).reverse();
    return {
      items,
      newerCursor: hasNewer && items[0] ? items[0].publishedAt : null,
      olderCursor: items.at(-1)?.publishedAt ?? null,
    };
  }
  const before = cursor.before ?? null;
  const page = await fetchPage({ before, after: null, limit: limit + 1 });
  const items = page.slice(0, limit);
  return {
    items,
    newerCursor: before && items[0] ? items[0].publishedAt : null,
    olderCursor: page.length > limit ? (items.at(-1)?.publishedAt ?? null) : null,
  };
}

type DateRange = { before: string | null; after: string | null; limit: number };
const dateCondition = ({ before, after }: DateRange) => (after ? { gt: after } : before ? { lt: before } : undefined);

async function queryPublishedByDate(range: DateRange): Promise<PublicPost[]> {
  return publicRead(async (context) => {
    const condition = dateCondition(range);
    const { data, errors } = await publicDataClient().models.PublishedPost.listPublishedPostsByDate(
      context,
      { feed: PUBLIC_FEED, ...(condition ? { publishedAt: condition } : {}) },
      { sortDirection: range.after ? 'ASC' : 'DESC', limit: range.limit },
    );
    return usableRecords(data, errors, 'published posts', LIVE_POST_FIELDS).map(toPublicPost);
  });
}

/** Home page: newest first, a page at a time, from the by-date index (a query, never a scan). */
export function listPublishedPosts(cursor: Cursor, limit = 10): Promise<CursorPage<PublicPost>> {
  return unstable_cache(() => pageByDate(cursor, limit, queryPublishedByDate), ['home', cursor.before ?? '', cursor.after ?? '', String(limit)], {
    tags: [cacheTags.home],
  })();
}

export function getPublishedPost(slug: string): Promise<PublicPost | null> {
  return unstable_cache(
    () =>
      publicRead(async (context) => {
        const { data, errors } = await publicDataClient().models.PublishedPost.get(context, { slug });
        raise(errors, `post ${slug}`);
        return data ? toPublicPost(data) : null;
      }),
    ['post', slug],
    { tags: [cacheTags.post(slug)] },
  )();
}

/**
 * A tag page: the tag index gives the slugs, the live posts give the content. An entry whose
 * live post no longer carries the tag (or is gone) is skipped, so a stale or forged index entry
 * can never put a post under a tag its author did not choose.
 */
export function listTaggedPosts(tag: string, cursor: Cursor, limit = 10): Promise<CursorPage<PublicPost>> {
  return unstable_cache(
    () =>
      pageByDate(cursor, limit, (range) =>
        publicRead(async (context) => {
          const condition = dateCondition(range);
          const { data, errors } = await publicDataClient().models.PublishedPostTag.listTaggedPostsByDate(
            context,
            { tag, ...(condition ? { publishedAt: condition } : {}) },
            { sortDirection: range.after ? 'ASC' : 'DESC', limit: range.limit },
          );
          const entries = usableRecords(data, errors, `posts tagged ${tag}`, ['slug']);
          const posts = await Promise.all(
            entries.map(async (entry) => {
              const { data: post, errors: postErrors } = await publicDataClient().models.PublishedPost.get(context, { slug: entry.slug });
              return usableRecords([post], postErrors, `post ${entry.slug}`, LIVE_POST_FIELDS)[0];
            }),
          );
          return posts.filter((post): post is NonNullable<typeof post> => Boolean(post?.tags?.includes(tag))).map(toPublicPost);
        }),
      ),
    ['tag', tag, cursor.before ?? '', cursor.after ?? '', String(limit)],
    { tags: [cacheTags.tag(tag)] },
  )();
}

export interface AuthorCard {
  handle: string;
  name: string;
  bio: string;
  /** The avatar's public URL (/media/…), '' for none. */
  avatar: string;
}

export interface AuthorPage extends AuthorCard {
  posts: CursorPage<PublicPost>;
}

/** The profile a post's byline and author card show; null if the handle has none. */
export function getAuthorCard(handle: string): Promise<AuthorCard | null> {
  return unstable_cache(
    () =>
      publicRead(async (context) => {
        const { data, errors } = await publicDataClient().models.AuthorProfile.get(context, { handle }, { selectionSet: ['handle', 'name', 'bio', 'avatar'] });
        raise(errors, `author ${handle}`);
        return data ? { handle: data.handle, name: data.name, bio: data.bio ?? '', avatar: avatarOf(data) } : null;
      }),
    ['author-card', handle],
    { tags: [cacheTags.author(handle)] },
  )();
}

/** A post as listings show it: the summary, its reading time and its author's avatar. */
export interface ListedPost extends PostSummary {
  readingMinutes: number;
  /** The author's avatar URL, '' for none (the card then shows initials). */
  authorAvatar: string;
}

/**
 * What a listing card needs beyond the post: the reading time (from the body, without rendering)
 * and each author's avatar, one cached profile read per author. A profile that cannot be read
 * costs its avatar (initials instead), never the listing.
 */
export async function toListedPosts(posts: readonly PublicPost[]): Promise<ListedPost[]> {
  const handles = [...new Set(posts.map((post) => post.authorHandle))];
  const avatars = new Map(
    await Promise.all(
      handles.map(async (handle): Promise<[string, string]> => {
        try {
          return [handle, (await getAuthorCard(handle))?.avatar ?? ''];
        } catch (error) {
          console.error(`Reading the avatar of ${handle}: ${String(error)}`);
          return [handle, ''];
        }
      }),
    ),
  );
  return posts.map(({ body, ...summary }) => ({ ...summary, readingMinutes: readingMinutesOf(body), authorAvatar: avatars.get(summary.authorHandle) ?? '' }));
}

/** An author's page: their profile and their live posts, listed by the owner the backend stamped. */
export function getAuthorPage(handle: string, cursor: Cursor, limit = 10): Promise<AuthorPage | null> {
  return unstable_cache(
    () =>
      publicRead(async (context) => {
        const { data: profile, errors } = await publicDataClient().models.AuthorProfile.get(context, { handle });
        raise(errors, `author ${handle}`);
        if (!profile?.owner) return null;
        // Gen 2 stores owners as "<sub>::<username>" but the owner field reads back as the sub alone;
        // in an e-mail sign-in pool the username is the sub, so the stored key is "<sub>::<sub>".
        const owner = profile.owner.includes('::') ? profile.owner : `${profile.owner}::${profile.owner}`;
        const posts = await pageByDate(cursor, limit, async (range) => {
          const condition = dateCondition(range);
          const result = await publicDataClient().models.PublishedPost.listPublishedPostsByOwner(
            context,
            { owner, ...(condition ? { publishedAt: condition } : {}) },
            { sortDirection: range.after ? 'ASC' : 'DESC', limit: range.limit },
          );
          return usableRecords(result.data, result.errors, `posts by ${handle}`, LIVE_POST_FIELDS).map(toPublicPost);
        });
        return { handle: profile.handle, name: profile.name, bio: profile.bio ?? '', avatar: avatarOf(profile), posts };
      }),
    ['author', handle, cursor.before ?? '', cursor.after ?? '', String(limit)],
    { tags: [cacheTags.author(handle)] },
  )();
}

/** What search, the sitemap and the feed index: every live post without its body. */
export type PostSummary = Omit<PublicPost, 'body'>;

const SUMMARY_FIELDS = [
  'postId',
  'slug',
  'title',
  'excerpt',
  'tags',
  'coverImage',
  'coverAlt',
  'authorName',
  'authorHandle',
  'publishedAt',
  'commentCount',
] as const;

const SUMMARY_REQUIRED = ['postId', 'slug', 'title', 'authorName', 'authorHandle', 'publishedAt'] as const;

async function readSummaryPage(context: Context, nextToken: string | null): Promise<{ items: PostSummary[]; nextToken: string | null }> {
  const page = await publicDataClient().models.PublishedPost.listPublishedPostsByDate(
    context,
    { feed: PUBLIC_FEED },
    { sortDirection: 'DESC', limit: 1000, nextToken, selectionSet: SUMMARY_FIELDS },
  );
  return {
    items: usableRecords(page.data, page.errors, 'the post index', SUMMARY_REQUIRED).map(toPostSummary),
    nextToken: page.nextToken ?? null,
  };
}

async function readAllSummaries(): Promise<PostSummary[]> {
  return publicRead(async (context) => {
    const summaries: PostSummary[] = [];
    let nextToken: string | null = null;
    do {
      const page = await readSummaryPage(context, nextToken);
      summaries.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return summaries;
  });
}

/** The whole public index, cached until a post changes (search and sitemap read it). */
export const listAllSummaries = unstable_cache(readAllSummaries, ['all-summaries'], { tags: [cacheTags.search, cacheTags.sitemap] });

/** A post's body as search indexes it; a body that cannot be read is left out, not the post. */
function searchText(slug: string, body: unknown): string {
  if (typeof body !== 'string') return '';
  try {
    return markdownToText(body, SEARCH_BODY_CHARS);
  } catch (error) {
    console.error(`Reading the search text of ${slug}: ${String(error)}`);
    return '';
  }
}

async function readSearchPage(context: Context, nextToken: string | null): Promise<{ items: SearchDocument[]; nextToken: string | null }> {
  // Bodies make pages heavy: fewer per request (DynamoDB also stops a page at 1 MB and hands on a token).
  const page = await publicDataClient().models.PublishedPost.listPublishedPostsByDate(
    context,
    { feed: PUBLIC_FEED },
    { sortDirection: 'DESC', limit: 200, nextToken, selectionSet: [...SUMMARY_FIELDS, 'body'] },
  );
  return {
    items: usableRecords(page.data, page.errors, 'the search index', SUMMARY_REQUIRED).map((record) => ({
      ...toPostSummary(record),
      text: searchText(record.slug, record.body),
    })),
    nextToken: page.nextToken ?? null,
  };
}

async function readSearchCorpus(): Promise<SearchCorpus> {
  return publicRead(async (context) => {
    const posts: SearchDocument[] = [];
    let nextToken: string | null = null;
    do {
      const page = await readSearchPage(context, nextToken);
      posts.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    const hash = createHash('sha256');
    for (const post of posts) hash.update(JSON.stringify(post));
    return { fingerprint: hash.digest('base64url'), posts };
  });
}

/**
 * Every live post with the opening of its body as plain text (lib/search.ts, SEARCH_BODY_CHARS),
 * for the search index: cached until a post changes (the `search` tag, revalidated on publish).
 */
export const listSearchCorpus = unstable_cache(readSearchCorpus, ['search-corpus'], { tags: [cacheTags.search] });

/** The newest posts with their bodies, for the feed. */
export function listFeedPosts(limit = 20): Promise<PublicPost[]> {
  return unstable_cache(() => queryPublishedByDate({ before: null, after: null, limit }), ['feed', String(limit)], {
    tags: [cacheTags.feed],
  })();
}

/** The posts either side of a post in publication order, for the links at its end. */
export interface PostNeighbours {
  /** The post published just before (older); null for the first post. */
  previous: PostSummary | null;
  /** The post published just after (newer); null for the newest. */
  next: PostSummary | null;
}

async function neighbour(context: Context, publishedAt: string, direction: 'older' | 'newer'): Promise<PostSummary | null> {
  const { data, errors } = await publicDataClient().models.PublishedPost.listPublishedPostsByDate(
    context,
    { feed: PUBLIC_FEED, publishedAt: direction === 'older' ? { lt: publishedAt } : { gt: publishedAt } },
    // A few, not one: a record that cannot be shown is skipped rather than hiding the link.
    { sortDirection: direction === 'older' ? 'DESC' : 'ASC', limit: 3, selectionSet: SUMMARY_FIELDS },
  );
  return usableRecords(data, errors, `the post ${direction} than ${publishedAt}`, SUMMARY_REQUIRED).map(toPostSummary)[0] ?? null;
}

/**
 * Previous and next by publication date: two small queries on the by-date index. Any publish
 * can change them, so they are cached under the `neighbours` tag every post change revalidates.
 */
export function getPostNeighbours(publishedAt: string): Promise<PostNeighbours> {
  return unstable_cache(
    () =>
      publicRead(async (context) => {
        const [previous, next] = await Promise.all([neighbour(context, publishedAt, 'older'), neighbour(context, publishedAt, 'newer')]);
        return { previous, next };
      }),
    ['neighbours', publishedAt],
    { tags: [cacheTags.neighbours] },
  )();
}

/**
 * Up to RELATED_COUNT posts to read next: those sharing the most tags (lib/related.ts ranks the
 * tag index's newest entries for each tag), topped up with the newest posts when too few share a
 * tag. A candidate is shown only if its live copy still carries one of the tags, as on tag pages.
 */
export function listRelatedPosts(post: Pick<PublicPost, 'slug' | 'tags'>): Promise<PostSummary[]> {
  const tags = post.tags.slice(0, RELATED_TAGS_LOOKED_UP);
  return unstable_cache(
    () =>
      publicRead(async (context) => {
        const entriesByTag = new Map<string, TagIndexEntry[]>();
        await Promise.all(
          tags.map(async (tag) => {
            const { data, errors } = await publicDataClient().models.PublishedPostTag.listTaggedPostsByDate(
              context,
              { tag },
              { sortDirection: 'DESC', limit: RELATED_ENTRIES_PER_TAG, selectionSet: ['slug', 'publishedAt'] },
            );
            entriesByTag.set(tag, usableRecords(data, errors, `posts tagged ${tag}`, ['slug', 'publishedAt']));
          }),
        );
        const candidates = rankRelated(post.slug, entriesByTag).slice(0, RELATED_COUNT * 2);
        const read = await Promise.all(
          candidates.map(async (candidate) => {
            try {
              const { data, errors } = await publicDataClient().models.PublishedPost.get(context, { slug: candidate.slug }, { selectionSet: SUMMARY_FIELDS });
              return usableRecords([data], errors, `post ${candidate.slug}`, SUMMARY_REQUIRED).map(toPostSummary)[0];
            } catch (error) {
              // One candidate that cannot be read is left out, not the whole row.
              console.error(`Reading related post ${candidate.slug}: ${String(error)}`);
              return undefined;
            }
          }),
        );
        const related = read.filter((summary): summary is PostSummary => Boolean(summary?.tags.some((tag) => tags.includes(tag)))).slice(0, RELATED_COUNT);
        if (related.length < RELATED_COUNT) {
          const { data, errors } = await publicDataClient().models.PublishedPost.listPublishedPostsByDate(
            context,
            { feed: PUBLIC_FEED },
            { sortDirection: 'DESC', limit: RELATED_COUNT * 2 + 1, selectionSet: SUMMARY_FIELDS },
          );
          const chosen = new Set([post.slug, ...related.map((summary) => summary.slug)]);
          for (const newest of usableRecords(data, errors, 'the newest posts', SUMMARY_REQUIRED).map(toPostSummary)) {
            if (related.length === RELATED_COUNT) break;
            if (!chosen.has(newest.slug)) related.push(newest);
          }
        }
        return related;
      }),
    ['related', post.slug, ...tags],
    { tags: [cacheTags.neighbours] },
  )();
}

export interface AuthorSummary {
  handle: string;
  name: string;
}

/** Authors with at least one live post, for the sitemap. */
export async function listPublishedAuthors(): Promise<AuthorSummary[]> {
  const byHandle = new Map<string, AuthorSummary>();
  for (const post of await listAllSummaries()) {
    if (!byHandle.has(post.authorHandle)) byHandle.set(post.authorHandle, { handle: post.authorHandle, name: post.authorName });
  }
  return [...byHandle.values()];
}

/** The post that currently holds a live address, read fresh (no cache): for the editor's slug check. */
export async function livePostIdForSlug(slug: string): Promise<string | null> {
  return publicRead(async (context) => {
    const { data, errors } = await publicDataClient().models.PublishedPost.get(context, { slug }, { selectionSet: ['postId'] });
    raise(errors, `address ${slug}`);
    return data?.postId ?? null;
  });
}

export interface DraftPreview {
  title: string;
  excerpt: string;
  body: string;
  tags: string[];
  coverImage: string;
  coverAlt: string;
  authorName: string;
  updatedAt: string;
}

/** A shared draft by its token, read fresh (never cached: revoking must take effect at once). */
export async function getDraftPreview(token: string): Promise<DraftPreview | null> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return null;
  return publicRead(async (context) => {
    const { data, errors } = await publicDataClient().models.DraftPreview.get(
      context,
      { token },
      { selectionSet: ['title', 'excerpt', 'body', 'tags', 'coverImage', 'coverAlt', 'authorName', 'updatedAt'] },
    );
    raise(errors, 'the preview');
    if (!data) return null;
    return {
      title: data.title,
      excerpt: data.excerpt ?? '',
      body: data.body,
      tags: tagList(data.tags),
      ...coverOf(data),
      authorName: data.authorName,
      updatedAt: data.updatedAt,
    };
  });
}

/** At most this many approved comments show under a post (oldest first); a longer thread shows its first ones. */
export const COMMENTS_SHOWN = 500;

/**
 * A post's approved comments, oldest first, cached with the post's page (a moderation
 * revalidates it). The HTML was rendered and sanitized by the comments function, the only writer.
 */
export function listApprovedComments(postId: string, slug: string): Promise<PublicComment[]> {
  return unstable_cache(
    () =>
      publicRead(async (context) => {
        const { data, errors } = await publicDataClient().models.PublicComment.listPublicCommentsByPost(
          context,
          { postId },
          { sortDirection: 'ASC', limit: COMMENTS_SHOWN, selectionSet: ['commentId', 'authorName', 'createdAt', 'html'] },
        );
        return usableRecords(data, errors, `comments on ${slug}`, ['commentId', 'authorName', 'createdAt', 'html']).map((record) => ({
          commentId: record.commentId,
          authorName: record.authorName,
          createdAt: record.createdAt,
          html: record.html,
        }));
      }),
    ['comments', postId],
    { tags: [cacheTags.post(slug)] },
  )();
}
