import { readDeployment } from '@/lib/deployment';
import { buildRss, FEED_SIZE } from '@/lib/feed';
import { renderMarkdown } from '@/lib/markdown';
import { listFeedPosts } from '@/lib/public-posts';

// Cached like a page and revalidated by the `feed` tag when a post changes.
export const revalidate = 300;
export const dynamic = 'force-static';

/** RSS 2.0 of the newest posts, with absolute URLs and the sanitized HTML of each post (lib/feed.ts). */
export async function GET(): Promise<Response> {
  const { siteUrl } = readDeployment();
  const rss = await buildRss(await listFeedPosts(FEED_SIZE), siteUrl, renderMarkdown);
  return new Response(rss, {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': 'public, max-age=0, s-maxage=300, stale-while-revalidate=3600' },
  });
}
