import { expect, test } from '@playwright/test';

// Served by a build made with AWS_BRANCH=pr-7, AWS_PULL_REQUEST_ID=7 (see playwright.config.ts).
test('a pull-request preview says what it is and is not indexable', async ({ page, request }) => {
  const response = await page.goto('/');
  await expect(page.getByRole('note')).toHaveText('Preview of pull request #7 · branch feature/preview-banner · commit 0a1b2c3 — not the live site');
  expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toMatch(/^Disallow: \/\s*$/m);
});
