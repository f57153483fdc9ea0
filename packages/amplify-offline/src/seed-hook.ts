import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { LocalBackend } from './index';

/** What `--seed MODULE`'s default export is called with, once the backend serves. */
export interface SeedContext {
  /** The amplify_outputs.json just written (Amplify.configure takes it, as for the app). */
  outputs: Record<string, unknown>;
  endpoints: LocalBackend['endpoints'];
  /** The user pool's admin API (AdminCreateUser, AdminAddUserToGroup, ListUsers…), like the AWS SDK client it is. */
  userPoolAdmin: CognitoIdentityProviderClient;
  log: (line: string) => void;
}

/** The SDK's Cognito client pointed at the local user pool, signing with the backend's admin credentials. */
export function seedAdminClient(backend: Pick<LocalBackend, 'endpoints' | 'outputs' | 'adminCredentials'>): CognitoIdentityProviderClient {
  const region = (backend.outputs.auth as { aws_region?: string } | undefined)?.aws_region ?? 'us-east-1';
  // A copy: the SDK annotates the credentials object it is given.
  return new CognitoIdentityProviderClient({ endpoint: backend.endpoints.cognito, region, credentials: { ...backend.adminCredentials } });
}
