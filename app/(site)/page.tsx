import type { Metadata } from 'next';
import { listPublishedPosts } from '@/lib/public-posts';
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
    <>
      <h1>Latest stories</h1>
      <PostListing page={page} basePath="/" empty="Nothing has been published yet." />
    </>
  );
}
