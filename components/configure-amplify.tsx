'use client';

import type { ResourcesConfig } from 'aws-amplify';
import { configureBrowserAuth } from '@/lib/auth-client';

/**
 * Configures the browser's Amplify Auth during render, before any child calls it. Only the auth
 * and studio layouts render it: visitor pages ship no Amplify code.
 */
export function ConfigureAmplify({ auth }: { auth: ResourcesConfig['Auth'] }) {
  configureBrowserAuth(auth);
  return null;
}
