import { defineFunction } from '@aws-amplify/backend';

/**
 * Every day (00:00 UTC), lists the data API's keys with AppSync's ListApiKeys and reports how many
 * days the key has left as the CloudWatch metric Folio/ApiKeyDaysLeft, from one log line in
 * CloudWatch's embedded metric format; under 30 days it also logs a warning. Production alarms on
 * the metric (amplify/backend.ts); docs/deploy.md says what to do when it fires.
 */
export const apiKeyWatch = defineFunction({
  name: 'api-key-watch',
  entry: './handler.ts',
  runtime: 22,
  schedule: 'every day',
  timeoutSeconds: 30,
  memoryMB: 256,
  // Beside the API it reads: its environment and policy refer to the API within one stack.
  resourceGroupName: 'data',
});
