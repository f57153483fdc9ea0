import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { fetchMFAPreference, setUpTOTP, signOut, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { CookieStorage } from 'aws-amplify/utils';
import { SESSION_COOKIE_DAYS, SESSION_COOKIE_SAME_SITE } from './session-cookies';

/**
 * The browser's side of auth, for client components: the one place (with the Authenticator)
 * that runs aws-amplify in the browser. Server code uses lib/session.ts instead.
 */

/**
 * Configures Amplify once per page load, with `ssr: true` so tokens live in cookies the server can
 * verify: Auth on every signed-in page, Storage too where the page uploads (the studio). Skipped
 * while the server renders the client component: the server's Amplify singleton is shared by every
 * request (server code uses the adapter's per-request context instead), and reading its config
 * unconfigured only logs "Amplify has not been configured".
 */
export function configureBrowserAmplify(config: Pick<ResourcesConfig, 'Auth' | 'Storage' | 'API'>): void {
  if (typeof window === 'undefined') return;
  const current = Amplify.getConfig();
  const wanted = (config.Auth?.Cognito as { userPoolId?: string } | undefined)?.userPoolId;
  // Configuring replaces the whole configuration, so a page that adds Storage or the API configures again.
  if (
    current.Auth?.Cognito?.userPoolId === wanted &&
    (!config.Storage || current.Storage?.S3?.bucket === config.Storage.S3?.bucket) &&
    (!config.API || current.API?.GraphQL?.endpoint === config.API.GraphQL?.endpoint)
  )
    return;
  Amplify.configure(config, { ssr: true });
  // The same cookie jar `ssr: true` sets up, with the session's lifetime instead of a year.
  cognitoUserPoolsTokenProvider.setKeyValueStorage(new CookieStorage({ sameSite: SESSION_COOKIE_SAME_SITE, expires: SESSION_COOKIE_DAYS }));
}

/** Signs out on this device (clears the session cookies). */
export async function signOutHere(): Promise<void> {
  await signOut();
}

/** Whether two-step sign-in with an authenticator app is on for the signed-in user. */
export async function twoStepIsOn(): Promise<boolean> {
  const preference = await fetchMFAPreference();
  return preference.enabled?.includes('TOTP') ?? false;
}

/** Starts authenticator-app setup: the shared secret and the otpauth:// URI for a QR code. */
export async function beginTwoStepSetup(issuer: string, account: string): Promise<{ secret: string; uri: string }> {
  const details = await setUpTOTP();
  return { secret: details.sharedSecret, uri: details.getSetupUri(issuer, account).toString() };
}

/** Verifies the first code from the app, then makes TOTP the preferred second step. */
export async function confirmTwoStepSetup(code: string): Promise<void> {
  await verifyTOTPSetup({ code });
  await updateMFAPreference({ totp: 'PREFERRED' });
}

export async function turnOffTwoStep(): Promise<void> {
  await updateMFAPreference({ totp: 'DISABLED' });
}
