import type { ReactNode } from 'react';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

/** The public frame, shared by visitor pages and sign-in: header, the main landmark, footer. */
export function SiteShell({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main id="main" className="container">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
