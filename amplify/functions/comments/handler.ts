import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Schema } from '../../data/resource';
import { MODERATION_POLICIES, type ModerationPolicy } from '../../../lib/comments/schema';
import { directory, userPoolIdFrom } from '../people/directory';
import { commentsService, commentTables, type Commenter } from './comments';

/**
 * The comments function's entry: AppSync invokes it for addComment and moderateComment
 * (amplify/data/resource.ts) with the caller's verified user-pool identity,
 * and when someone subscribes to onCommentEvent.
 * The work is in ./comments.ts; this file wires AWS to it.
 */

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const cognito = new CognitoIdentityProviderClient({});
const userPoolId = userPoolIdFrom(process.env);
const policy = process.env.COMMENT_MODERATION as ModerationPolicy;
if (!MODERATION_POLICIES.includes(policy)) throw new Error(`COMMENT_MODERATION must be one of ${MODERATION_POLICIES.join(', ')}, not "${policy}".`);

/** An account's display name: its `name`, else the part of its e-mail before the @. */
async function nameOf(username: string): Promise<string> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  const attribute = (name: string) => user.UserAttributes?.find((candidate) => candidate.Name === name)?.Value?.trim() ?? '';
  return (attribute('name') || attribute('email').split('@')[0] || 'Reader').slice(0, 80);
}

const service = commentsService({ db, tables: commentTables(process.env), roleOfUser: directory(cognito, userPoolId).roleOfUser, nameOf, policy });

type Args<Field extends keyof Schema> = Schema[Field] extends { args: infer A } ? A : never;

function callerOf(identity: unknown): Commenter {
  const cognitoIdentity = identity as { sub?: string; username?: string } | null | undefined;
  if (!cognitoIdentity?.sub || !cognitoIdentity.username) throw new Error('[forbidden] Sign in to comment.');
  return { sub: cognitoIdentity.sub, username: cognitoIdentity.username };
}

export const handler = async (event: { fieldName?: string; arguments: unknown; identity: unknown }): Promise<unknown> => {
  // Subscribing to comment events: anyone the schema lets in (events carry only what is public).
  if (event.fieldName === 'onCommentEvent') return null;
  const caller = callerOf(event.identity);
  switch (event.fieldName) {
    case 'addComment': {
      const { postId, body } = event.arguments as Args<'addComment'>;
      return service.add(caller, postId, body);
    }
    case 'moderateComment': {
      const { id, action } = event.arguments as Args<'moderateComment'>;
      return service.moderate(caller, id, action);
    }
    default:
      throw new Error(`[invalid] The comments function does not serve ${String(event.fieldName)}.`);
  }
};
