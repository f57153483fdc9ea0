import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tagsForPostChange, type PostChange } from '../../../lib/cache-tags';
import { isCacheTag, signRevalidation } from '../../../lib/revalidation';
import { directory, userPoolIdFrom } from '../people/directory';
import { publishingService, publishingTables } from '../publishing/publishing';

/** The scheduler's run (EventBridge Scheduler, every minute): publish what is due, then refresh the site. */

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
const service = publishingService(
  db,
  publishingTables(process.env),
  (error) => (error instanceof TransactionCanceledException ? error.CancellationReasons : undefined),
  directory(new CognitoIdentityProviderClient({}), userPoolIdFrom(process.env)).roleOfUser,
);

/** An error's message with its cause (fetch reports only "fetch failed"; the cause says ECONNREFUSED or why). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause ? `${error.message} (${cause.code ?? cause.message ?? 'unknown cause'})` : error.message;
}

/** Asks the site to refresh the pages the published posts change; the site checks the signature. */
async function refreshSite(changes: PostChange[]): Promise<void> {
  const site = process.env.FOLIO_SITE_URL;
  const secret = process.env.FOLIO_REVALIDATE_SECRET;
  if (!site || !secret) throw new Error('FOLIO_SITE_URL and FOLIO_REVALIDATE_SECRET must be set (amplify/functions/publish-due/resource.ts).');
  const tags = [...new Set(changes.flatMap(tagsForPostChange))].filter(isCacheTag);
  const { body, signature } = signRevalidation(secret, tags, new Date());
  const response = await fetch(`${site}/api/revalidate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-folio-signature': signature },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`The site answered ${response.status} to the revalidation request: ${(await response.text()).slice(0, 200)}`);
}

export const handler = async (): Promise<{ published: string[]; failed: string[] }> => {
  const now = new Date();
  const due = await service.duePosts(now);
  const changes: PostChange[] = [];
  const published: string[] = [];
  const failed: string[] = [];
  for (const post of due) {
    const id = String(post.id);
    try {
      changes.push(await service.publishDue(id, now));
      published.push(id);
      console.log(`Published scheduled post ${id} (due ${String(post.scheduledAt)}).`);
    } catch (error) {
      // One post that cannot go live (an invalid draft, a taken slug) never holds up the others;
      // it stays scheduled, and the studio shows it overdue.
      failed.push(id);
      console.error(`Scheduled post ${id} could not go live: ${describe(error)}`);
    }
  }
  if (changes.length) {
    try {
      await refreshSite(changes);
    } catch (error) {
      // The posts are live; pages refresh on the next change or when their cache entries expire.
      console.error(`The site at ${String(process.env.FOLIO_SITE_URL)} was not refreshed: ${describe(error)}`);
    }
  }
  return { published, failed };
};
