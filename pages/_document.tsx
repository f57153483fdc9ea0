import { Head, Html, Main, NextScript } from 'next/document';
import { themeScript } from '@/lib/theme-script';

/** The document of pages/500.tsx: the same language and first-paint theme as app/layout.tsx. */
export default function FolioDocument() {
  return (
    <Html lang="en">
      <Head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </Head>
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
