import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, studioPolicy } from '@/lib/csp';
import { requestHasSession } from '@/lib/session';

/**
 * First of three auth layers (then the page check, then the backend's rules): studio routes
 * need a verified Cognito session. The adapter verifies the cookie tokens and refreshes them;
 * refreshed cookies are written onto `response`, which is returned as is (aws-amplify/docs#7888).
 */
/**
 * Next.js takes server-action bodies up to 1 MB (its default `serverActions.bodySizeLimit`) and
 * answers a larger one with a bare 500. Any page's path takes an action POST (the action id is
 * in the Next-Action header), so every such request is checked here and a larger declared body
 * gets a 413 that says why. (A chunked body declares no length; Next's own limit still stops it.)
 */
const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export async function middleware(request: NextRequest) {
  if (request.headers.has('next-action')) {
    const declared = Number(request.headers.get('content-length') ?? 0);
    if (declared > ACTION_BODY_LIMIT_BYTES) {
      return new NextResponse(`The request is ${Math.ceil(declared / 1024)} KB; a save can take at most 1 MB.`, {
        status: 413,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    }
    // Actions outside the studio carry no session to check: the backend's rules decide.
    if (!/^\/studio(\/|$)/.test(request.nextUrl.pathname)) return NextResponse.next();
  }
  // Studio pages render per request, so their scripts can carry a nonce: Next.js reads it from
  // the policy on the request and tags its own scripts with it (lib/csp.ts).
  const policy = studioPolicy(newNonce());
  const forwarded = new Headers(request.headers);
  forwarded.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  if (await requestHasSession(request, response)) {
    // A response that may carry refreshed auth cookies must never sit in a shared cache (amplify-hosting#4100).
    response.headers.set('Cache-Control', 'private, no-store');
    response.headers.set('Content-Security-Policy', policy);
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
  // Elsewhere only server-action POSTs, for their size; visitor pages never run it.
  matcher: ['/studio', '/studio/:path*', { source: '/((?!studio/|studio$).*)', has: [{ type: 'header', key: 'next-action' }] }],
  // Node runtime: the adapter's token verifier and the local JWKS route (instrumentation.ts) live there.
  runtime: 'nodejs',
};
