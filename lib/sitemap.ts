import type { MetadataRoute } from 'next';

/**
 * The sitemap as search engines take it: an index at /sitemap.xml naming files of at most
 * 50,000 addresses each (the sitemaps.org limit, which Google and Bing apply), served by
 * app/sitemap.ts (`generateSitemaps`) at /sitemap/<n>.xml.
 */
export const URLS_PER_SITEMAP = 50_000;

export interface SitemapSources {
  /** Newest first, as the public index lists them. */
  posts: readonly { slug: string; publishedAt: string; tags: readonly string[] }[];
  authors: readonly { handle: string }[];
}

/** Every public address: home, then each post, tag and author page. */
export function sitemapEntries(siteUrl: string, { posts, authors }: SitemapSources): MetadataRoute.Sitemap {
  const tags = [...new Set(posts.flatMap((post) => post.tags))].sort();
  return [
    { url: `${siteUrl}/`, lastModified: posts[0]?.publishedAt, changeFrequency: 'daily', priority: 1 },
    ...posts.map((post) => ({ url: `${siteUrl}/posts/${post.slug}`, lastModified: post.publishedAt, changeFrequency: 'monthly' as const, priority: 0.8 })),
    ...tags.map((tag) => ({ url: `${siteUrl}/tags/${tag}`, changeFrequency: 'weekly' as const, priority: 0.4 })),
    ...authors.map((author) => ({ url: `${siteUrl}/authors/${author.handle}`, changeFrequency: 'weekly' as const, priority: 0.5 })),
  ];
}

/** How many files the entries take (one, even when empty: the index always names a file). */
export function sitemapFileCount(entryCount: number): number {
  return Math.max(1, Math.ceil(entryCount / URLS_PER_SITEMAP));
}

/** File `id`'s share of the entries; null for an id that is not a file of this sitemap. */
export function sitemapFile(entries: MetadataRoute.Sitemap, id: string | number): MetadataRoute.Sitemap | null {
  const index = Number(id);
  if (!Number.isInteger(index) || index < 0 || index >= sitemapFileCount(entries.length) || String(id) !== String(index)) return null;
  return entries.slice(index * URLS_PER_SITEMAP, (index + 1) * URLS_PER_SITEMAP);
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[char]};`);

/** The newest date among a file's entries, for its `lastmod` in the index. */
function newest(entries: MetadataRoute.Sitemap): string | undefined {
  let latest: string | undefined;
  for (const entry of entries) {
    const modified = entry.lastModified === undefined ? undefined : new Date(entry.lastModified).toISOString();
    if (modified && (!latest || modified > latest)) latest = modified;
  }
  return latest;
}

/** The sitemap index document naming every file of the entries. */
export function sitemapIndexXml(siteUrl: string, entries: MetadataRoute.Sitemap): string {
  const files = Array.from({ length: sitemapFileCount(entries.length) }, (_, id) => {
    const lastModified = newest(sitemapFile(entries, id) ?? []);
    return `<sitemap><loc>${escapeXml(`${siteUrl}/sitemap/${id}.xml`)}</loc>${lastModified ? `<lastmod>${lastModified}</lastmod>` : ''}</sitemap>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${files.join('\n')}\n</sitemapindex>\n`;
}
