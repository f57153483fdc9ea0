import type { MetadataRoute } from 'next';
import { readDeployment } from '@/lib/deployment';
import { listAllSummaries, listPublishedAuthors } from '@/lib/public-posts';

export const revalidate = 300;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const { siteUrl } = readDeployment();
  const posts = await listAllSummaries();
  const tags = [...new Set(posts.flatMap((post) => post.tags))].sort();
  const authors = await listPublishedAuthors();
  const newest = posts[0]?.publishedAt;
  return [
    { url: `${siteUrl}/`, lastModified: newest, changeFrequency: 'daily', priority: 1 },
    ...posts.map((post) => ({ url: `${siteUrl}/posts/${post.slug}`, lastModified: post.publishedAt, changeFrequency: 'monthly' as const, priority: 0.8 })),
    ...tags.map((tag) => ({ url: `${siteUrl}/tags/${tag}`, changeFrequency: 'weekly' as const, priority: 0.4 })),
    ...authors.map((author) => ({ url: `${siteUrl}/authors/${author.handle}`, changeFrequency: 'weekly' as const, priority: 0.5 })),
  ];
}
