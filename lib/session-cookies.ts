/**
 * How long the browser keeps the session cookies: as long as the refresh token they carry
 * (Cognito's 30 days for Gen 2's app client) rather than aws-amplify's default of 365 days, so a
 * closed browser does not keep dead tokens for a year. This is tidiness, not a control: whoever
 * copies cookies ignores their expiry, and the library re-sets them on every refresh; what ends a
 * session is the refresh token's validity, which Cognito enforces. SameSite=Lax: sent on top-level
 * navigations from other sites (a link to the studio in an e-mail) but not on their sub-requests
 * or form posts.
 *
 * What neither the browser library nor the Next.js adapter allows: HttpOnly. Sign-in happens in
 * the browser (the Authenticator's SRP exchange), so the browser's library must read and refresh
 * the tokens; only the adapter's server-side sign-in routes (for Cognito's managed login, which
 * Folio does not use) set them HttpOnly.
 */
export const SESSION_COOKIE_DAYS = 30;
export const SESSION_COOKIE_SAME_SITE = 'lax';
