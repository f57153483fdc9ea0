import type { MetadataRoute } from 'next';
import { readDeployment } from '@/lib/deployment';

export default function robots(): MetadataRoute.Robots {
  const deployment = readDeployment();
  if (!deployment.indexable) return { rules: { userAgent: '*', disallow: '/' } };
  return {
    // `/search?` and not `/search`: the search page may be listed, its results pages may not.
    rules: { userAgent: '*', allow: '/', disallow: ['/studio', '/sign-in', '/search?'] },
    sitemap: `${deployment.siteUrl}/sitemap.xml`,
    host: deployment.siteUrl,
  };
}
