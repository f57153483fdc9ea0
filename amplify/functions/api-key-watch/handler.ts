import { AppSyncClient, paginateListApiKeys } from '@aws-sdk/client-appsync';
import { apiIdFrom, watchApiKeys, type KeyReport, type ListedKey } from './key-expiry';

/** The daily run (EventBridge Scheduler): how long the data API's key has left (./key-expiry.ts). */

const appSync = new AppSyncClient({});

async function listKeys(apiId: string): Promise<ListedKey[]> {
  const keys: ListedKey[] = [];
  for await (const page of paginateListApiKeys({ client: appSync }, { apiId })) keys.push(...(page.apiKeys ?? []));
  return keys;
}

export const handler = async (): Promise<Omit<KeyReport, 'key'> & { expiresAt?: string }> => {
  const report = await watchApiKeys(apiIdFrom(process.env), listKeys, {
    now: new Date(),
    // CloudWatch Logs extracts the metric only from an event that is the JSON document alone;
    // console.log would prefix it with Lambda's timestamp, request id and level.
    emit: (line) => process.stdout.write(`${line}\n`),
    warn: (message) => console.warn(message),
  });
  // The result names the expiry, not the key.
  return { daysLeft: report.daysLeft, keyCount: report.keyCount, expiresAt: report.key?.expiresAt };
};
