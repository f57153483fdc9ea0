import Link from 'next/link';
import type { ReactNode } from 'react';

export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <div className="container">
          <Link href="/" className="brand">
            Folio
          </Link>
          <nav aria-label="Site">
            <Link href="/studio">Studio</Link>
          </nav>
        </div>
      </header>
      <main id="main" className="container">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <span>Folio</span>
        </div>
      </footer>
    </>
  );
}
