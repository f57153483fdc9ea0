import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { listPublishedPosts } from '@/lib/public-posts';
import { cursorFromSegments } from '../../../_components/page-cursor';
import { NoPostsHere } from '../../../_components/empty-states';
import { PostListing } from '../../../_components/post-listing';

export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Params = { params: Promise<{ direction: string; cursor: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { direction, cursor } = await params;
  return { title: 'Archive', alternates: { canonical: `/page/${direction}/${cursor}` } };
}

export default async function ArchivePage({ params }: Params) {
  const { direction, cursor } = await params;
  const range = cursorFromSegments([direction, cursor]);
  if (!range || (!range.before && !range.after)) notFound();
  const page = await listPublishedPosts(range);
  return (
    <div className="wide-block">
      <h1 className="page-title">Archive</h1>
      <PostListing page={page} basePath="/" empty={<NoPostsHere />} />
    </div>
  );
}
