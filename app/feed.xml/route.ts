import { Feed } from 'feed';
import { readDeployment } from '@/lib/deployment';
import { renderMarkdown } from '@/lib/markdown';
import { listFeedPosts } from '@/lib/public-posts';

// Cached like a page and revalidated by the `feed` tag when a post changes.
export const revalidate = 300;
export const dynamic = 'force-static';

/** RSS 2.0 of the newest posts, with absolute URLs and the sanitized HTML of each post. */
export async function GET(): Promise<Response> {
  const { siteUrl } = readDeployment();
  const posts = await listFeedPosts(20);
  const feed = new Feed({
    title: 'Folio',
    description: 'Stories and notes from the writers of Folio.',
    id: `${siteUrl}/`,
    link: `${siteUrl}/`,
    language: 'en',
    copyright: `All rights reserved by their authors`,
    updated: posts[0] ? new Date(posts[0].publishedAt) : new Date(0),
    feedLinks: { rss: `${siteUrl}/feed.xml` },
    generator: 'Folio',
  });
  for (const post of posts) {
    const { html } = await renderMarkdown(post.body);
    const url = `${siteUrl}/posts/${post.slug}`;
    feed.addItem({
      title: post.title,
      id: url,
      link: url,
      description: post.excerpt,
      // Relative links inside a feed have no base; make them absolute to the site.
      content: html.replace(/(href|src)="\/(?!\/)/g, `$1="${siteUrl}/`),
      author: [{ name: post.authorName, link: `${siteUrl}/authors/${post.authorHandle}` }],
      date: new Date(post.publishedAt),
      category: post.tags.map((tag) => ({ name: tag, domain: `${siteUrl}/tags/${tag}` })),
    });
  }
  return new Response(feed.rss2(), {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8', 'Cache-Control': 'public, max-age=0, s-maxage=300, stale-while-revalidate=3600' },
  });
}
