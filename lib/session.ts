import 'server-only'; // Reads and refreshes the Cognito session from request cookies.
import type { AmplifyServer } from 'aws-amplify/adapter-core';
import { fetchAuthSession } from 'aws-amplify/auth/server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { NextRequest, NextResponse } from 'next/server';
import { runWithAmplifyServerContext } from './amplify-server';
import { canWrite, roleOf, type Role } from './roles';

/** Whether a token's `exp` is still ahead of this server's clock. */
function unexpired(payload: { exp?: unknown }): boolean {
  return typeof payload.exp === 'number' && payload.exp > Date.now() / 1000;
}

/**
 * Tokens the adapter verified (signature, issuer, client) and refreshed if needed; null otherwise.
 * Expiry is checked again here against the server's own clock: the adapter lets an expired token
 * through to be refreshed, and the client library decides "expired" with a clock drift it reads
 * from a cookie the browser controls, so a forged drift would otherwise keep an expired session.
 */
async function verifiedTokens(context: AmplifyServer.ContextSpec) {
  try {
    const { tokens } = await fetchAuthSession(context);
    if (!tokens?.idToken || !tokens.accessToken) return null;
    return unexpired(tokens.idToken.payload) && unexpired(tokens.accessToken.payload) ? tokens : null;
  } catch {
    return null;
  }
}

/**
 * The middleware's check of a studio request. Refreshed cookies are written onto `response`,
 * which the middleware must return as is (aws-amplify/docs#7888).
 */
export async function requestHasSession(request: NextRequest, response: NextResponse): Promise<boolean> {
  return runWithAmplifyServerContext({
    nextServerContext: { request, response },
    operation: async (context) => (await verifiedTokens(context)) !== null,
  });
}

export interface Author {
  userId: string;
  /** The Cognito username (in an e-mail sign-in pool, a UUID: the sub again). */
  username: string;
  email: string;
  name: string;
  groups: string[];
  /**
   * The role the ID token names (lib/roles.ts). It decides what the studio offers; the backend
   * looks the role up itself, so a role changed since the token was issued counts there at once.
   */
  role: Role;
}

/**
 * The signed-in author, from tokens the adapter has verified (signature, issuer, client,
 * expiry) and refreshed when needed; null when signed out or the cookies do not verify.
 */
export async function currentAuthor(): Promise<Author | null> {
  return runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: async (context) => {
      const claims = (await verifiedTokens(context))?.idToken?.payload;
      if (!claims) return null;
      const email = String(claims.email ?? '');
      const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
      return {
        userId: String(claims.sub),
        username: String(claims['cognito:username'] ?? claims.sub),
        email,
        name: String(claims.name ?? '') || email.split('@')[0] || 'Author',
        groups,
        role: roleOf(groups),
      };
    },
  });
}

/** The page-level check behind the middleware: signed-out callers go to sign-in and come back. */
export async function requireAuthor(returnTo: string): Promise<Author> {
  const author = await currentAuthor();
  if (!author) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return author;
}

/** A studio page only writers use: readers are sent to the studio's home, which tells them why. */
export async function requireWriter(returnTo: string): Promise<Author> {
  const author = await requireAuthor(returnTo);
  if (!canWrite(author.role)) redirect('/studio');
  return author;
}
