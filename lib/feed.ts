import { Feed } from 'feed';
import type { PublicPost } from './posts';

/**
 * The RSS 2.0 document of the newest posts. The `feed` library wraps every text in CDATA but splits
 * only the first `]]>` in a value (a second one ends the section early and breaks the XML), so
 * each `]]>` is written `]]&gt;` first: the same HTML in a post's content, and what readers show
 * as `]]>` in titles, which they read as HTML too.
 */
const safe = (text: string) => text.replaceAll(']]>', ']]&gt;');

export async function buildRss(posts: PublicPost[], siteUrl: string, render: (markdown: string) => Promise<{ html: string }>): Promise<string> {
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
    const { html } = await render(post.body);
    const url = `${siteUrl}/posts/${post.slug}`;
    feed.addItem({
      title: safe(post.title),
      id: url,
      link: url,
      description: safe(post.excerpt),
      // Relative links inside a feed have no base; make them absolute to the site.
      content: safe(html.replace(/(href|src)="\/(?!\/)/g, `$1="${siteUrl}/`)),
      author: [{ name: safe(post.authorName), link: `${siteUrl}/authors/${post.authorHandle}` }],
      date: new Date(post.publishedAt),
      category: post.tags.map((tag) => ({ name: tag, domain: `${siteUrl}/tags/${tag}` })),
    });
  }
  return feed.rss2();
}
