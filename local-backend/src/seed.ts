import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AmplifyOutputs } from '../../lib/amplify-config';
import { seedDemoContent } from '../../amplify/seed/seed';

/** Seeds the offline backend with the same module preview deployments use. */
export async function seedLocalBackend({ outputs }: { outputs: Record<string, unknown>; dataDir: string }): Promise<void> {
  const typed = outputs as AmplifyOutputs;
  const endpoint = typed.custom?.local?.user_pool_endpoint;
  if (!endpoint) throw new Error('The local outputs name no user-pool endpoint.');
  const cognito = new CognitoIdentityProviderClient({
    endpoint,
    region: typed.auth?.aws_region ?? 'us-east-1',
    // The emulator does not check SigV4, but the SDK signs every request.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await seedDemoContent({ outputs: typed, cognito });
  } finally {
    cognito.destroy();
  }
}
