import type { Metadata } from 'next';
import Link from 'next/link';
import { Avatar } from '@/components/avatar';
import { notFound } from 'next/navigation';
import { getAuthorPage } from '@/lib/public-posts';
import { SLUG_PATTERN } from '@/lib/slug';
import { cursorFromSegments } from '../../../_components/page-cursor';
import { NoPostsHere } from '../../../_components/empty-states';
import { PostListing } from '../../../_components/post-listing';

export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Params = { params: Promise<{ handle: string; page?: string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { handle } = await params;
  if (!SLUG_PATTERN.test(handle)) return { title: 'Not found' };
  const author = await getAuthorPage(handle, {});
  if (!author) return { title: 'Not found' };
  return {
    title: author.name,
    description: author.bio || `Stories by ${author.name} on Folio.`,
    alternates: { canonical: `/authors/${handle}` },
    openGraph: { type: 'profile', title: author.name, description: author.bio || undefined, url: `/authors/${handle}` },
  };
}

export default async function AuthorPage({ params }: Params) {
  const { handle, page: segments } = await params;
  const cursor = cursorFromSegments(segments);
  if (!SLUG_PATTERN.test(handle) || !cursor) notFound();
  const author = await getAuthorPage(handle, cursor);
  if (!author) notFound();
  return (
    <div className="wide-block">
      <header className="author-header">
        <Avatar url={author.avatar} name={author.name} size="large" />
        <div>
          <h1>{author.name}</h1>
          {author.bio ? <p className="author-bio">{author.bio}</p> : null}
        </div>
      </header>
      <h2 className="section-title">Stories</h2>
      <PostListing
        page={author.posts}
        basePath={`/authors/${handle}`}
        empty={
          cursor.before || cursor.after ? (
            <NoPostsHere />
          ) : (
            <>
              <h2>No published stories yet</h2>
              <p>{author.name} has not published anything here so far.</p>
              <p className="empty-actions">
                <Link href="/">Read the latest stories</Link>
              </p>
            </>
          )
        }
      />
    </div>
  );
}
