import type { Stack } from 'aws-cdk-lib';

export interface BackendDeployment {
  /** The branch (or sandbox name) this backend is deployed for, e.g. `main` or `pr-7`. */
  name: string;
  type: 'branch' | 'sandbox' | 'standalone';
  isProduction: boolean;
}

/**
 * Which backend is being synthesized, from the context ampx passes to CDK. Only a branch
 * deployment of the production branch (FOLIO_PRODUCTION_BRANCH, default `main`) is production;
 * pull-request previews (`pr-<N>`), other branches and sandboxes stay cheap and deletable.
 */
export function backendDeployment(stack: Stack, env: Readonly<Record<string, string | undefined>> = process.env): BackendDeployment {
  const name = String(stack.node.tryGetContext('amplify-backend-name') ?? 'sandbox');
  const type = String(stack.node.tryGetContext('amplify-backend-type') ?? 'sandbox') as BackendDeployment['type'];
  const productionBranch = env.FOLIO_PRODUCTION_BRANCH ?? 'main';
  return { name, type, isProduction: type === 'branch' && name === productionBranch };
}
