import Link from 'next/link';
import { SiteMenu } from '@/components/site-menu';
import { ThemeToggle } from '@/components/theme-toggle';

/** Where the header leads; the wide header lists them, narrow screens put them behind "Menu". */
export const SITE_LINKS = [
  { href: '/search', label: 'Search' },
  { href: '/about', label: 'About' },
  { href: '/feed', label: 'Subscribe' },
  { href: '/studio', label: 'Studio' },
] as const;

/** The visitor header, shared by the public pages and sign-in so signing in still feels like the site. */
export function SiteHeader() {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="7" />
            <path d="M11 8h11v3.2h-7.4v3.6h6.6V18h-6.6v6H11z" />
          </svg>
          Folio
        </Link>
        <nav aria-label="Site" className="site-nav">
          <ul className="site-links">
            {SITE_LINKS.map((link) => (
              <li key={link.href}>
                <Link href={link.href}>{link.label}</Link>
              </li>
            ))}
          </ul>
          <ThemeToggle />
          <SiteMenu links={SITE_LINKS} />
        </nav>
      </div>
    </header>
  );
}
