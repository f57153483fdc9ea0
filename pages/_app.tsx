import type { AppProps } from 'next/app';
import '../app/globals.css';

/**
 * Folio is an App Router site; this folder holds only pages/500.tsx (see there for why). The Pages
 * Router takes global CSS from its App alone, so the site's stylesheet is imported here for that page.
 */
export default function FolioPagesApp({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
