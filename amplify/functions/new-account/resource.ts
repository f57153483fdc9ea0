import { defineFunction } from '@aws-amplify/backend';

/**
 * Cognito's post-confirmation trigger: a newly confirmed account gets the starting role
 * (lib/roles.ts STARTING_ROLE, the READERS group). In the auth stack, as Gen 2 places the
 * functions the user pool calls (the pool names it; it needs nothing from the data stack).
 */
export const newAccount = defineFunction({
  name: 'new-account',
  entry: './handler.ts',
  runtime: 22,
  timeoutSeconds: 10,
  memoryMB: 256,
  resourceGroupName: 'auth',
});
