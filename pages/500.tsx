import Head from 'next/head';
import { PageUnavailable, UNAVAILABLE_TITLE } from '@/app/(site)/_components/page-unavailable';
import { SiteShell } from '@/components/site-shell';

/**
 * The page `next start` answers, with status 500, when a visitor page cannot be rendered on the
 * server: typically the data API is down while a page that is not cached yet (an archive cursor,
 * a post, a tag or author page asked for the first time) is generated on demand.
 *
 * Why a Pages Router file in an App Router site: Next.js 15.5 renders App Router pages generated on
 * demand (ISR) as prerenders, and a prerender that throws never reaches app/(site)/error.tsx nor
 * app/global-error.tsx; the error goes up to the server, which answers with `pages/500` if the
 * project has one and otherwise with its built-in "500: Internal Server Error" page (base-server's
 * renderErrorToResponse; the App Router has no 500 file in 15.5). The answer is the static HTML
 * built from this file, sent with status 500 and `Cache-Control: private, no-cache, no-store`, and
 * nothing is written to the ISR cache, so the next request renders the page again. Catching the
 * error in the pages instead would have answered 200 and cached the error page for everyone.
 *
 * Built once at build time (no data: it must render while the API is down), so it carries no
 * request-specific content; "Try again" is a link to the current address.
 */
// No JavaScript: links and the stylesheet are all it needs, so it loads none of the Pages Router's
// ~110 kB runtime (the theme toggle stays disabled; the stored theme still applies, see _document).
// `runtime` is the default; Next's generated type check of page configs knows only that key.
export const config = { runtime: 'nodejs', unstable_runtimeJS: false };

export default function ServerErrorPage() {
  return (
    <>
      <Head>
        <title>{`${UNAVAILABLE_TITLE} · Folio`}</title>
        <meta name="robots" content="noindex" />
      </Head>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SiteShell>
        {/* An empty href is the current address, query included: a reload, with or without JavaScript. */}
        <PageUnavailable retry={<a href="">Try again</a>} />
      </SiteShell>
    </>
  );
}
