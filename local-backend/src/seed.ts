import type { AmplifyOutputs } from '../../lib/amplify-config';
import { seedDemoContent, userPoolAdminClient } from '../../amplify/seed/demo-seed';

/** Seeds the offline backend with the same module preview deployments use. */
export async function seedLocalBackend({ outputs }: { outputs: Record<string, unknown>; dataDir: string }): Promise<void> {
  const typed = outputs as AmplifyOutputs;
  if (!typed.custom?.local?.user_pool_endpoint) throw new Error('The local outputs name no user-pool endpoint.');
  const cognito = userPoolAdminClient(typed);
  try {
    await seedDemoContent({ outputs: typed, cognito });
  } finally {
    cognito.destroy();
  }
}
