import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { postInputSchema } from '../../../lib/post-schema';
import { profileInputSchema } from '../../../lib/profile-schema';
import { slugify } from '../../../lib/slug';
import { contentHash, PUBLIC_FEED } from '../../../lib/posts/model';
import { keyEquals, queryAll } from '../shared/query';
import { canManageEveryone, canPublish, canPublishOwn, canWrite, type Role } from '../../../lib/roles';

/**
 * Publishing, done by the backend: the live copy of a post, its tag entries and the draft's status
 * change together in one DynamoDB transaction, or not at all. The caller's identity comes from
 * AppSync (verified there) and their role from the user pool at the time of the call
 * (lib/roles.ts: contributors draft, authors publish their own, editors and admins anyone's); the
 * byline comes from the post owner's profile, never from the client;
 * the content is checked with the same schema the studio's form uses.
 *
 * Errors carry a code in brackets (`[slug-taken] …`): AppSync reports every function error with the
 * type `Lambda:Unhandled`, so the code travels in the message, and lib/posts reads it back.
 */

export interface Tables {
  post: string;
  publishedPost: string;
  publishedPostTag: string;
  authorProfile: string;
  draftPreview: string;
  publicComment: string;
  comment: string;
}

/** The table names amplify/backend.ts gives the publishing functions. */
export function publishingTables(env: Record<string, string | undefined>): Tables {
  const name = (variable: string) => {
    const value = env[variable];
    if (!value) throw new Error(`The function is missing ${variable} (amplify/backend.ts sets it).`);
    return value;
  };
  return {
    post: name('POST_TABLE'),
    publishedPost: name('PUBLISHED_POST_TABLE'),
    publishedPostTag: name('PUBLISHED_POST_TAG_TABLE'),
    authorProfile: name('AUTHOR_PROFILE_TABLE'),
    draftPreview: name('DRAFT_PREVIEW_TABLE'),
    publicComment: name('PUBLIC_COMMENT_TABLE'),
    comment: name('COMMENT_TABLE'),
  };
}

export interface Caller {
  sub: string;
  username: string;
}

/** The pages a change touched: the same shape the app revalidates (lib/cache-tags.ts PostChange). */
export interface PostChange {
  slugs: string[];
  tags: string[];
  authorHandles: string[];
}

type Item = Record<string, unknown>;
type CancellationReasons = { Code?: string }[] | undefined;

/** The tables' index names for the models' `secondaryIndexes` (Gen 2: `<models>By<Key>[And<SortKey>]`). */
const INDEX = {
  livePostsByPostId: 'publishedPostsByPostId',
  tagEntriesByPostId: 'publishedPostTagsByPostId',
  profilesByUserId: 'authorProfilesByUserId',
  postsByStatusAndScheduledAt: 'postsByStatusAndScheduledAt',
  previewsByPostId: 'draftPreviewsByPostId',
  publicCommentsByPostId: 'publicCommentsByPostIdAndCreatedAt',
  commentsByPostId: 'commentsByPostIdAndCreatedAt',
} as const;

export class PublishingError extends Error {
  constructor(
    readonly code: 'not-found' | 'forbidden' | 'invalid' | 'slug-taken' | 'conflict',
    message: string,
  ) {
    super(`[${code}] ${message}`);
  }
}

/**
 * Whether a record's `owner` (what the owner rule stores: `<sub>::<username>`, or one of the two
 * on records from older clients) names the caller.
 */
export function ownedBy(owner: unknown, caller: Caller): boolean {
  if (typeof owner !== 'string' || !owner) return false;
  return owner === `${caller.sub}::${caller.username}` || owner === caller.sub || owner === caller.username;
}

/** A stored draft's content, checked with the studio form's own schema, whatever client wrote it. */
function validDraft(post: Item, purpose: 'go live' | 'be shared' | 'be scheduled') {
  const parsed = postInputSchema.safeParse({
    title: post.title,
    slug: post.slug,
    excerpt: post.excerpt ?? '',
    body: post.body,
    tags: post.tags ?? [],
    coverImage: post.coverImage ?? '',
    coverAlt: post.coverAlt ?? '',
  });
  if (!parsed.success) {
    throw new PublishingError('invalid', `This draft cannot ${purpose} as it is: ${parsed.error.issues.map((issue) => issue.message).join(' ')}`);
  }
  return parsed.data;
}

/** The user id a stored owner stands for (the part before `::`). */
const ownerSub = (owner: string) => owner.split('::')[0] ?? owner;
/** The username a stored owner stands for (the part after `::`; in an e-mail sign-in pool, the sub again). */
const ownerUsername = (owner: string) => owner.split('::')[1] ?? owner;

/** Why a role may not publish a post, in words the studio shows as they are. */
function publishingRefusal(role: Role): string {
  if (role === 'contributor') return 'Contributors do not publish: submit the post for review, and an editor will publish it.';
  if (role === 'author') return "Authors publish their own posts only: this one is someone else's.";
  return 'Your account cannot publish posts. An admin can give it a writing role.';
}

/** What an editor's schedule approves: this content, going live at this time. */
const scheduleFingerprint = (content: Parameters<typeof contentHash>[0], at: unknown) => `${contentHash(content)}@${String(at)}`;

/** What a call does with a post: edit-level work (previews) or publishing (publish, unpublish, schedule). */
type Purpose = 'edit' | 'publish';

/** Looks up an account's role now (amplify/functions/people/directory.ts). */
export type RoleLookup = (username: string) => Promise<Role>;

export function publishingService(
  db: DynamoDBDocumentClient,
  tables: Tables,
  cancellationReasons: (error: unknown) => CancellationReasons,
  roleOfUser: RoleLookup,
) {
  /** The post, if the caller's role lets them do `purpose` to it. */
  async function permittedPost(caller: Caller, id: unknown, purpose: Purpose): Promise<Item> {
    return (await postFor(caller, id, purpose)).post;
  }

  /** The post the caller may at least edit, and whether they may publish it; `purpose` 'publish' requires that. */
  async function postFor(caller: Caller, id: unknown, purpose: Purpose): Promise<{ post: Item; mayPublish: boolean; role: Role }> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,128}$/.test(id)) throw new PublishingError('invalid', 'That is not a post id.');
    const [{ Item: post }, role] = await Promise.all([
      db.send(new GetCommand({ TableName: tables.post, Key: { id }, ConsistentRead: true })),
      roleOfUser(caller.username),
    ]);
    const owns = post !== undefined && ownedBy(post.owner, caller);
    // Someone else's post answers exactly like a missing one: its existence is not the caller's business.
    if (!post || !((owns && canWrite(role)) || canManageEveryone(role))) throw new PublishingError('not-found', 'This post does not exist or is not yours.');
    const mayPublish = canPublish(role, owns);
    if (purpose === 'publish' && !mayPublish) throw new PublishingError('forbidden', publishingRefusal(role));
    return { post, mayPublish, role };
  }

  /**
   * Whether a scheduled post may go live without anyone acting: its owner may publish their own
   * posts now, or an editor or admin scheduled exactly the content, for exactly the time, that is
   * there now (a contributor's post, approved by scheduling; a change to either, including an
   * earlier time written on the draft, needs scheduling again).
   */
  async function scheduleStands(post: Item, content: ReturnType<typeof validDraft>): Promise<boolean> {
    if (canPublishOwn(await roleOfUser(ownerUsername(String(post.owner))))) return true;
    if (typeof post.scheduledBy !== 'string' || post.scheduledHash !== scheduleFingerprint(content, post.scheduledAt)) return false;
    return canManageEveryone(await roleOfUser(post.scheduledBy));
  }

  async function queryIndex(table: string, index: string, key: string, value: string): Promise<Item[]> {
    return (await queryAll(db, keyEquals(table, index, key, value))).items;
  }

  /** The profile a record's owner owns (a profile's userId is what its writer typed; its owner is stamped). */
  async function profileOf(owner: string): Promise<Item | undefined> {
    return (await queryIndex(tables.authorProfile, INDEX.profilesByUserId, 'userId', ownerSub(owner))).find(
      (candidate) => typeof candidate.owner === 'string' && ownerSub(candidate.owner) === ownerSub(owner),
    );
  }

  /** How many approved comments a post has (their public copies). */
  async function countComments(postId: string): Promise<number> {
    return (await queryAll(db, { ...keyEquals(tables.publicComment, INDEX.publicCommentsByPostId, 'postId', postId), Select: 'COUNT' })).count;
  }

  /** Runs the transaction; a refused condition becomes the error its item stands for. */
  async function commit(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>, refusals: (string | undefined)[]) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      const refusal = failed >= 0 ? refusals[failed] : undefined;
      if (refusal === 'slug-taken') throw new PublishingError('slug-taken', 'Another post is live at this address. Choose a different slug.');
      // Anything else refused (a live copy or tag entry removed meanwhile, a concurrent transaction)
      // means the state changed under the request.
      throw new PublishingError('conflict', 'The post changed while this was being done. Nothing was changed; try again.');
    }
  }

  /**
   * Makes the post's saved draft the live version. `requestedDate` backdates a first publication;
   * `dueBy` (the scheduler's run) publishes only a post still scheduled for then or earlier.
   */
  async function publishRecord(post: Item, requestedDate: string | null | undefined, dueBy?: string): Promise<PostChange> {
    const content = validDraft(post, 'go live');
    const owner = String(post.owner);
    // A profile's userId is whatever its writer typed; its owner is what the owner rule stamped.
    // Only a profile the post's owner owns may give the byline (another account could file one
    // under her user id).
    const profile = await profileOf(owner);
    if (!profile) throw new PublishingError('invalid', 'The author has no profile yet: save the post once from the studio, then publish.');
    if (!/^[a-z0-9][a-z0-9-]{0,199}$/.test(String(profile.handle))) {
      throw new PublishingError('invalid', 'The author profile has a handle Folio cannot link to: save the profile again from the studio.');
    }
    const now = new Date().toISOString();
    const [copies, entries, commentCount] = await Promise.all([
      queryIndex(tables.publishedPost, INDEX.livePostsByPostId, 'postId', String(post.id)),
      queryIndex(tables.publishedPostTag, INDEX.tagEntriesByPostId, 'postId', String(post.id)),
      countComments(String(post.id)),
    ]);
    // An update keeps the date the post first went live, taken from its live copy (the draft's own
    // publishedAt is the author's to write, so it is never trusted); a first publication is now,
    // or the past date asked for.
    const liveSince = copies.map((copy) => String(copy.publishedAt)).find((date) => date <= now);
    let publishedAt = liveSince ?? now;
    if (!liveSince && requestedDate) {
      const requested = new Date(requestedDate);
      if (Number.isNaN(requested.getTime()) || requested.toISOString() > now) throw new PublishingError('invalid', 'A publication date must be a past date.');
      publishedAt = requested.toISOString();
    }
    const sameAddress = copies.find((copy) => copy.slug === content.slug);
    const cover = content.coverImage ? { coverImage: content.coverImage, coverAlt: content.coverAlt } : { coverImage: null, coverAlt: null };
    const byline = { authorName: String(profile.name), authorHandle: String(profile.handle) };
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [];
    const refusals: (string | undefined)[] = [];
    const add = (item: (typeof items)[number], refusal?: string) => {
      items.push(item);
      refusals.push(refusal);
    };
    add(
      {
        Put: {
          TableName: tables.publishedPost,
          Item: {
            __typename: 'PublishedPost',
            slug: content.slug,
            postId: post.id,
            title: content.title,
            excerpt: content.excerpt,
            body: content.body,
            tags: content.tags,
            ...cover,
            ...byline,
            publishedAt,
            feed: PUBLIC_FEED,
            // Recounted here (the comments function keeps it current in between), so a post
            // published again, or at a new address, shows the comments it kept.
            commentCount,
            owner,
            createdAt: sameAddress?.createdAt ?? now,
            updatedAt: now,
          },
          // The slug is the key: an address another post holds is refused by DynamoDB itself.
          ConditionExpression: 'attribute_not_exists(slug) OR postId = :postId',
          ExpressionAttributeValues: { ':postId': post.id },
        },
      },
      'slug-taken',
    );
    for (const copy of copies.filter((candidate) => candidate.slug !== content.slug)) {
      add({
        Delete: {
          TableName: tables.publishedPost,
          Key: { slug: copy.slug },
          ConditionExpression: 'postId = :postId',
          ExpressionAttributeValues: { ':postId': post.id },
        },
      });
    }
    const keep = new Set(content.tags);
    for (const entry of entries.filter((candidate) => candidate.slug !== content.slug || !keep.has(String(candidate.tag)))) {
      add({ Delete: { TableName: tables.publishedPostTag, Key: { tag: entry.tag, slug: entry.slug } } });
    }
    for (const tag of content.tags) {
      const existing = entries.find((entry) => entry.tag === tag && entry.slug === content.slug);
      add(
        {
          Put: {
            TableName: tables.publishedPostTag,
            Item: {
              __typename: 'PublishedPostTag',
              tag,
              slug: content.slug,
              postId: post.id,
              publishedAt,
              owner,
              createdAt: existing?.createdAt ?? now,
              updatedAt: now,
            },
            ConditionExpression: 'attribute_not_exists(slug) OR postId = :postId',
            ExpressionAttributeValues: { ':postId': post.id },
          },
        },
        'slug-taken',
      );
    }
    add(
      {
        Update: {
          TableName: tables.post,
          Key: { id: post.id },
          UpdateExpression:
            'SET #status = :published, publishedAt = :publishedAt, liveHash = :hash, authorName = :authorName, authorHandle = :authorHandle, updatedAt = :now REMOVE scheduledAt, scheduledBy, scheduledHash',
          // What was checked above is exactly what goes live: a save in between cancels the publish
          // (and a scheduled post goes live only while it is still scheduled for then).
          ConditionExpression: dueBy ? 'updatedAt = :seen AND #status = :scheduled AND scheduledAt <= :due' : 'updatedAt = :seen',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...(dueBy ? { ':scheduled': 'SCHEDULED', ':due': dueBy } : {}),
            ':published': 'PUBLISHED',
            ':publishedAt': publishedAt,
            ':hash': contentHash(content),
            ':authorName': byline.authorName,
            ':authorHandle': byline.authorHandle,
            ':now': now,
            ':seen': post.updatedAt,
          },
        },
      },
      'conflict',
    );
    await commit(items, refusals);
    const previous = copies.map((copy) => String(copy.slug)).filter((slug) => slug !== content.slug);
    return {
      slugs: [content.slug, ...previous],
      tags: [...new Set([...content.tags, ...entries.map((entry) => String(entry.tag))])],
      authorHandles: [...new Set([byline.authorHandle, ...copies.map((copy) => String(copy.authorHandle))])],
    };
  }

  return {
    /** Publishes the caller's post (or anyone's, for editors and admins); see publishRecord. */
    async publish(caller: Caller, id: unknown, requestedDate?: string | null): Promise<PostChange> {
      return publishRecord(await permittedPost(caller, id, 'publish'), requestedDate);
    },

    /**
     * Schedules a post that is not live to go live at `at` (the scheduler publishes it then), noting
     * who scheduled which content: see scheduleStands.
     */
    async schedule(caller: Caller, id: unknown, at: unknown, now = new Date()): Promise<string> {
      const post = await permittedPost(caller, id, 'publish');
      const when = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
      if (Number.isNaN(when.getTime())) throw new PublishingError('invalid', 'Choose a date and time.');
      if (when.getTime() <= now.getTime()) throw new PublishingError('invalid', 'Choose a time in the future.');
      if (post.status === 'PUBLISHED') throw new PublishingError('invalid', 'This post is already live.');
      const content = validDraft(post, 'be scheduled');
      try {
        await db.send(
          new UpdateCommand({
            TableName: tables.post,
            Key: { id: post.id },
            UpdateExpression: 'SET #status = :scheduled, scheduledAt = :at, scheduledBy = :by, scheduledHash = :hash, updatedAt = :now',
            ConditionExpression: 'updatedAt = :seen',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':scheduled': 'SCHEDULED',
              ':at': when.toISOString(),
              ':by': caller.username,
              ':hash': scheduleFingerprint(content, when.toISOString()),
              ':now': now.toISOString(),
              ':seen': post.updatedAt,
            },
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        throw new PublishingError('conflict', 'The post changed while this was being done. Nothing was changed; try again.');
      }
      return when.toISOString();
    },

    /** Drafts scheduled for `now` or earlier, oldest first (the index on status and scheduled time). */
    async duePosts(now: Date): Promise<Item[]> {
      const { items } = await queryAll(db, {
        TableName: tables.post,
        IndexName: INDEX.postsByStatusAndScheduledAt,
        KeyConditionExpression: '#status = :scheduled AND scheduledAt <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':scheduled': 'SCHEDULED', ':now': now.toISOString() },
      });
      return items;
    },

    /** Publishes a post the scheduler found due, re-read so that what goes live is the saved draft of now. */
    async publishDue(id: string, now: Date): Promise<PostChange> {
      const { Item: post } = await db.send(new GetCommand({ TableName: tables.post, Key: { id }, ConsistentRead: true }));
      if (!post || post.status !== 'SCHEDULED' || typeof post.scheduledAt !== 'string' || post.scheduledAt > now.toISOString()) {
        throw new PublishingError('conflict', 'The post is no longer scheduled for now.');
      }
      // A draft's status is its owner's to write: SCHEDULED alone publishes nothing.
      if (!(await scheduleStands(post, validDraft(post, 'go live')))) {
        throw new PublishingError('forbidden', 'Nobody who may publish this post scheduled it as it is now: an editor must schedule or publish it.');
      }
      return publishRecord(post, undefined, now.toISOString());
    },

    /**
     * Creates or updates the caller's public profile (name, bio, avatar), validated with the
     * profile form's schema. A new profile gets the first free handle made from the name (the
     * handle is the key, so DynamoDB refuses one already taken). Returns the handle.
     */
    async saveProfile(
      caller: Caller,
      input: { name?: unknown; bio?: unknown; avatar?: unknown },
      createOnly = false,
    ): Promise<{ handle: string; created: boolean }> {
      if (!canWrite(await roleOfUser(caller.username))) {
        throw new PublishingError('forbidden', 'Author profiles are for people who write here. An admin can give your account a writing role.');
      }
      const parsed = profileInputSchema.safeParse({ name: input.name, bio: input.bio ?? '', avatar: input.avatar ?? '' });
      if (!parsed.success) throw new PublishingError('invalid', parsed.error.issues.map((issue) => issue.message).join(' '));
      const { name, bio, avatar } = parsed.data;
      const now = new Date().toISOString();
      const own = await profileOf(caller.sub);
      if (own) {
        if (createOnly) return { handle: String(own.handle), created: false };
        await db.send(
          new UpdateCommand({
            TableName: tables.authorProfile,
            Key: { handle: own.handle },
            UpdateExpression: 'SET #name = :name, bio = :bio, avatar = :avatar, updatedAt = :now',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#name': 'name', '#owner': 'owner' },
            ExpressionAttributeValues: { ':name': name, ':bio': bio || null, ':avatar': avatar || null, ':now': now, ':owner': own.owner },
          }),
        );
        return { handle: String(own.handle), created: false };
      }
      const base = slugify(name) || 'author';
      const candidates = [base, ...Array.from({ length: 8 }, (_, index) => `${base}-${index + 2}`), `${base}-${caller.sub.slice(0, 8)}`];
      for (const handle of candidates) {
        try {
          await db.send(
            new PutCommand({
              TableName: tables.authorProfile,
              Item: {
                __typename: 'AuthorProfile',
                handle,
                userId: caller.sub,
                name,
                bio: bio || null,
                avatar: avatar || null,
                owner: `${caller.sub}::${caller.username}`,
                createdAt: now,
                updatedAt: now,
              },
              ConditionExpression: 'attribute_not_exists(handle)',
            }),
          );
          return { handle, created: true };
        } catch (error) {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      throw new PublishingError('conflict', 'Could not find a free author handle for this name.');
    },

    /**
     * Creates (or refreshes) the preview link of a post the caller may edit: a snapshot of its
     * saved draft under a random 192-bit token. Returns the token.
     */
    async sharePreview(caller: Caller, id: unknown): Promise<string> {
      const post = await permittedPost(caller, id, 'edit');
      const draft = validDraft(post, 'be shared');
      const owner = String(post.owner);
      const [existing] = (await queryIndex(tables.draftPreview, INDEX.previewsByPostId, 'postId', String(post.id))).filter(
        (preview) => typeof preview.owner === 'string' && ownerSub(preview.owner) === ownerSub(owner),
      );
      const token = existing ? String(existing.token) : randomBytes(24).toString('base64url');
      const now = new Date().toISOString();
      await db.send(
        new PutCommand({
          TableName: tables.draftPreview,
          Item: {
            __typename: 'DraftPreview',
            token,
            postId: post.id,
            title: draft.title,
            excerpt: draft.excerpt,
            body: draft.body,
            tags: draft.tags,
            ...(draft.coverImage ? { coverImage: draft.coverImage, coverAlt: draft.coverAlt } : { coverImage: null, coverAlt: null }),
            authorName: String((await profileOf(owner))?.name ?? ''),
            owner,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
          },
        }),
      );
      return token;
    },

    /** Deletes the post's preview links: their pages stop working at once. */
    async revokePreview(caller: Caller, id: unknown): Promise<number> {
      const post = await permittedPost(caller, id, 'edit');
      const previews = await queryIndex(tables.draftPreview, INDEX.previewsByPostId, 'postId', String(post.id));
      for (const preview of previews) await db.send(new DeleteCommand({ TableName: tables.draftPreview, Key: { token: preview.token } }));
      return previews.length;
    },

    /** Takes the post off the site (live copies and tag entries); the draft stays, as a draft. */
    async unpublish(caller: Caller, id: unknown): Promise<PostChange> {
      return takeDown(await postFor(caller, id, 'edit'));
    },

    /**
     * Deletes a post for good, for whoever may edit it (taking a live post down is publishing
     * work): off the site first, then its preview links and comments, then the draft. The only
     * way a post is deleted: clients have no delete on the model, so nothing is left orphaned.
     */
    async remove(caller: Caller, id: unknown): Promise<PostChange> {
      const access = await postFor(caller, id, 'edit');
      const change = await takeDown(access);
      const postId = String(access.post.id);
      const [previews, comments, publicComments] = await Promise.all([
        queryIndex(tables.draftPreview, INDEX.previewsByPostId, 'postId', postId),
        queryIndex(tables.comment, INDEX.commentsByPostId, 'postId', postId),
        queryIndex(tables.publicComment, INDEX.publicCommentsByPostId, 'postId', postId),
      ]);
      for (const preview of previews) await db.send(new DeleteCommand({ TableName: tables.draftPreview, Key: { token: preview.token } }));
      for (const copy of publicComments) await db.send(new DeleteCommand({ TableName: tables.publicComment, Key: { commentId: copy.commentId } }));
      for (const comment of comments) await db.send(new DeleteCommand({ TableName: tables.comment, Key: { id: comment.id } }));
      await db.send(new DeleteCommand({ TableName: tables.post, Key: { id: postId } }));
      return change;
    },
  };

  /** Takes a post's live copies and tag entries down (for a caller who may, when anything is live). */
  async function takeDown({ post, mayPublish, role }: { post: Item; mayPublish: boolean; role: Role }): Promise<PostChange> {
    const [copies, entries] = await Promise.all([
      queryIndex(tables.publishedPost, INDEX.livePostsByPostId, 'postId', String(post.id)),
      queryIndex(tables.publishedPostTag, INDEX.tagEntriesByPostId, 'postId', String(post.id)),
    ]);
    if (!mayPublish && (copies.length > 0 || entries.length > 0)) throw new PublishingError('forbidden', publishingRefusal(role));
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      ...copies.map((copy) => ({ Delete: { TableName: tables.publishedPost, Key: { slug: copy.slug } } })),
      ...entries.map((entry) => ({ Delete: { TableName: tables.publishedPostTag, Key: { tag: entry.tag, slug: entry.slug } } })),
      {
        Update: {
          TableName: tables.post,
          Key: { id: post.id },
          UpdateExpression: 'SET #status = :draft, updatedAt = :now REMOVE publishedAt, liveHash, scheduledAt, scheduledBy, scheduledHash',
          // The copies found above are all there are: a publish in between cancels this.
          ConditionExpression: 'updatedAt = :seen',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':draft': 'DRAFT', ':now': new Date().toISOString(), ':seen': post.updatedAt },
        },
      },
    ];
    await commit(
      items,
      items.map((_, index) => (index === items.length - 1 ? 'conflict' : undefined)),
    );
    return {
      slugs: copies.map((copy) => String(copy.slug)),
      tags: [...new Set(entries.map((entry) => String(entry.tag)))],
      authorHandles: [...new Set(copies.map((copy) => String(copy.authorHandle)))],
    };
  }
}
