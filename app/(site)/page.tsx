import type { Metadata } from 'next';
import { listPublishedPosts } from '@/lib/public-posts';
import Link from 'next/link';
import { PostListing } from './_components/post-listing';

// Statically rendered and cached; publishing revalidates it by tag (lib/cache-tags.ts).
export const revalidate = 60;

export const metadata: Metadata = {
  alternates: { canonical: '/' },
  openGraph: { type: 'website', title: 'Folio', description: 'Stories and notes from the writers of Folio.', url: '/' },
};

export default async function HomePage() {
  const page = await listPublishedPosts({});
  return (
    <div className="wide-block">
      <h1 className="page-title">Latest stories</h1>
      <PostListing
        page={page}
        basePath="/"
        featureFirst
        empty={
          <>
            <h2>Nothing has been published yet</h2>
            <p>The first stories are being written. Subscribe to the feed and it will bring them to you when they are out.</p>
            <p className="empty-actions">
              <Link href="/feed">Subscribe</Link>
              <Link href="/about">About Folio</Link>
            </p>
          </>
        }
      />
    </div>
  );
}
