import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <span>Folio — stories from its writers</span>
        <Link href="/feed.xml">RSS feed</Link>
      </div>
    </footer>
  );
}
