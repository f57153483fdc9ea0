import Link from 'next/link';
import type { ReactNode } from 'react';
import { ThemeToggle } from '@/components/theme-toggle';

export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="site-header">
        <div className="container">
          <Link href="/" className="brand">
            Folio
          </Link>
          <nav aria-label="Site">
            <Link href="/about">About</Link>
            <Link href="/search">Search</Link>
            <Link href="/feed.xml">RSS</Link>
            <Link href="/studio">Studio</Link>
            <ThemeToggle />
          </nav>
        </div>
      </header>
      <main id="main" className="container">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <span>Folio — stories from its writers</span>
          <Link href="/feed.xml">RSS feed</Link>
        </div>
      </footer>
    </>
  );
}
