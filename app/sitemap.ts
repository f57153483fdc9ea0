import type { MetadataRoute } from 'next';
import { notFound } from 'next/navigation';
import { readDeployment } from '@/lib/deployment';
import { listAllSummaries, listPublishedAuthors } from '@/lib/public-posts';
import { sitemapEntries, sitemapFile, sitemapFileCount } from '@/lib/sitemap';

// The files of the sitemap (/sitemap/<n>.xml); the index search engines are given is
// app/sitemap.xml/route.ts. Both are refreshed with the public index (cache tag "sitemap").
export const revalidate = 300;

async function entries(): Promise<MetadataRoute.Sitemap> {
  const [posts, authors] = await Promise.all([listAllSummaries(), listPublishedAuthors()]);
  return sitemapEntries(readDeployment().siteUrl, { posts, authors });
}

export async function generateSitemaps(): Promise<{ id: number }[]> {
  return Array.from({ length: sitemapFileCount((await entries()).length) }, (_, id) => ({ id }));
}

export default async function sitemap({ id }: { id: string | number }): Promise<MetadataRoute.Sitemap> {
  const file = sitemapFile(await entries(), id);
  if (!file) notFound();
  return file;
}
