/** Runs once when the Next.js server starts. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { amplifyOutputs } = await import('./lib/amplify-outputs');
  const { routeJwksToLocalUserPool } = await import('./lib/local-jwks');
  routeJwksToLocalUserPool(amplifyOutputs());
}
