/**
 * How long the session cookies last: as long as the refresh token they carry (Cognito's 30 days
 * for Gen 2's app client), not aws-amplify's default of 365 days, so a copied cookie jar stops
 * working when the session would anyway. SameSite=Lax: sent on top-level navigations from other
 * sites (a link to the studio in an e-mail) but not on their sub-requests or form posts.
 *
 * What neither the browser library nor the Next.js adapter allows: HttpOnly. Sign-in happens in
 * the browser (the Authenticator's SRP exchange), so the browser's library must read and refresh
 * the tokens; only the adapter's server-side sign-in routes (for Cognito's managed login, which
 * Folio does not use) set them HttpOnly.
 */
export const SESSION_COOKIE_DAYS = 30;
export const SESSION_COOKIE_SAME_SITE = 'lax';
