/**
 * Folio's seed for the offline backend: `amplify-offline start --seed amplify/seed/local-seed.ts`
 * (scripts/offline-backend.js passes it unless FOLIO_SEED=0) calls this on every start, with the
 * user pool's admin client; the demo seed only adds what is missing.
 */
import type { SeedContext } from 'amplify-offline';
import type { AmplifyOutputs } from '../../lib/amplify-config';
import { seedDemoContent } from './demo-seed';

export default async function seedLocalBackend({ outputs, userPoolAdmin, log }: SeedContext): Promise<void> {
  await seedDemoContent({ outputs: outputs as AmplifyOutputs, cognito: userPoolAdmin, log });
}
