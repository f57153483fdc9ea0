import { readDeployment } from '@/lib/deployment';
import { listAllSummaries, listPublishedAuthors } from '@/lib/public-posts';
import { sitemapEntries, sitemapIndexXml } from '@/lib/sitemap';

// The sitemap index (robots.txt names it): Next.js writes the files for generateSitemaps
// (app/sitemap.ts) but no index naming them.
export const revalidate = 300;

export async function GET(): Promise<Response> {
  const { siteUrl } = readDeployment();
  const [posts, authors] = await Promise.all([listAllSummaries(), listPublishedAuthors()]);
  return new Response(sitemapIndexXml(siteUrl, sitemapEntries(siteUrl, { posts, authors })), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
}
