import { defineFunction } from '@aws-amplify/backend';

/**
 * The studio's People page: lists accounts with their roles and changes a role, with the Cognito
 * admin API (never from the browser). Only ADMINS reach its operations (amplify/data/resource.ts),
 * and it checks the caller's role again in the user pool. In the data stack, beside the API it serves.
 */
export const people = defineFunction({
  name: 'people',
  entry: './handler.ts',
  runtime: 22,
  timeoutSeconds: 15,
  memoryMB: 256,
  resourceGroupName: 'data',
});
