/**
 * The seed script, where `npx ampx sandbox seed` looks for it and what amplify.yml runs after
 * `ampx pipeline-deploy`: demo accounts (the reviewer's included) and posts, through the user
 * pool's admin API and the data API, into the backend named by amplify_outputs.json (or
 * AMPLIFY_OUTPUTS_FILE). Refuses the production branch before reading anything. Set
 * FOLIO_DEMO_PASSWORD (an Amplify environment secret) so deployed demo passwords are not the
 * public defaults from the README.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AmplifyOutputs } from '../../lib/amplify-config';
import { readDeployment } from '../../lib/deployment';
import { seedDemoContent } from './demo-seed';

async function main(): Promise<void> {
  const deployment = readDeployment();
  if (deployment.kind === 'production') {
    console.log(`[seed] ${deployment.branch} is the production branch: not seeding.`);
    return;
  }
  const outputs = JSON.parse(readFileSync(resolve(process.env.AMPLIFY_OUTPUTS_FILE ?? 'amplify_outputs.json'), 'utf8')) as AmplifyOutputs;
  // The deployed pool's admin API with the caller's credentials (the deploy role in amplify.yml, the
  // developer's profile for a sandbox). The offline backend runs its seed through `amplify-offline --seed`.
  const cognito = new CognitoIdentityProviderClient({ region: outputs.auth?.aws_region });
  try {
    await seedDemoContent({ outputs, cognito, passwordOverride: process.env.FOLIO_DEMO_PASSWORD || undefined });
  } finally {
    cognito.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
