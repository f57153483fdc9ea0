import { deploymentLabel, type Deployment } from '@/lib/deployment';

/** A slim strip on every page of a non-production deployment, so reviewers know what they see. */
export function DeploymentBanner({ deployment }: { deployment: Deployment }) {
  const label = deploymentLabel(deployment);
  if (!label) return null;
  return (
    <div className="deployment-banner" role="note" data-deployment={deployment.kind}>
      {label}
    </div>
  );
}
