import Link from 'next/link';
import type { ReactNode } from 'react';
import { PostSummary } from '@/components/post-summary';
import type { PublicPost } from '@/lib/posts';
import { toListedPosts, type CursorPage } from '@/lib/public-posts';

/**
 * A newest-first grid of post cards with Newer/Older links built from the page's cursors. With
 * `featureFirst` (the home page's first page) the newest post spans the grid.
 */
export async function PostListing({
  page,
  basePath,
  empty,
  featureFirst = false,
}: {
  page: CursorPage<PublicPost>;
  basePath: string;
  /** What an empty listing shows instead: a designed message with somewhere to go. */
  empty: ReactNode;
  featureFirst?: boolean;
}) {
  const prefix = basePath === '/' ? '/page' : basePath;
  const posts = await toListedPosts(page.items);
  return (
    <>
      {posts.length === 0 ? (
        <div className="empty-state">{empty}</div>
      ) : (
        <ul className="post-list post-grid">
          {posts.map((post, i) => (
            <li key={post.slug} className={featureFirst && i === 0 ? 'featured' : undefined}>
              <PostSummary post={post} featured={featureFirst && i === 0} readingMinutes={post.readingMinutes} authorAvatar={post.authorAvatar} />
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
