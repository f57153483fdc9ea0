import { fetchAuthSession } from 'aws-amplify/auth/server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { runWithAmplifyServerContext } from './amplify-server';

export interface Author {
  userId: string;
  email: string;
  name: string;
  groups: string[];
  isAdmin: boolean;
}

/**
 * The signed-in author, from tokens the adapter has verified (signature, issuer, client,
 * expiry) and refreshed when needed; null when signed out or the cookies do not verify.
 */
export async function currentAuthor(): Promise<Author | null> {
  return runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: async (context) => {
      try {
        const { tokens } = await fetchAuthSession(context);
        const claims = tokens?.idToken?.payload;
        if (!claims || !tokens?.accessToken) return null;
        const email = String(claims.email ?? '');
        const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
        return {
          userId: String(claims.sub),
          email,
          name: String(claims.name ?? '') || email.split('@')[0] || 'Author',
          groups,
          isAdmin: groups.includes('ADMINS'),
        };
      } catch {
        return null;
      }
    },
  });
}

/** The page-level check behind the middleware: signed-out callers go to sign-in and come back. */
export async function requireAuthor(returnTo: string): Promise<Author> {
  const author = await currentAuthor();
  if (!author) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return author;
}
