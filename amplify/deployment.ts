import type { Stack } from 'aws-cdk-lib';
import { deploymentKind, pullRequestOf, type DeploymentKind } from '../lib/deployment';

export interface BackendDeployment {
  /** The branch (or sandbox name) this backend is deployed for, e.g. `main` or `pr-7`. */
  name: string;
  type: 'branch' | 'sandbox' | 'standalone';
  /** The same classification the app's build makes (lib/deployment.ts); sandboxes count as local. */
  kind: DeploymentKind;
  isProduction: boolean;
}

/**
 * Which backend is being synthesized, from the context ampx passes to CDK. Only a branch
 * deployment of the production branch is production; pull-request previews (`pr-<N>`), other
 * branches and sandboxes stay cheap and deletable.
 */
export function backendDeployment(stack: Stack, env: Readonly<Record<string, string | undefined>> = process.env): BackendDeployment {
  const name = String(stack.node.tryGetContext('amplify-backend-name') ?? 'sandbox');
  const type = String(stack.node.tryGetContext('amplify-backend-type') ?? 'sandbox') as BackendDeployment['type'];
  const kind = type === 'branch' ? deploymentKind(name, pullRequestOf(name), env) : 'local';
  return { name, type, kind, isProduction: kind === 'production' };
}

/**
 * Where a backend function reaches the site it belongs to (the scheduler's revalidation request):
 * FOLIO_SITE_URL when the branch sets it; on Amplify Hosting otherwise the default domain Amplify
 * gives the branch or pull-request preview (`https://<branch>.<app id>.amplifyapp.com`,
 * `https://pr-<N>.<app id>.amplifyapp.com`), so a preview never calls production; locally
 * `http://localhost:3000` (scripts/start.mjs sets the port it serves on).
 */
export function siteUrlForFunctions(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const appId = env.AWS_APP_ID?.trim();
  const pullRequest = env.AWS_PULL_REQUEST_ID?.trim();
  const branch = env.AWS_BRANCH?.trim();
  if (appId && pullRequest) return `https://pr-${pullRequest}.${appId}.amplifyapp.com`;
  const configured = env.FOLIO_SITE_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  if (appId && branch) return `https://${branch.replace(/[^A-Za-z0-9-]/g, '-')}.${appId}.amplifyapp.com`;
  return 'http://localhost:3000';
}
