import type { ReactNode } from 'react';
import { ConfigureAmplify } from '@/components/configure-amplify';
import { SiteShell } from '@/components/site-shell';
import { amplifyConfig } from '@/lib/amplify-outputs';

// In sign-in/, not at the root of (auth), for the reason given in app/(studio)/studio/layout.tsx:
// a top-level layout's client modules would leak Amplify's auth chunks into visitor pages.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ConfigureAmplify config={{ Auth: amplifyConfig().Auth }} />
      <SiteShell>{children}</SiteShell>
    </>
  );
}
