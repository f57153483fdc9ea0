import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = {
  title: 'About',
  description: 'What Folio is and who writes here.',
  alternates: { canonical: '/about' },
};

/** A fully static page (prerendered at build). */
export default function AboutPage() {
  return (
    <>
      <h1>About Folio</h1>
      <p>Folio is a home for long-form writing: essays, notes and stories from its authors, published without noise and readable anywhere.</p>
      <p>
        Follow new posts through <Link href="/feed">the feed</Link>, browse by tag from any post, or <Link href="/search">search the archive</Link>.
      </p>
    </>
  );
}
