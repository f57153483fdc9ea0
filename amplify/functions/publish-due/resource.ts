import { defineFunction, secret } from '@aws-amplify/backend';
import { siteUrlForFunctions } from '../../deployment';

/**
 * Every minute, publishes the posts whose scheduled time has come (the same transaction as the
 * studio's Publish: ../publishing/publishing.ts) and asks the site to refresh the pages they
 * change, with a request to FOLIO_SITE_URL/api/revalidate signed with FOLIO_REVALIDATE_SECRET
 * (the same secret the Next.js server holds; docs/deploy.md). Which site: see siteUrlForFunctions.
 */
export const publishDue = defineFunction({
  name: 'publish-due',
  entry: './handler.ts',
  runtime: 22,
  schedule: 'every 1m',
  timeoutSeconds: 50,
  memoryMB: 512,
  resourceGroupName: 'data',
  environment: {
    FOLIO_SITE_URL: siteUrlForFunctions(),
    FOLIO_REVALIDATE_SECRET: secret('FOLIO_REVALIDATE_SECRET'),
  },
});
