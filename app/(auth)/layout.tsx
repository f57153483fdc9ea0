import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConfigureAmplify } from '@/components/configure-amplify';
import { amplifyConfig } from '@/lib/amplify-outputs';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ConfigureAmplify auth={amplifyConfig.Auth} />
      <header className="site-header">
        <div className="container">
          <Link href="/" className="brand">
            Folio
          </Link>
        </div>
      </header>
      <main id="main" className="container">
        {children}
      </main>
    </>
  );
}
