'use client';

import { Amplify, type ResourcesConfig } from 'aws-amplify';

/**
 * Configures the browser's Amplify Auth once, with `ssr: true` so tokens live in cookies the
 * server can verify. Only the auth and studio layouts render it: visitor pages ship no Amplify code.
 */
export function ConfigureAmplify({ auth }: { auth: ResourcesConfig['Auth'] }) {
  if (Amplify.getConfig().Auth?.Cognito?.userPoolId !== (auth?.Cognito as { userPoolId?: string } | undefined)?.userPoolId) {
    Amplify.configure({ Auth: auth }, { ssr: true });
  }
  return null;
}
