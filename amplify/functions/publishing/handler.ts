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

export const saveAuthorProfile: Schema['saveAuthorProfile']['functionHandler'] = async (event) =>
  service.saveProfile(callerOf(event.identity), event.arguments, event.arguments.createOnly === true);

export const sharePreview: Schema['sharePreview']['functionHandler'] = async (event) => service.sharePreview(callerOf(event.identity), event.arguments.postId);

export const revokePreview: Schema['revokePreview']['functionHandler'] = async (event) =>
  service.revokePreview(callerOf(event.identity), event.arguments.postId);

/** One function serves every publishing mutation: AppSync names the field it resolves. */
const operations: Record<string, (event: never) => Promise<unknown>> = {
  publishPost: (event) => publishPost(event, {} as never, () => undefined) as Promise<unknown>,
  unpublishPost: (event) => unpublishPost(event, {} as never, () => undefined) as Promise<unknown>,
  saveAuthorProfile: (event) => saveAuthorProfile(event, {} as never, () => undefined) as Promise<unknown>,
  sharePreview: (event) => sharePreview(event, {} as never, () => undefined) as Promise<unknown>,
  revokePreview: (event) => revokePreview(event, {} as never, () => undefined) as Promise<unknown>,
};

export const handler = async (event: { fieldName?: string }): Promise<unknown> => {
  const operation = event.fieldName && Object.hasOwn(operations, event.fieldName) ? operations[event.fieldName] : undefined;
  if (!operation) throw new Error(`[invalid] The publishing function does not serve ${String(event.fieldName)}.`);
  return operation(event as never);
};
