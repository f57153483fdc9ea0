import type { Metadata } from 'next';
import { safeNextPath } from '@/lib/safe-next';
import { SignInPanel } from './sign-in-panel';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <div className="auth-page">
      <h1>Sign in to write</h1>
      <p className="auth-lede">Reading needs no account. Writers sign in here to draft and publish.</p>
      <SignInPanel next={safeNextPath(next)} />
    </div>
  );
}
