import { a, defineData, type ClientSchema } from '@aws-amplify/backend';
import { comments } from '../functions/comments/resource';
import { people } from '../functions/people/resource';
import { publishing } from '../functions/publishing/resource';

/**
 * Drafts and public content live in separate models so that no public rule can reach a draft:
 * `Post` is an author's working copy (its owner, EDITORS and ADMINS only); `PublishedPost` is the live version,
 * readable with the public API key. Publishing copies a Post into PublishedPost (plus one
 * PublishedPostTag per tag); unpublishing deletes them. Only the publishing function writes the
 * live models, profiles and preview snapshots (the custom mutations below): no client rule allows it.
 *
 * Every `owner` field is readable but not writable by its owner: without that rule an owner
 * could hand a record to someone else by rewriting it.
 */
/** Editors and admins manage everyone's posts (lib/roles.ts). */
const MANAGERS = ['EDITORS', 'ADMINS'];
// Only admins may hand a post to someone else; editors work on it as it is.
const protectedOwner = () =>
  a.string().authorization((allow) => [allow.owner().to(['read', 'delete']), allow.group('EDITORS').to(['read', 'delete']), allow.group('ADMINS')]);
/** Read-only for every client: the publishing function writes these records (straight to DynamoDB). */
const readOnlyPublic = () =>
  a.string().authorization((allow) => [allow.owner().to(['read']), allow.groups(MANAGERS).to(['read']), allow.publicApiKey().to(['read'])]);
/**
 * Written only by the publishing function; whoever may read or delete the post may read it or
 * delete it with the post (a field rule without 'delete' would make the whole record undeletable).
 */
const backendWritten = () => a.string().authorization((allow) => [allow.owner().to(['read', 'delete']), allow.groups(MANAGERS).to(['read', 'delete'])]);

const schema = a.schema({
  // REVIEW: a contributor's draft waiting for an editor.
  PostStatus: a.enum(['DRAFT', 'REVIEW', 'SCHEDULED', 'PUBLISHED']),

  Post: a
    .model({
      title: a.string().required(),
      slug: a.string().required(),
      excerpt: a.string(),
      body: a.string().required(),
      tags: a.string().array(),
      // A cover image: its public URL (/media/…, lib/media/rules.ts) and its required alt text.
      coverImage: a.string(),
      coverAlt: a.string(),
      status: a.ref('PostStatus').required(),
      authorName: a.string().required(),
      authorHandle: a.string(),
      publishedAt: a.datetime(),
      // When a SCHEDULED post should go live.
      scheduledAt: a.datetime(),
      // Who scheduled it and the content they scheduled (the scheduler checks both: a draft's
      // status is its owner's to write, so SCHEDULED alone publishes nothing).
      scheduledBy: backendWritten(),
      scheduledHash: backendWritten(),
      // Fingerprint of the content last made live: a draft that differs has unpublished changes.
      liveHash: a.string(),
      // Fingerprint of the draft's own content, written with every save: a save names the one it
      // was based on as its write condition, so concurrent saves cannot overwrite each other.
      draftHash: a.string(),
      owner: protectedOwner(),
    })
    .secondaryIndexes((index) => [
      index('slug').queryField('listPostsBySlug'),
      // The scheduler's query: posts SCHEDULED for a time up to now.
      index('status').sortKeys(['scheduledAt']).queryField('listPostsByStatusAndScheduledAt'),
    ])
    // Deleted only through removePost (the publishing function): a post must come off the site,
    // and lose its comments and preview links, with it; a plain delete would orphan them.
    .authorization((allow) => [allow.owner().to(['create', 'read', 'update']), allow.groups(MANAGERS).to(['create', 'read', 'update'])]),

  PublishedPost: a
    .model({
      // The slug is the key, so DynamoDB itself refuses a second live post with the same URL.
      slug: a.string().required(),
      postId: a.id().required(),
      title: a.string().required(),
      excerpt: a.string(),
      body: a.string().required(),
      tags: a.string().array(),
      coverImage: a.string(),
      coverAlt: a.string(),
      authorName: a.string().required(),
      authorHandle: a.string().required(),
      publishedAt: a.datetime().required(),
      // One partition for the public listing, sorted by date: the home page queries it instead of scanning.
      feed: a.string().required(),
      // Approved comments (the comments function counts them; a publish recounts).
      commentCount: a.integer(),
      owner: readOnlyPublic(),
    })
    .identifier(['slug'])
    .secondaryIndexes((index) => [
      index('feed').sortKeys(['publishedAt']).queryField('listPublishedPostsByDate'),
      index('postId').queryField('listPublishedPostsByPostId'),
      // Author pages list by the owner the resolver stamped, which no author can forge.
      index('owner').sortKeys(['publishedAt']).queryField('listPublishedPostsByOwner'),
    ])
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner().to(['read']), allow.groups(MANAGERS).to(['read'])]),

  // One item per (tag, live post), so a tag page is a query on the tag, newest first.
  PublishedPostTag: a
    .model({
      tag: a.string().required(),
      slug: a.string().required(),
      postId: a.id().required(),
      publishedAt: a.datetime().required(),
      owner: readOnlyPublic(),
    })
    .identifier(['tag', 'slug'])
    .secondaryIndexes((index) => [
      index('tag').sortKeys(['publishedAt']).queryField('listTaggedPostsByDate'),
      index('postId').queryField('listPublishedPostTagsByPostId'),
    ])
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner().to(['read']), allow.groups(MANAGERS).to(['read'])]),

  // A reviewer's view of a draft: a snapshot readable by whoever holds its random token. The API
  // key may only `get` one by token, never list them, so a link cannot be discovered.
  DraftPreview: a
    .model({
      token: a.string().required(),
      postId: a.id().required(),
      title: a.string().required(),
      excerpt: a.string(),
      body: a.string().required(),
      tags: a.string().array(),
      coverImage: a.string(),
      coverAlt: a.string(),
      authorName: a.string().required(),
      owner: a.string().authorization((allow) => [allow.owner().to(['read']), allow.groups(MANAGERS).to(['read'])]),
    })
    .identifier(['token'])
    .secondaryIndexes((index) => [index('postId').queryField('listDraftPreviewsByPostId')])
    .authorization((allow) => [allow.publicApiKey().to(['get']), allow.owner().to(['read']), allow.groups(MANAGERS).to(['read'])]),

  AuthorProfile: a
    .model({
      handle: a.string().required(),
      userId: a.string().required(),
      name: a.string().required(),
      bio: a.string(),
      // The author's portrait: a public image URL (/media/…); its alt text is the author's name.
      avatar: a.string(),
      owner: readOnlyPublic(),
    })
    .identifier(['handle'])
    .secondaryIndexes((index) => [index('userId').queryField('listAuthorProfilesByUserId')])
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner().to(['read']), allow.groups(MANAGERS).to(['read'])]),

  // Comments: every comment as its writer and moderators see it (pending, approved, hidden).
  // Only the comments function writes them (the custom mutations below).
  CommentStatus: a.enum(['PENDING', 'APPROVED', 'HIDDEN']),
  Comment: a
    .model({
      postId: a.id().required(),
      postSlug: a.string().required(),
      postTitle: a.string().required(),
      // The post's owner (`sub::username`): moderates the comments on their post.
      postOwner: a.string().required(),
      body: a.string().required(),
      authorName: a.string().required(),
      status: a.ref('CommentStatus').required(),
      createdAt: a.datetime().required(),
      owner: a.string(),
    })
    .secondaryIndexes((index) => [
      index('postId').sortKeys(['createdAt']).queryField('listCommentsByPost'),
      index('postOwner').sortKeys(['createdAt']).queryField('listCommentsByPostOwner'),
      index('status').sortKeys(['createdAt']).queryField('listCommentsByStatus'),
      // The function's rate limit and first-comment check: an account's comments by time.
      index('owner').sortKeys(['createdAt']).queryField('listCommentsByOwner'),
    ])
    .authorization((allow) => [allow.owner().to(['read']), allow.ownerDefinedIn('postOwner').to(['read']), allow.groups(MANAGERS).to(['read'])]),

  // An approved comment as visitors see it: its HTML (rendered and sanitized by the function).
  PublicComment: a
    .model({
      commentId: a.id().required(),
      postId: a.id().required(),
      createdAt: a.datetime().required(),
      authorName: a.string().required(),
      html: a.string().required(),
    })
    .identifier(['commentId'])
    .secondaryIndexes((index) => [index('postId').sortKeys(['createdAt']).queryField('listPublicCommentsByPost')])
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.authenticated().to(['read'])]),

  /** What happened to a comment, as anyone may see it: `html` only once approved. */
  CommentEvent: a.customType({
    id: a.id().required(),
    postId: a.id().required(),
    postSlug: a.string().required(),
    status: a.ref('CommentStatus').required(),
    authorName: a.string().required(),
    createdAt: a.datetime().required(),
    html: a.string(),
  }),
  addComment: a
    .mutation()
    .arguments({ postId: a.id().required(), body: a.string().required() })
    .returns(a.ref('CommentEvent'))
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(comments)),
  moderateComment: a
    .mutation()
    .arguments({ id: a.id().required(), action: a.string().required() })
    .returns(a.ref('CommentEvent'))
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(comments)),
  // Live comments: an event whenever a comment is added or moderated. Its payload is what anyone
  // may see (no text before approval), so visitors subscribe with the API key; AppSync filters by
  // the `postId` argument. The studio's queue listens too, and reloads what it may read.
  onCommentEvent: a
    .subscription()
    .for([a.ref('addComment'), a.ref('moderateComment')])
    .arguments({ postId: a.id() })
    .authorization((allow) => [allow.publicApiKey(), allow.authenticated()])
    // AppSync runs a subscription's resolver when someone subscribes; the function only allows it
    // (a VTL or JS resolver would do the same; the offline backend runs functions and VTL).
    .handler(a.handler.function(comments)),

  /** The public pages a publishing change touched, for the app to refresh (lib/cache-tags.ts). */
  PostChange: a.customType({
    slugs: a.string().required().array().required(),
    tags: a.string().required().array().required(),
    authorHandles: a.string().required().array().required(),
  }),

  // The only way content goes live or comes down. Any signed-in user may call them; the function
  // decides by the caller's role (lib/roles.ts: authors their own posts, editors and admins
  // anyone's), validates the draft and writes everything in one
  // transaction. `publishedAt` backdates a first publication (never into the future).
  publishPost: a
    .mutation()
    .arguments({ id: a.id().required(), publishedAt: a.datetime() })
    .returns(a.ref('PostChange'))
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),
  unpublishPost: a
    .mutation()
    .arguments({ id: a.id().required() })
    .returns(a.ref('PostChange'))
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),
  // Deletes a post for good: its live copy, tag entries, preview links and comments, then the draft.
  removePost: a
    .mutation()
    .arguments({ id: a.id().required() })
    .returns(a.ref('PostChange'))
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),

  // Scheduling is publishing later: the same checks, and the scheduler trusts only what this records.
  schedulePost: a
    .mutation()
    .arguments({ id: a.id().required(), at: a.datetime().required() })
    .returns(a.datetime())
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),

  // Profiles and preview links are public records too, written by the same function: the caller's
  // own profile (validated, handle assigned by the backend), a preview of a post they may edit.
  saveAuthorProfile: a
    .mutation()
    .arguments({ name: a.string().required(), bio: a.string(), avatar: a.string(), createOnly: a.boolean() })
    .returns(a.customType({ handle: a.string().required(), created: a.boolean().required() }))
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),
  sharePreview: a
    .mutation()
    .arguments({ postId: a.id().required() })
    .returns(a.string())
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),
  revokePreview: a
    .mutation()
    .arguments({ postId: a.id().required() })
    .returns(a.integer())
    .authorization((allow) => [allow.authenticated()])
    .handler(a.handler.function(publishing)),

  // The studio's People page (admins only; the function checks the caller's role again).
  Person: a.customType({
    username: a.string().required(),
    userId: a.string().required(),
    email: a.string().required(),
    name: a.string().required(),
    role: a.string().required(),
    status: a.string().required(),
    enabled: a.boolean().required(),
    createdAt: a.datetime().required(),
  }),
  listPeople: a
    .query()
    // Nullable, so a refusal reads as the function's error alone (no "cannot return null" beside it).
    .returns(a.ref('Person').required().array())
    .authorization((allow) => [allow.group('ADMINS')])
    .handler(a.handler.function(people)),
  setPersonRole: a
    .mutation()
    .arguments({ username: a.string().required(), role: a.string().required() })
    .returns(a.ref('Person'))
    .authorization((allow) => [allow.group('ADMINS')])
    .handler(a.handler.function(people)),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    apiKeyAuthorizationMode: { expiresInDays: 365 },
  },
});
