import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerHandler } from 'aws-lambda';
import { ROLE_GROUPS, STARTING_ROLE } from '../../../lib/roles';

const cognito = new CognitoIdentityProviderClient({});

/**
 * Puts every newly confirmed account in the starting role's group. Only a sign-up confirmation
 * assigns it: a password reset also confirms (PostConfirmation_ConfirmForgotPassword), and must
 * never undo a role an admin gave. The event goes back to Cognito unchanged, as it requires.
 */
export const handler: PostConfirmationTriggerHandler = async (event) => {
  if (event.triggerSource === 'PostConfirmation_ConfirmSignUp') {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: event.userPoolId, Username: event.userName, GroupName: ROLE_GROUPS[STARTING_ROLE] }));
    console.log(`New account ${event.userName} starts as ${STARTING_ROLE}.`);
  }
  return event;
};
