import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Schema } from '../../data/resource';
import { publishingService, publishingTables, type Caller } from './publishing';

/**
 * The publishing function's entry: AppSync invokes it for the custom mutations `publishPost` and
 * `unpublishPost` (amplify/data/resource.ts) with the caller's verified user-pool identity. The
 * work itself is in ./publishing.ts; this file only wires AWS to it.
 */

// Created once per execution environment, reused by every invocation it serves.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const service = publishingService(db, publishingTables(process.env), (error) =>
  error instanceof TransactionCanceledException ? error.CancellationReasons : undefined,
);

type Identity = { sub?: string; username?: string; groups?: string[] | null; claims?: Record<string, unknown> } | null | undefined;

/** The user-pool caller AppSync verified; the mutations allow no other kind (API key, IAM). */
function callerOf(identity: unknown): Caller {
  const cognito = identity as Identity;
  if (!cognito?.sub || !cognito.username) throw new Error('[forbidden] Sign in to publish.');
  const claimed = cognito.claims?.['cognito:groups'];
  const groups = cognito.groups ?? (Array.isArray(claimed) ? claimed.map(String) : []);
  return { sub: cognito.sub, username: cognito.username, groups };
}

export const publishPost: Schema['publishPost']['functionHandler'] = async (event) =>
  service.publish(callerOf(event.identity), event.arguments.id, event.arguments.publishedAt ?? undefined);

export const unpublishPost: Schema['unpublishPost']['functionHandler'] = async (event) => service.unpublish(callerOf(event.identity), event.arguments.id);

/** One function serves both mutations: AppSync names the field it resolves. */
export const handler = async (event: Parameters<typeof publishPost>[0] & { fieldName?: string }, context: unknown) => {
  const field = event.fieldName;
  switch (field) {
    case 'publishPost':
      return publishPost(event, context as never, () => undefined);
    case 'unpublishPost':
      return unpublishPost(event as never, context as never, () => undefined);
    default:
      throw new Error(`[invalid] The publishing function does not serve ${String(field)}.`);
  }
};
