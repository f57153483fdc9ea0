import { a, defineData, type ClientSchema } from '@aws-amplify/backend';

/**
 * Drafts and public content live in two models so that the public rule can
 * never reach a draft: `Post` is an author's working copy (owner + ADMINS
 * only); `PublishedPost` is the live version, readable with the public API key.
 * Publishing copies a Post into PublishedPost; unpublishing deletes it.
 */
const schema = a.schema({
  PostStatus: a.enum(['DRAFT', 'PUBLISHED']),

  Post: a
    .model({
      title: a.string().required(),
      slug: a.string().required(),
      excerpt: a.string(),
      body: a.string().required(),
      tags: a.string().array(),
      status: a.ref('PostStatus').required(),
      authorName: a.string().required(),
      publishedAt: a.datetime(),
      // Without a field rule an owner could hand a post to someone else by rewriting this field.
      owner: a.string().authorization((allow) => [allow.owner().to(['read', 'delete']), allow.group('ADMINS')]),
    })
    .secondaryIndexes((index) => [index('slug').queryField('listPostsBySlug')])
    .authorization((allow) => [allow.owner(), allow.group('ADMINS')]),

  PublishedPost: a
    .model({
      // The slug is the key, so DynamoDB itself refuses a second live post with the same URL.
      slug: a.string().required(),
      postId: a.id().required(),
      title: a.string().required(),
      excerpt: a.string(),
      body: a.string().required(),
      tags: a.string().array(),
      authorName: a.string().required(),
      publishedAt: a.datetime().required(),
      // One partition for the public listing, sorted by date: the home page queries it instead of scanning.
      feed: a.string().required(),
      owner: a
        .string()
        .authorization((allow) => [
          allow.owner().to(['read', 'delete']),
          allow.group('ADMINS'),
          allow.publicApiKey().to(['read']),
        ]),
    })
    .identifier(['slug'])
    .secondaryIndexes((index) => [
      index('feed').sortKeys(['publishedAt']).queryField('listPublishedPostsByDate'),
      index('postId').queryField('listPublishedPostsByPostId'),
    ])
    .authorization((allow) => [allow.publicApiKey().to(['read']), allow.owner(), allow.group('ADMINS')]),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
    apiKeyAuthorizationMode: { expiresInDays: 365 },
  },
});
