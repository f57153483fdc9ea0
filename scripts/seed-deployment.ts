/**
 * Seeds a deployed non-production backend (PR preview or branch) after `ampx pipeline-deploy`:
 * demo posts and accounts, including the reviewer account, through the real Cognito admin API
 * and data API. Run by amplify.yml with the Amplify service role's credentials. Refuses the
 * production branch. Set FOLIO_DEMO_PASSWORD (an Amplify environment secret) so preview
 * passwords are not the public defaults from the README.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { seedDemoContent } from '../amplify/seed/seed';
import type { AmplifyOutputs } from '../lib/amplify-config';
import { readDeployment } from '../lib/deployment';

async function main(): Promise<void> {
  const deployment = readDeployment();
  if (deployment.kind === 'production') {
    console.log(`[seed] ${deployment.branch} is the production branch: not seeding.`);
    return;
  }
  const outputs = JSON.parse(readFileSync(resolve(process.env.AMPLIFY_OUTPUTS_FILE ?? 'amplify_outputs.json'), 'utf8')) as AmplifyOutputs;
  const cognito = new CognitoIdentityProviderClient({ region: outputs.auth?.aws_region });
  try {
    await seedDemoContent({
      outputs,
      cognito,
      isProduction: false,
      passwordOverride: process.env.FOLIO_DEMO_PASSWORD || undefined,
    });
  } finally {
    cognito.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
