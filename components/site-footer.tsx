import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <div className="site-footer-about">
          <Link href="/" className="brand">
            Folio
          </Link>
          <p>Stories and notes from the writers of Folio.</p>
        </div>
        <nav aria-label="Footer">
          <ul>
            <li>
              <Link href="/search">Search</Link>
            </li>
            <li>
              <Link href="/about">About</Link>
            </li>
            <li>
              <Link href="/feed">Subscribe</Link>
            </li>
            <li>
              <a href="/feed.xml">RSS feed</a>
            </li>
            <li>
              <a href="/sitemap.xml">Sitemap</a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
