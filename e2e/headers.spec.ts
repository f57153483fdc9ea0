import { expect, test, type Page } from '@playwright/test';
import { openStudio } from './helpers';

// The response headers every page must carry (next.config.ts, middleware.ts, lib/csp.ts), and what
// the script policies do in Chromium when something gets into a page that should not.

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | undefined): Map<string, string[]> {
  expect(header, 'Content-Security-Policy header').toBeTruthy();
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

function expectFixedDirectives(policy: Map<string, string[]>) {
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'self'"]);
  expect(policy.get('form-action')).toEqual(["'self'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('script-src')).not.toContain("'unsafe-eval'");
}

/** Collects the CSP violations the page reports, as `directive blocked-uri`. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('reportViolation', (entry: string) => seen.push(entry));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation: (entry: string) => void }).reportViolation(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return seen;
}

/** Serves the page's HTML with `markup` added after <body>, as if it had escaped sanitizing. */
async function injectIntoHtml(page: Page, path: string, markup: string) {
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<body([^>]*)>/, `<body$1>${markup}`);
      await route.fulfill({ response, body: html });
    },
  );
}

test('[red-team headers] visitor pages: transport, framing, sniffing and a script policy without eval', async ({ page, request }) => {
  await page.goto('/');
  const post = await page.locator('main a[href^="/posts/"]').first().getAttribute('href');
  const tag = await page.locator('a[href^="/tags/"]').first().getAttribute('href');
  for (const path of ['/', post ?? '/posts', tag ?? '/tags', '/search?q=garden', '/about', '/sign-in', '/no-such-page', '/feed.xml']) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['strict-transport-security'], path).toBe('max-age=63072000; includeSubDomains');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['x-frame-options'], path).toBe('DENY');
    const policy = directives(headers['content-security-policy']);
    expectFixedDirectives(policy);
    // Cached for everyone, so no nonce: scripts from this origin and inline ones (lib/csp.ts).
    expect(policy.get('script-src'), path).toEqual(["'self'", "'unsafe-inline'"]);
  }
});

test('[red-team headers] a visitor page refuses a script from another host', async ({ page }) => {
  const violations = await watchViolations(page);
  await injectIntoHtml(page, '/about', '<script src="http://127.0.0.1:9/injected.js"></script>');
  await page.goto('/about');
  await expect.poll(() => violations).toContainEqual(expect.stringMatching(/^script-src(-elem)? http:\/\/127\.0\.0\.1:9\/injected\.js$/));
});

test('[red-team headers] studio pages: a fresh nonce per response, on every script Next.js writes', async ({ page }) => {
  const violations = await watchViolations(page);
  await openStudio(page, '/studio');
  const policies: string[] = [];
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const response = await page.reload();
    const header = response?.headers()['content-security-policy'];
    const policy = directives(header);
    expectFixedDirectives(policy);
    const scriptSrc = policy.get('script-src') ?? [];
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(scriptSrc.find((value) => value.startsWith("'nonce-")) ?? '')?.[1];
    expect(nonce).toBeTruthy();
    // Every script element the server wrote, but the theme script (allowed by its hash), carries this
    // response's nonce. The response's own HTML is read, through the browser's parser: scripts added
    // later at run time (webpack's chunks) are trusted through 'strict-dynamic' and carry none.
    const html = (await response?.text()) ?? '';
    const untagged = await page.evaluate(
      ([markup, expected]) =>
        Array.from(new DOMParser().parseFromString(markup, 'text/html').querySelectorAll('script:not([type="application/ld+json"])'))
          .filter((script) => script.getAttribute('nonce') !== expected)
          .map((script) => script.textContent?.slice(0, 60) ?? ''),
      [html, nonce] as const,
    );
    expect(html).toContain('<script');
    expect(untagged).toEqual([expect.stringContaining("localStorage.getItem('folio-theme')")]);
    policies.push(header ?? '');
  }
  expect(policies[0]).not.toBe(policies[1]);
  // The studio's own scripts (live list, editor islands) ran without a single refusal.
  await page.goto('/studio/comments');
  await page.goto('/studio/profile');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test('[red-team headers] a studio page refuses an inline script that got into its HTML', async ({ page }) => {
  const violations = await watchViolations(page);
  await openStudio(page, '/studio');
  await injectIntoHtml(page, '/studio', '<script>window.injected = true</script>');
  await page.reload();
  await expect.poll(() => violations).toContainEqual(expect.stringMatching(/^script-src(-elem)? inline$/));
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
});
