import 'server-only'; // Runs once in the Node.js server (instrumentation.ts), never in a bundle for browsers.
import { routeJwksToLocalUserPool, trustLocalCertificates } from 'amplify-offline/server';
import { amplifyOutputs } from './amplify-outputs';

/** What the Node.js server sets up before its first request. */
export function onServerStart(): void {
  // Token checks stay real offline: adapter-nextjs's verifier fetches the user pool's keys from
  // the local pool when, and only when, the outputs name one (a no-op for outputs from AWS).
  routeJwksToLocalUserPool(amplifyOutputs());
  // The local storage endpoint speaks HTTPS with a certificate from a per-user CA: this process
  // trusts that CA as well as the usual ones (again a no-op for outputs from AWS).
  trustLocalCertificates(amplifyOutputs());
}
