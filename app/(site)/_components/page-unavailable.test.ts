import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import * as serverErrorPage from '@/pages/500';
import { UNAVAILABLE_TITLE } from './page-unavailable';

// The page `next start` answers with status 500 when a visitor page fails to render on the server
// (docs/resilience.md). What the answer is (status, headers, not cached) is Next.js's and is
// checked by `npm run bench:resilience`; this checks the page is the site's and can always render.
describe('the server error page (pages/500.tsx)', () => {
  const html = renderToStaticMarkup(createElement(serverErrorPage.default));

  it("is the site's own page: its header, navigation and footer around the message", () => {
    expect(html).toContain('<header class="site-header"');
    expect(html).toMatch(/<nav aria-label="Site"[^>]*>.*href="\/search".*href="\/about"/);
    expect(html).toContain('<footer class="site-footer"');
    expect(html).toContain('<main id="main"');
    expect(html).toContain(`<h1>${UNAVAILABLE_TITLE}</h1>`);
    expect(html).toContain('could not be loaded right now');
  });

  it('offers a reload of the same address and a way home that works without JavaScript', () => {
    expect(html).toContain('<a href="">Try again</a>');
    expect(html).toContain('href="/"');
  });

  it('reads no data, so it renders while the data API is down (it is built once, at build time)', () => {
    const exported = Object.keys(serverErrorPage);
    for (const dataFunction of ['getInitialProps', 'getServerSideProps', 'getStaticProps']) expect(exported).not.toContain(dataFunction);
    expect(Object.keys(serverErrorPage.default)).not.toContain('getInitialProps');
  });
});
