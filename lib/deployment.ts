export type DeploymentKind = 'production' | 'branch' | 'preview' | 'local';

export interface Deployment {
  kind: DeploymentKind;
  branch: string | null;
  pullRequest: number | null;
  sourceBranch: string | null;
  commit: string | null;
  /** Only production may be indexed by search engines. */
  indexable: boolean;
  /** Absolute origin of the site, for canonical URLs and feeds; never taken from the request. */
  siteUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The branch whose deployment is the live site (FOLIO_PRODUCTION_BRANCH, default `main`). */
export function productionBranch(env: Env = process.env): string {
  return env.FOLIO_PRODUCTION_BRANCH?.trim() || 'main';
}

/** The pull request a branch deploys, from Amplify's id or its `pr-<N>` branch name. */
export function pullRequestOf(branch: string | null, pullRequestId?: string): number | null {
  const value = pullRequestId?.trim() || branch?.match(/^pr-(\d+)$/)?.[1];
  return value && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * The one rule for "which deployment is this", shared by the app (readDeployment), the build's
 * headers (next.config.ts) and the backend (amplify/deployment.ts): previews are pull requests,
 * only the production branch is production, no branch at all is a local run.
 */
export function deploymentKind(branch: string | null, pullRequest: number | null, env: Env = process.env): DeploymentKind {
  if (!branch) return 'local';
  if (pullRequest !== null) return 'preview';
  return branch === productionBranch(env) ? 'production' : 'branch';
}

/**
 * What this deployment is, from the variables Amplify Hosting sets at build time (amplify.yml
 * writes the ones the server needs into .env.production, because Next SSR on Amplify does not
 * see build variables at runtime otherwise). No AWS_BRANCH means a local run.
 */
export function readDeployment(env: Env = process.env): Deployment {
  const branch = env.AWS_BRANCH?.trim() || null;
  const pullRequest = pullRequestOf(branch, env.AWS_PULL_REQUEST_ID);
  const kind = deploymentKind(branch, pullRequest, env);
  const port = env.PORT ?? '3000';
  const siteUrl = (env.FOLIO_SITE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    kind,
    branch,
    pullRequest,
    sourceBranch: env.AWS_PULL_REQUEST_SOURCE_BRANCH?.trim() || null,
    commit: env.AWS_COMMIT_ID?.trim() || null,
    indexable: kind === 'production',
    siteUrl,
  };
}

/** The banner text for a non-production deployment, or null in production and locally. */
export function deploymentLabel(deployment: Deployment): string | null {
  const commit = deployment.commit ? deployment.commit.slice(0, 7) : null;
  const parts: string[] = [];
  if (deployment.kind === 'preview') {
    parts.push(`Preview of pull request #${deployment.pullRequest}`);
    if (deployment.sourceBranch) parts.push(`branch ${deployment.sourceBranch}`);
  } else if (deployment.kind === 'branch') {
    parts.push(`Branch deployment: ${deployment.branch}`);
  } else {
    return null;
  }
  if (commit) parts.push(`commit ${commit}`);
  return `${parts.join(' · ')} — not the live site`;
}
