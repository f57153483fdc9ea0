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
