import { Feed } from 'feed';
import type { PublicPost } from './posts';

/**
 * The RSS 2.0 document of the newest posts. The `feed` library wraps every text in CDATA but splits
 * only the first `]]>` in a value (a second one ends the section early and breaks the XML), so
 * each `]]>` in a post's rendered (sanitized) content is written `]]&gt;` first.
 */
const safe = (html: string) => html.replaceAll(']]>', ']]&gt;');

/**
 * Titles, excerpts and bylines are plain text, but feed readers show them as HTML: written as
 * they are, an excerpt of `<img src=x onerror=…>` would run in a reader. Escaped, they show as
 * typed (and `]]>` becomes `]]&gt;` on the way).
 */
const text = (plain: string) => plain.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** How many of the newest posts the feed carries (app/feed.xml and the list on /feed show the same). */
export const FEED_SIZE = 20;

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
      title: text(post.title),
      id: url,
      link: url,
      description: text(post.excerpt),
      // Relative links inside a feed have no base; make them absolute to the site.
      content: safe(html.replace(/(href|src)="\/(?!\/)/g, `$1="${siteUrl}/`)),
      author: [{ name: text(post.authorName), link: `${siteUrl}/authors/${post.authorHandle}` }],
      date: new Date(post.publishedAt),
      category: post.tags.map((tag) => ({ name: tag, domain: `${siteUrl}/tags/${tag}` })),
    });
  }
  return feed.rss2();
}
