import { sitemapEntries, sitemapFile, sitemapFileCount, sitemapIndexXml, URLS_PER_SITEMAP } from './sitemap';

const SITE = 'https://blog.example.test';

/** `count` live posts, newest first, one day apart, spread over 40 tags and 25 authors. */
function synthetic(count: number) {
  const start = Date.parse('2026-11-26T00:00:00.000Z');
  const posts = Array.from({ length: count }, (_, n) => ({
    slug: `post-${n}`,
    publishedAt: new Date(start - n * 86_400_000).toISOString(),
    tags: [`tag-${n % 40}`],
  }));
  const authors = Array.from({ length: 25 }, (_, n) => ({ handle: `author-${n}` }));
  return { posts, authors };
}

describe('the sitemap at 60,000 addresses', () => {
  const entries = sitemapEntries(SITE, synthetic(59_934));
  // 1 home + 59,934 posts + 40 tags + 25 authors.
  const total = 60_000;

  it('splits into files of at most 50,000 addresses that together list each address once', () => {
    expect(entries).toHaveLength(total);
    expect(sitemapFileCount(entries.length)).toBe(2);
    const files = [sitemapFile(entries, 0), sitemapFile(entries, '1')];
    expect(files.map((file) => file?.length)).toEqual([URLS_PER_SITEMAP, total - URLS_PER_SITEMAP]);
    const urls = files.flatMap((file) => (file ?? []).map((entry) => entry.url));
    expect(new Set(urls).size).toBe(total);
    expect(urls).toEqual(entries.map((entry) => entry.url));
  });

  it('has an index naming both files, each with the date of its newest entry', () => {
    const xml = sitemapIndexXml(SITE, entries);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
    const files = [...xml.matchAll(/<sitemap><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/sitemap>/g)].map((match) => [match[1], match[2]]);
    expect(files).toEqual([
      [`${SITE}/sitemap/0.xml`, '2026-11-26T00:00:00.000Z'],
      // The second file starts at post 49,999 (after the home page): its newest entry.
      [`${SITE}/sitemap/1.xml`, new Date(Date.parse('2026-11-26T00:00:00.000Z') - 49_999 * 86_400_000).toISOString()],
    ]);
  });

  it('answers no file for an id outside the sitemap or not a plain number', () => {
    for (const id of [2, -1, 0.5, '01', '1e0', ' 1', 'x', '']) expect(sitemapFile(entries, id)).toBeNull();
  });
});

describe('a small sitemap', () => {
  it('is one file with home, posts, each tag once, and authors; an empty site still has its home page', () => {
    const entries = sitemapEntries(SITE, {
      posts: [
        { slug: 'b', publishedAt: '2026-11-02T00:00:00.000Z', tags: ['garden', 'winter'] },
        { slug: 'a', publishedAt: '2026-11-01T00:00:00.000Z', tags: ['garden'] },
      ],
      authors: [{ handle: 'ann' }],
    });
    expect(entries.map((entry) => entry.url.slice(SITE.length))).toEqual(['/', '/posts/b', '/posts/a', '/tags/garden', '/tags/winter', '/authors/ann']);
    expect(entries[0]?.lastModified).toBe('2026-11-02T00:00:00.000Z');
    expect(sitemapFileCount(entries.length)).toBe(1);
    const empty = sitemapEntries(SITE, { posts: [], authors: [] });
    expect(sitemapIndexXml(SITE, empty)).toContain(`<sitemap><loc>${SITE}/sitemap/0.xml</loc></sitemap>`);
  });

  it('escapes what XML would misread in an address', () => {
    expect(sitemapIndexXml('https://example.test/a&b', [])).toContain('<loc>https://example.test/a&amp;b/sitemap/0.xml</loc>');
  });
});
