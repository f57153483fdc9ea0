import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { listTaggedPosts } from '@/lib/public-posts';
import { SLUG_PATTERN } from '@/lib/slug';
import { cursorFromSegments } from '../../../_components/page-cursor';
import { NoPostsHere } from '../../../_components/empty-states';
import { PostListing } from '../../../_components/post-listing';

export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Params = { params: Promise<{ tag: string; page?: string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { tag } = await params;
  return {
    title: `Posts tagged “${tag}”`,
    description: `Stories on Folio tagged ${tag}.`,
    alternates: { canonical: `/tags/${tag}` },
    openGraph: { type: 'website', title: `Posts tagged “${tag}”`, url: `/tags/${tag}` },
  };
}

export default async function TagPage({ params }: Params) {
  const { tag, page: segments } = await params;
  const cursor = cursorFromSegments(segments);
  if (!SLUG_PATTERN.test(tag) || !cursor) notFound();
  const page = await listTaggedPosts(tag, cursor);
  if (page.items.length === 0 && !cursor.before && !cursor.after) notFound();
  return (
    <div className="wide-block">
      <h1 className="page-title">
        <span className="page-kicker">Tagged</span> <span className="tag-name">{tag}</span>
      </h1>
      <PostListing page={page} basePath={`/tags/${tag}`} empty={<NoPostsHere />} />
    </div>
  );
}
