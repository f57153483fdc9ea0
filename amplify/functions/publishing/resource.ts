import { defineFunction } from '@aws-amplify/backend';

/**
 * The one writer of everything visitors read: it publishes and unpublishes posts (live copy, tag
 * entries and the draft's status in one DynamoDB transaction), stamping the byline from the
 * owner's profile. Clients reach it only through the data API's custom mutations
 * (amplify/data/resource.ts); the public models give no client write access.
 *
 * It lives in the data stack because it both serves the API and reads the API's tables: in a
 * stack of its own, each would depend on the other (Gen 2's documented way out of that cycle).
 */
export const publishing = defineFunction({
  name: 'publishing',
  entry: './handler.ts',
  runtime: 22,
  timeoutSeconds: 15,
  memoryMB: 512,
  resourceGroupName: 'data',
});
