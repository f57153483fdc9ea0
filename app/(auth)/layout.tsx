import type { ReactNode } from 'react';
import { ConfigureAmplify } from '@/components/configure-amplify';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { amplifyConfig } from '@/lib/amplify-outputs';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ConfigureAmplify auth={amplifyConfig().Auth} />
      <SiteHeader />
      <main id="main" className="container">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
