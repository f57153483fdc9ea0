import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConfigureAmplify } from '@/components/configure-amplify';
import { SignOutButton } from '@/components/sign-out-button';
import { ThemeToggle } from '@/components/theme-toggle';
import { storageOptions } from 'amplify-offline/client';
import { amplifyConfig, amplifyOutputs } from '@/lib/amplify-outputs';
import { canManagePeople, canWrite, ROLE_LABELS } from '@/lib/roles';
import { requireAuthor } from '@/lib/session';

export const dynamic = 'force-dynamic';

// This layout sits in studio/, not at the root of (studio): Next.js merges the client-module
// manifests of every layout at the top of any route group into one, so a layout here at the top
// level would make the theme toggle and next/link that visitor pages share with it resolve to the
// studio's chunks, and every visitor page would download the studio's Amplify JavaScript.

export default async function StudioLayout({ children }: { children: ReactNode }) {
  const author = await requireAuthor('/studio');
  return (
    <>
      <ConfigureAmplify
        config={{ Auth: amplifyConfig().Auth, Storage: amplifyConfig().Storage, API: amplifyConfig().API }}
        storageEndpoint={storageOptions(amplifyOutputs())}
      />
      <header className="site-header">
        <div className="container wide">
          <Link href="/studio" className="brand">
            Folio Studio
          </Link>
          <nav aria-label="Studio">
            <span className="meta">
              {author.name} · {ROLE_LABELS[author.role]}
            </span>
            {canWrite(author.role) ? <Link href="/studio/comments">Comments</Link> : null}
            {canManagePeople(author.role) ? <Link href="/studio/people">People</Link> : null}
            <Link href="/studio/profile">Profile</Link>
            <Link href="/">View site</Link>
            <ThemeToggle />
            <SignOutButton />
          </nav>
        </div>
      </header>
      <main id="main" className="container wide">
        {children}
      </main>
    </>
  );
}
