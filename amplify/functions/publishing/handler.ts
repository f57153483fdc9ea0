import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Schema } from '../../data/resource';
import { directory, userPoolIdFrom } from '../people/directory';
import { publishingService, publishingTables, type Caller } from './publishing';

/**
 * The publishing function's entry: AppSync invokes it for the custom mutations of
 * amplify/data/resource.ts (publish, unpublish, profile, preview links) with the caller's verified
 * user-pool identity. The work itself is in ./publishing.ts; this file only wires AWS to it.
 */

// Created once per execution environment, reused by every invocation it serves.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const people = directory(new CognitoIdentityProviderClient({}), userPoolIdFrom(process.env));
const service = publishingService(
  db,
  publishingTables(process.env),
  (error) => (error instanceof TransactionCanceledException ? error.CancellationReasons : undefined),
  people.roleOfUser,
);

type Identity = { sub?: string; username?: string } | null | undefined;

/** The user-pool caller AppSync verified (the mutations allow no other kind); their role is looked up per call. */
function callerOf(identity: unknown): Caller {
  const cognito = identity as Identity;
  if (!cognito?.sub || !cognito.username) throw new Error('[forbidden] Sign in to publish.');
  return { sub: cognito.sub, username: cognito.username };
}

type Args<Field extends keyof Schema> = Schema[Field] extends { args: infer A } ? A : never;

/** One function serves every publishing mutation: AppSync names the field it resolves. */
export const handler = async (event: { fieldName?: string; arguments: unknown; identity: unknown }): Promise<unknown> => {
  const caller = callerOf(event.identity);
  switch (event.fieldName) {
    case 'publishPost': {
      const { id, publishedAt } = event.arguments as Args<'publishPost'>;
      return service.publish(caller, id, publishedAt);
    }
    case 'schedulePost': {
      const { id, at } = event.arguments as Args<'schedulePost'>;
      return service.schedule(caller, id, at);
    }
    case 'removePost':
      return service.remove(caller, (event.arguments as Args<'removePost'>).id);
    case 'unpublishPost':
      return service.unpublish(caller, (event.arguments as Args<'unpublishPost'>).id);
    case 'saveAuthorProfile': {
      const input = event.arguments as Args<'saveAuthorProfile'>;
      return service.saveProfile(caller, input, input.createOnly === true);
    }
    case 'sharePreview':
      return service.sharePreview(caller, (event.arguments as Args<'sharePreview'>).postId);
    case 'revokePreview':
      return service.revokePreview(caller, (event.arguments as Args<'revokePreview'>).postId);
    default:
      throw new Error(`[invalid] The publishing function does not serve ${String(event.fieldName)}.`);
  }
};
