import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keyEquals, queryAll } from '../shared/query';
import { commentInputSchema, COMMENT_LIMITS, moderationActionSchema, type ModerationPolicy } from '../../../lib/comments/schema';
import { renderComment } from '../../../lib/comments/render';
import { canManageEveryone, canPublishOwn, canWrite } from '../../../lib/roles';
import type { RoleLookup } from '../publishing/publishing';

/**
 * Comments, done by the backend (a deleted post's go with it: the publishing function's removePost). A comment is stored twice: the moderation record (`Comment`,
 * readable by its writer, the post's owner, editors and admins) and, once approved, its public
 * copy (`PublicComment`, HTML rendered and sanitized here). Every change to a comment, its public
 * copy and the live post's `commentCount` happens in one transaction. Errors carry a code in
 * brackets, as the publishing function's do.
 */

export interface CommentTables {
  comment: string;
  publicComment: string;
  publishedPost: string;
}

export function commentTables(env: Record<string, string | undefined>): CommentTables {
  const name = (variable: string) => {
    const value = env[variable];
    if (!value) throw new Error(`The function is missing ${variable} (amplify/backend.ts sets it).`);
    return value;
  };
  return { comment: name('COMMENT_TABLE'), publicComment: name('PUBLIC_COMMENT_TABLE'), publishedPost: name('PUBLISHED_POST_TABLE') };
}

export interface Commenter {
  sub: string;
  username: string;
}

/** What anyone may learn of a comment (the mutations' result, and the subscription's payload). */
export interface CommentEvent {
  id: string;
  postId: string;
  postSlug: string;
  status: 'PENDING' | 'APPROVED' | 'HIDDEN';
  authorName: string;
  createdAt: string;
  html: string | null;
}

export class CommentError extends Error {
  constructor(
    readonly code: 'not-found' | 'forbidden' | 'invalid' | 'rate-limited' | 'conflict',
    message: string,
  ) {
    super(`[${code}] ${message}`);
  }
}

type Item = Record<string, unknown>;
type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

const INDEX = {
  livePostsByPostId: 'publishedPostsByPostId',
  commentsByPost: 'commentsByPostIdAndCreatedAt',
  commentsByOwner: 'commentsByOwnerAndCreatedAt',
  publicCommentsByPost: 'publicCommentsByPostIdAndCreatedAt',
} as const;

const ownerSub = (owner: unknown) => String(owner ?? '').split('::')[0] ?? '';

export interface CommentsDependencies {
  db: DynamoDBDocumentClient;
  tables: CommentTables;
  roleOfUser: RoleLookup;
  /** The name to show for an account (its `name` attribute, else the start of its e-mail). */
  nameOf: (username: string) => Promise<string>;
  policy: ModerationPolicy;
  now?: () => Date;
}

export function commentsService({ db, tables, roleOfUser, nameOf, policy, now = () => new Date() }: CommentsDependencies) {
  async function query(table: string, index: string, key: string, value: string, extra: Partial<QueryCommandInput> = {}): Promise<Item[]> {
    return (await queryAll(db, { ...keyEquals(table, index, key, value), ...extra })).items;
  }

  /** The live copy of a post (by the post's id), if it is live. */
  async function liveCopy(postId: string): Promise<Item | undefined> {
    return (await query(tables.publishedPost, INDEX.livePostsByPostId, 'postId', postId))[0];
  }

  /** The caller's comments since `since`, newest first. */
  async function recentComments(caller: Commenter, since: Date): Promise<Item[]> {
    return query(tables.comment, INDEX.commentsByOwner, 'owner', `${caller.sub}::${caller.username}`, {
      KeyConditionExpression: '#key = :value AND createdAt >= :since',
      ExpressionAttributeValues: { ':value': `${caller.sub}::${caller.username}`, ':since': since.toISOString() },
      ScanIndexForward: false,
    });
  }

  async function hasApprovedComment(caller: Commenter): Promise<boolean> {
    const approved = await query(tables.comment, INDEX.commentsByOwner, 'owner', `${caller.sub}::${caller.username}`, {
      FilterExpression: '#status = :approved',
      ExpressionAttributeNames: { '#key': 'owner', '#status': 'status' },
      ExpressionAttributeValues: { ':value': `${caller.sub}::${caller.username}`, ':approved': 'APPROVED' },
      ProjectionExpression: 'id',
    });
    return approved.length > 0;
  }

  /** The transaction items that put an approved comment's public copy up and count it on the live post. */
  function publish(comment: Item, live: Item | undefined): TransactItems {
    const items: TransactItems = [
      {
        Put: {
          TableName: tables.publicComment,
          Item: {
            __typename: 'PublicComment',
            commentId: comment.id,
            postId: comment.postId,
            createdAt: comment.createdAt,
            authorName: comment.authorName,
            html: renderComment(String(comment.body)),
            updatedAt: now().toISOString(),
          },
        },
      },
    ];
    if (live) items.push(countChange(live, 1));
    return items;
  }

  /** The items that take an approved comment's public copy down and uncount it. */
  function withdraw(comment: Item, live: Item | undefined): TransactItems {
    const items: TransactItems = [{ Delete: { TableName: tables.publicComment, Key: { commentId: comment.id } } }];
    if (live) items.push(countChange(live, -1));
    return items;
  }

  function countChange(live: Item, by: 1 | -1): TransactItems[number] {
    return {
      Update: {
        TableName: tables.publishedPost,
        Key: { slug: live.slug },
        UpdateExpression: 'SET commentCount = if_not_exists(commentCount, :zero) + :by',
        // Still this post's live copy (a publish moving the post cancels the change, to be retried).
        ConditionExpression: 'postId = :postId',
        ExpressionAttributeValues: { ':zero': 0, ':by': by, ':postId': live.postId },
      },
    };
  }

  async function commit(items: TransactItems): Promise<void> {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if ((error as { name?: string }).name === 'TransactionCanceledException') {
        throw new CommentError('conflict', 'The comment or its post changed while this was being done. Nothing was changed; try again.');
      }
      throw error;
    }
  }

  const eventOf = (comment: Item, status: CommentEvent['status'] = comment.status as CommentEvent['status']): CommentEvent => ({
    id: String(comment.id),
    postId: String(comment.postId),
    postSlug: String(comment.postSlug),
    status,
    authorName: String(comment.authorName),
    createdAt: String(comment.createdAt),
    html: status === 'APPROVED' ? renderComment(String(comment.body)) : null,
  });

  /** Whether the caller moderates comments on this post: its owner, or an editor or admin. */
  async function moderates(caller: Commenter, postOwner: unknown): Promise<boolean> {
    return ownerSub(postOwner) === caller.sub || canManageEveryone(await roleOfUser(caller.username));
  }

  return {
    /**
     * A signed-in account comments on a live post. It waits for a moderator unless its writer
     * may publish (or owns the post), or — under 'first-comment' — already had one approved.
     */
    async add(caller: Commenter, postId: unknown, body: unknown): Promise<CommentEvent> {
      const parsed = commentInputSchema.safeParse({ body });
      if (!parsed.success) throw new CommentError('invalid', parsed.error.issues.map((issue) => issue.message).join(' '));
      if (typeof postId !== 'string' || !/^[A-Za-z0-9-]{1,128}$/.test(postId)) throw new CommentError('invalid', 'That is not a post.');
      const at = now();
      const [live, role, recent] = await Promise.all([
        liveCopy(postId),
        roleOfUser(caller.username),
        recentComments(caller, new Date(at.getTime() - COMMENT_LIMITS.windowMinutes * 60_000)),
      ]);
      if (!live) throw new CommentError('not-found', 'Comments are open on published posts only.');
      const latest = recent[0] ? Date.parse(String(recent[0].createdAt)) : Number.NEGATIVE_INFINITY;
      const wait = Math.ceil((latest + COMMENT_LIMITS.minIntervalSeconds * 1000 - at.getTime()) / 1000);
      if (wait > 0) throw new CommentError('rate-limited', `You just commented. Wait ${wait} s before the next one.`);
      if (recent.length >= COMMENT_LIMITS.perWindow) {
        throw new CommentError(
          'rate-limited',
          `You can post ${COMMENT_LIMITS.perWindow} comments every ${COMMENT_LIMITS.windowMinutes} minutes. Try again in a few minutes.`,
        );
      }
      const trusted = canPublishOwn(role) || ownerSub(live.owner) === caller.sub;
      const approved = trusted || (policy === 'first-comment' && canWrite(role)) || (policy === 'first-comment' && (await hasApprovedComment(caller)));
      const comment: Item = {
        __typename: 'Comment',
        id: randomUUID(),
        postId,
        postSlug: live.slug,
        postTitle: live.title,
        postOwner: live.owner,
        body: parsed.data.body,
        authorName: await nameOf(caller.username),
        status: approved ? 'APPROVED' : 'PENDING',
        owner: `${caller.sub}::${caller.username}`,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      await commit([{ Put: { TableName: tables.comment, Item: comment } }, ...(approved ? publish(comment, live) : [])]);
      return eventOf(comment);
    },

    /** Approves, hides or deletes a comment, for the post's owner, an editor or an admin. */
    async moderate(caller: Commenter, id: unknown, action: unknown): Promise<CommentEvent> {
      const wanted = moderationActionSchema.safeParse(action);
      if (!wanted.success) throw new CommentError('invalid', wanted.error.issues[0]?.message ?? 'Unknown action.');
      if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,128}$/.test(id)) throw new CommentError('invalid', 'That is not a comment.');
      const { Item: comment } = await db.send(new GetCommand({ TableName: tables.comment, Key: { id }, ConsistentRead: true }));
      if (!comment || !(await moderates(caller, comment.postOwner)))
        throw new CommentError('not-found', 'This comment does not exist or is not yours to moderate.');
      const live = await liveCopy(String(comment.postId));
      const was = String(comment.status);
      const wasPublic = was === 'APPROVED';
      const unchanged = { ConditionExpression: '#status = :was', ExpressionAttributeNames: { '#status': 'status' } };
      if (wanted.data === 'delete') {
        await commit([
          { Delete: { TableName: tables.comment, Key: { id }, ...unchanged, ExpressionAttributeValues: { ':was': was } } },
          ...(wasPublic ? withdraw(comment, live) : []),
        ]);
        return eventOf(comment, 'HIDDEN');
      }
      const status = wanted.data === 'approve' ? 'APPROVED' : 'HIDDEN';
      if (status === was) return eventOf(comment);
      await commit([
        {
          Update: {
            TableName: tables.comment,
            Key: { id },
            UpdateExpression: 'SET #status = :status, updatedAt = :now',
            ...unchanged,
            ExpressionAttributeValues: { ':status': status, ':was': was, ':now': now().toISOString() },
          },
        },
        ...(status === 'APPROVED' ? publish(comment, live) : wasPublic ? withdraw(comment, live) : []),
      ]);
      return eventOf(comment, status);
    },
  };
}
