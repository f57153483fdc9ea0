/** Runs once when the Next.js server starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { amplifyOutputs } = await import('./lib/amplify-outputs');
  // Token checks stay real offline: adapter-nextjs's verifier fetches the user pool's keys from
  // the local pool when, and only when, the outputs name one (a no-op for outputs from AWS).
  const { routeJwksToLocalUserPool } = await import('amplify-offline/server');
  routeJwksToLocalUserPool(amplifyOutputs());
}
