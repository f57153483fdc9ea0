import { defineFunction } from '@aws-amplify/backend';

/**
 * The one writer of comments: adds a reader's comment (validated, rate-limited, named from the
 * user pool), moderates (approve, hide, delete) and removes a deleted post's comments, each
 * change to a comment, its public copy and the post's comment count in one DynamoDB transaction.
 * In the data stack, beside the API it serves and the tables it writes.
 */
export const comments = defineFunction({
  name: 'comments',
  entry: './handler.ts',
  runtime: 22,
  timeoutSeconds: 15,
  memoryMB: 512,
  resourceGroupName: 'data',
  environment: {
    // 'first-comment': an account's comments wait for a moderator until one was approved;
    // 'every-comment': every reader's comment waits (lib/comments/schema.ts).
    COMMENT_MODERATION: process.env.FOLIO_COMMENT_MODERATION ?? 'first-comment',
  },
});
