import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DeploymentBanner } from '@/components/deployment-banner';
import { readDeployment } from '@/lib/deployment';
import { readingFont, readingItalic } from '@/lib/fonts';
import { themeScript } from '@/lib/theme-script';
import './globals.css';
import './markdown.css';
import './code-tokens.css';
import './print.css';

export function generateMetadata(): Metadata {
  const deployment = readDeployment();
  return {
    metadataBase: new URL(deployment.siteUrl),
    title: { default: 'Folio', template: '%s · Folio' },
    description: 'Stories and notes from the writers of Folio.',
    // Previews, branch deployments and local runs must never reach a search index.
    robots: deployment.indexable ? undefined : { index: false, follow: false },
  };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className={`${readingFont.variable} ${readingItalic.variable}`} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
        {/* Feed autodiscovery on every page: readers' feed apps find the feed from any address. */}
        <link rel="alternate" type="application/rss+xml" title="Folio" href="/feed.xml" />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <DeploymentBanner deployment={readDeployment()} />
        {children}
      </body>
    </html>
  );
}
