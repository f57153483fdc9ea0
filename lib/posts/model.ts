import { createHash } from 'node:crypto';
import { parseMediaUrl } from '../media/rules';
import type { PostRecord, PublishedPostRecord } from './data-client';

/** What a post is, in the app's own types: statuses, the visitor and studio views, the mappers from records. */

/** The single partition key of the public by-date index (see amplify/data/resource.ts). */
export const PUBLIC_FEED = 'PUBLIC';

export type PostStatus = 'DRAFT' | 'REVIEW' | 'SCHEDULED' | 'PUBLISHED';

/** What the studio shows: a live post whose draft moved on is "published with unpublished changes". */
export type DisplayStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'changed';

/** A post as visitors see it. */
export interface PublicPost {
  /** The post's id (the draft's), which its comments are filed under. */
  postId: string;
  slug: string;
  title: string;
  excerpt: string;
  body: string;
  tags: string[];
  /** The cover's public URL (/media/…) and alt text; '' when the post has none. */
  coverImage: string;
  coverAlt: string;
  authorName: string;
  authorHandle: string;
  publishedAt: string;
  /** Approved comments. */
  commentCount: number;
}

/** A post as its author sees it in the studio. */
export interface StudioPost {
  id: string;
  title: string;
  slug: string;
  excerpt: string;
  body: string;
  tags: string[];
  coverImage: string;
  coverAlt: string;
  status: PostStatus;
  /** The user id (sub) of the post's owner. */
  ownerId: string;
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

/** What an author writes; the cover is optional for callers that do not touch it (it is then left as it is). */
export type PostContent = Pick<StudioPost, 'title' | 'slug' | 'excerpt' | 'body' | 'tags'> & Partial<Pick<StudioPost, 'coverImage' | 'coverAlt'>>;

/**
 * A stable fingerprint of what visitors would see, to tell a changed draft from the live copy. The
 * cover joins the fingerprint only when there is one, so posts saved before covers existed keep
 * the fingerprint they were published with.
 */
export function contentHash(post: PostContent): string {
  const cover = post.coverImage ? [post.coverImage, post.coverAlt ?? ''] : [];
  return createHash('sha256')
    .update(JSON.stringify([post.title, post.slug, post.excerpt, post.body, post.tags, ...cover]))
    .digest('hex');
}

export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

/** A data-layer failure with a message fit for the author. */
export class PostError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'slug-taken' | 'forbidden' | 'conflict' | 'invalid' | 'rate-limited' | 'backend',
  ) {
    super(message);
  }
}

/** Raised when the post changed since the editor loaded it; carries the newer version. */
export class PostConflictError extends PostError {
  constructor(readonly current: StudioPost) {
    super('This post was changed elsewhere since you opened it. Nothing was overwritten: compare and choose a version.', 'conflict');
  }
}

/** Stored tag lists may hold nulls (GraphQL lists are nullable); the app sees plain strings. */
export function tagList(tags: readonly (string | null)[] | null | undefined): string[] {
  return (tags ?? []).filter((tag): tag is string => Boolean(tag));
}

/**
 * A stored cover, or none: one whose URL is not a Folio image (a record written by some other
 * client) is dropped rather than shown, so one bad record cannot break a page.
 */
export function coverOf(record: { coverImage?: string | null; coverAlt?: string | null }): Pick<StudioPost, 'coverImage' | 'coverAlt'> {
  const coverImage = record.coverImage && parseMediaUrl(record.coverImage) ? record.coverImage : '';
  return { coverImage, coverAlt: coverImage ? (record.coverAlt ?? '') : '' };
}

/** A cover as the models store it: both fields null when there is none (the inverse of coverOf). */
export function storedCover(post: Partial<Pick<StudioPost, 'coverImage' | 'coverAlt'>>): { coverImage: string | null; coverAlt: string | null } {
  return post.coverImage ? { coverImage: post.coverImage, coverAlt: post.coverAlt ?? '' } : { coverImage: null, coverAlt: null };
}

/** A live record as listings, search and the sitemap read it: every field a card shows, no body. */
export interface PublishedSummaryRecord {
  postId: string;
  slug: string;
  title: string;
  excerpt?: string | null;
  tags?: readonly (string | null)[] | null;
  coverImage?: string | null;
  coverAlt?: string | null;
  authorName: string;
  authorHandle: string;
  publishedAt: string;
  commentCount?: number | null;
}

export function toPostSummary(record: PublishedSummaryRecord): Omit<PublicPost, 'body'> {
  return {
    postId: record.postId,
    slug: record.slug,
    title: record.title,
    excerpt: record.excerpt ?? '',
    tags: tagList(record.tags),
    ...coverOf(record),
    authorName: record.authorName,
    authorHandle: record.authorHandle,
    publishedAt: record.publishedAt,
    // A count below zero (a race between two moderators) never shows.
    commentCount: Math.max(0, record.commentCount ?? 0),
  };
}

export function toPublicPost(record: PublishedSummaryRecord & Pick<PublishedPostRecord, 'body'>): PublicPost {
  return { ...toPostSummary(record), body: record.body };
}

export function toStudioPost(record: PostRecord): StudioPost {
  const content = {
    title: record.title,
    slug: record.slug,
    excerpt: record.excerpt ?? '',
    body: record.body,
    tags: tagList(record.tags),
    ...coverOf(record),
  };
  const status: PostStatus = record.status ?? 'DRAFT';
  return {
    id: record.id,
    ...content,
    status,
    ownerId: (record.owner ?? '').split('::')[0] ?? '',
    displayStatus:
      status === 'DRAFT'
        ? 'draft'
        : status === 'REVIEW'
          ? 'review'
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
