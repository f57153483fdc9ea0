import { checkResult as check, type GraphQLErrors } from '../posts/data-client';
import { PostError } from '../posts/model';
import type { ModerationAction } from './schema';

/**
 * Comments, as the app reads and changes them. Every change goes through the comments function
 * (amplify/functions/comments): the app never writes a comment record itself.
 */

export type CommentStatus = 'PENDING' | 'APPROVED' | 'HIDDEN';

/** What the comments function answers: a comment as anyone may see it (`html` once approved). */
export interface CommentEvent {
  id: string;
  postId: string;
  postSlug: string;
  status: CommentStatus;
  authorName: string;
  createdAt: string;
  html?: string | null;
}

/** A comment as its moderators see it. */
export interface ModeratedComment {
  id: string;
  postId: string;
  postSlug: string;
  postTitle: string;
  body: string;
  authorName: string;
  status: CommentStatus;
  createdAt: string;
}

/** An approved comment as visitors see it. */
export interface PublicComment {
  commentId: string;
  authorName: string;
  createdAt: string;
  html: string;
}

type Page<T> = Promise<{ data: T[]; nextToken?: string | null; errors?: GraphQLErrors }>;
type ModeratedRecord = Omit<ModeratedComment, 'status'> & { status?: CommentStatus | null };

/** The calls comments need (the cookie client of a signed-in account provides them). */
export interface CommentsDataClient {
  mutations: {
    addComment(input: { postId: string; body: string }): Promise<{ data?: CommentEvent | null; errors?: GraphQLErrors }>;
    moderateComment(input: { id: string; action: string }): Promise<{ data?: CommentEvent | null; errors?: GraphQLErrors }>;
  };
  models: {
    Comment: {
      listCommentsByStatus(
        input: { status: CommentStatus },
        options?: { sortDirection?: 'ASC' | 'DESC'; limit?: number; nextToken?: string | null },
      ): Page<ModeratedRecord>;
      listCommentsByPostOwner(
        input: { postOwner: string },
        options?: { sortDirection?: 'ASC' | 'DESC'; limit?: number; nextToken?: string | null },
      ): Page<ModeratedRecord>;
    };
  };
}

export async function addComment(client: CommentsDataClient, postId: string, body: string): Promise<CommentEvent> {
  const { data, errors } = await client.mutations.addComment({ postId, body });
  check(errors, 'post this comment');
  if (!data) throw new PostError('The comment was not saved.', 'backend');
  return data;
}

export async function moderateComment(client: CommentsDataClient, id: string, action: ModerationAction): Promise<CommentEvent> {
  const { data, errors } = await client.mutations.moderateComment({ id, action });
  check(errors, 'moderate this comment');
  if (!data) throw new PostError('The comment was not changed.', 'backend');
  return data;
}

const moderated = (record: ModeratedRecord): ModeratedComment => ({ ...record, status: record.status ?? 'PENDING' });

/** At most this many comments per moderation list (newest first); older ones wait for the next page of work. */
export const QUEUE_LIMIT = 100;

/**
 * The comments a moderator sees in one status, newest first: on every post for editors and admins
 * (`everyone`), on the caller's own posts for anyone else (`postOwner`, as the owner rule stores it).
 */
export async function moderationList(
  client: CommentsDataClient,
  status: CommentStatus,
  scope: { everyone: true } | { everyone: false; postOwner: string },
): Promise<ModeratedComment[]> {
  if (scope.everyone) {
    const { data, errors } = await client.models.Comment.listCommentsByStatus({ status }, { sortDirection: 'DESC', limit: QUEUE_LIMIT });
    check(errors, 'list comments');
    return data.map(moderated);
  }
  const found: ModeratedComment[] = [];
  let nextToken: string | null | undefined = null;
  do {
    const page: Awaited<Page<ModeratedRecord>> = await client.models.Comment.listCommentsByPostOwner(
      { postOwner: scope.postOwner },
      { sortDirection: 'DESC', limit: QUEUE_LIMIT, nextToken },
    );
    check(page.errors, 'list comments');
    found.push(...page.data.map(moderated).filter((comment) => comment.status === status));
    nextToken = page.nextToken;
  } while (nextToken && found.length < QUEUE_LIMIT);
  return found.slice(0, QUEUE_LIMIT);
}
