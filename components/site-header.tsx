import Link from 'next/link';
import { ThemeToggle } from '@/components/theme-toggle';

/** The visitor header, shared by the public pages and sign-in so signing in still feels like the site. */
export function SiteHeader() {
  return (
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
  );
}
