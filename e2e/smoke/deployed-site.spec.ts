import { expect, test } from '@playwright/test';

/**
 * Read-only checks for any deployment: `BASE_URL=https://pr-7.<app>.amplifyapp.com npm run test:smoke`.
 * They create nothing and sign in as nobody; `npm test` also runs them against the local build.
 */
test('home page lists posts and opens one', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  const firstPost = page.locator('main article h2 a').first();
  await expect(firstPost).toBeVisible();
  const title = (await firstPost.textContent())?.trim() ?? '';
  await firstPost.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
});

test('an unknown address is a 404 page', async ({ page }) => {
  const response = await page.goto('/posts/this-post-does-not-exist-8c1f');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('indexing rules agree: robots.txt, X-Robots-Tag and meta robots', async ({ page, request }) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  const disallowAll = /^Disallow: \/\s*$/m.test(await robots.text());
  const home = await page.goto('/');
  const header = home?.headers()['x-robots-tag'];
  const meta = await page
    .locator('meta[name="robots"]')
    .getAttribute('content')
    .catch(() => null);
  if (disallowAll) {
    expect(header).toContain('noindex');
    expect(meta).toContain('noindex');
  } else {
    expect(header).toBeUndefined();
    expect(meta ?? '').not.toContain('noindex');
  }
});

test('security headers are set', async ({ request }) => {
  const response = await request.get('/');
  const headers = response.headers();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  const csp = headers['content-security-policy'] ?? '';
  for (const directive of ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
});

test('studio pages are never cached publicly', async ({ request }) => {
  const response = await request.get('/studio', { maxRedirects: 0 });
  expect([302, 303, 307, 308]).toContain(response.status());
  expect(response.headers()['cache-control']).toContain('no-store');
  expect(response.headers()['location']).toMatch(/\/sign-in\?next=%2Fstudio$/);
});
