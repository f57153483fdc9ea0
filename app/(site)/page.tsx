import Link from 'next/link';
import { PostSummary } from '@/components/post-summary';
import { listPublishedPosts } from '@/lib/public-posts';

export const dynamic = 'force-dynamic';
const PAGE_SIZE = 10;

export default async function HomePage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const { after } = await searchParams;
  const page = await listPublishedPosts(PAGE_SIZE, after ?? null);
  return (
    <>
      <h1>Latest stories</h1>
      {page.items.length === 0 ? (
        <p>Nothing has been published yet.</p>
      ) : (
        <ul className="post-list">
          {page.items.map((post) => (
            <li key={post.slug}>
              <PostSummary post={post} />
            </li>
          ))}
        </ul>
      )}
      <nav className="pagination" aria-label="Pagination">
        {after ? <Link href="/">Newest</Link> : <span />}
        {page.nextToken ? (
          <Link href={`/?after=${encodeURIComponent(page.nextToken)}`} rel="next">
            Older stories
          </Link>
        ) : null}
      </nav>
    </>
  );
}
