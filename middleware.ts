import { NextResponse, type NextRequest } from 'next/server';
import { requestHasSession } from '@/lib/session';

/**
 * First of three auth layers (then the page check, then the backend's rules): studio routes
 * need a verified Cognito session. The adapter verifies the cookie tokens and refreshes them;
 * refreshed cookies are written onto `response`, which is returned as is (aws-amplify/docs#7888).
 */
export async function middleware(request: NextRequest) {
  const response = NextResponse.next();
  if (await requestHasSession(request, response)) {
    // A response that may carry refreshed auth cookies must never sit in a shared cache (amplify-hosting#4100).
    response.headers.set('Cache-Control', 'private, no-store');
    return response;
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('next', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const redirect = NextResponse.redirect(signIn);
  redirect.headers.set('Cache-Control', 'private, no-store');
  // A session that did not verify may carry a clock-drift estimate that keeps the browser's
  // library believing it is signed in; without it the browser re-checks its tokens honestly.
  for (const cookie of request.cookies.getAll()) {
    if (cookie.name.startsWith('CognitoIdentityServiceProvider.') && cookie.name.endsWith('.clockDrift')) redirect.cookies.delete(cookie.name);
  }
  return redirect;
}

export const config = {
  // Narrow on purpose: a session lookup costs time on every navigation it runs for (amplify-js#14079).
  matcher: ['/studio', '/studio/:path*'],
  // Node runtime: the adapter's token verifier and the local JWKS route (instrumentation.ts) live there.
  runtime: 'nodejs',
};
