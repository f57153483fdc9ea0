import Link from 'next/link';
import { PostSummary } from '@/components/post-summary';
import type { PublicPost } from '@/lib/posts';
import type { CursorPage } from '@/lib/public-posts';

/** A newest-first list of posts with Newer/Older links built from the page's cursors. */
export function PostListing({ page, basePath, empty }: { page: CursorPage<PublicPost>; basePath: string; empty: string }) {
  const prefix = basePath === '/' ? '/page' : basePath;
  return (
    <>
      {page.items.length === 0 ? (
        <p>{empty}</p>
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
        {page.newerCursor ? (
          <Link href={`${prefix}/newer/${encodeURIComponent(page.newerCursor)}`} rel="prev">
            ← Newer posts
          </Link>
        ) : (
          <span />
        )}
        {page.olderCursor ? (
          <Link href={`${prefix}/older/${encodeURIComponent(page.olderCursor)}`} rel="next">
            Older posts →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
