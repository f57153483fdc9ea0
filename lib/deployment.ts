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

/**
 * What this deployment is, from the variables Amplify Hosting sets at build time (amplify.yml
 * writes the ones the server needs into .env.production, because Next SSR on Amplify does not
 * see build variables at runtime otherwise). No AWS_BRANCH means a local run.
 */
export function readDeployment(env: Readonly<Record<string, string | undefined>> = process.env): Deployment {
  const branch = env.AWS_BRANCH?.trim() || null;
  const prFromBranch = branch?.match(/^pr-(\d+)$/)?.[1];
  const prValue = env.AWS_PULL_REQUEST_ID?.trim() || prFromBranch;
  const pullRequest = prValue && /^\d+$/.test(prValue) ? Number(prValue) : null;
  const productionBranch = env.FOLIO_PRODUCTION_BRANCH?.trim() || 'main';
  const kind: DeploymentKind = !branch ? 'local' : pullRequest !== null ? 'preview' : branch === productionBranch ? 'production' : 'branch';
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
