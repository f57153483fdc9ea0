import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

/**
 * `npm run screenshots` (playwright.screenshots.config.ts): each visitor page, full length, at two
 * sizes in both themes, as `screenshots/<page>-<size>-<theme>.png` at the repository root. A page
 * that does not answer with the status it should (200, or 404 for the missing page) fails its test.
 */
const folder = join(__dirname, '..', '..', 'screenshots');

type Theme = 'light' | 'dark';
const themes: Theme[] = ['light', 'dark'];

const sizes = [
  { name: 'desktop', use: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false } },
  { name: 'mobile', use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } },
];

/** A search with results in the seeded content ("The first frost": the garden, the gardening tag). */
const SEARCH = 'garden';

/** The address of the first link on home whose address starts with `prefix`. */
async function firstLinkOnHome(page: Page, prefix: string, within: string): Promise<string> {
  const response = await page.goto('/');
  expect(response?.status(), 'home (/) should answer 200').toBe(200);
  const href = await page.locator(`${within} a[href^="${prefix}"]`).first().getAttribute('href', { timeout: 10_000 });
  expect(href, `home (/) should link to a ${prefix}… page`).toBeTruthy();
  return href!;
}

const pages: { name: string; status: number; address: (page: Page) => Promise<string>; check?: (page: Page) => Promise<void> }[] = [
  { name: 'home', status: 200, address: async () => '/' },
  { name: 'post', status: 200, address: (page) => firstLinkOnHome(page, '/posts/', 'main') },
  { name: 'tag', status: 200, address: (page) => firstLinkOnHome(page, '/tags/', 'body') },
  {
    name: 'search',
    status: 200,
    address: async () => `/search?q=${SEARCH}`,
    check: async (page) => {
      await expect(page.locator('main .post-list > li').first(), `search for "${SEARCH}" should list at least one post`).toBeVisible();
    },
  },
  { name: 'not-found', status: 404, address: async () => '/no-such-page' },
];

/** Lets every image load (lazy ones included, for the full-page shot), then waits for the network and the fonts. */
async function settle(page: Page): Promise<string[]> {
  const broken = await page.evaluate(async () => {
    const images = [...document.images];
    for (const image of images) image.loading = 'eager';
    await Promise.all(
      images.map(
        (image) =>
          new Promise((done) => {
            if (image.complete) return done(undefined);
            image.addEventListener('load', done, { once: true });
            image.addEventListener('error', done, { once: true });
          }),
      ),
    );
    return images.filter((image) => image.naturalWidth === 0).map((image) => image.currentSrc || image.src);
  });
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  return broken;
}

test.beforeAll(() => {
  mkdirSync(folder, { recursive: true });
});

for (const size of sizes) {
  test.describe(size.name, () => {
    test.use(size.use);
    for (const theme of themes) {
      test.describe(theme, () => {
        // Both ways the site picks a theme agree: the system's preference and the stored choice
        // (lib/theme-script.ts reads localStorage 'folio-theme' before first paint).
        test.use({ colorScheme: theme });
        test.beforeEach(async ({ page }) => {
          await page.addInitScript((chosen) => localStorage.setItem('folio-theme', chosen), theme);
        });

        for (const visited of pages) {
          test(visited.name, async ({ page }) => {
            const address = await visited.address(page);
            const response = await page.goto(address);
            expect(response?.status(), `${address} should answer ${visited.status}`).toBe(visited.status);
            await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
            await visited.check?.(page);
            const broken = await settle(page);
            if (broken.length > 0) console.warn(`[screenshots] ${visited.name} ${size.name} ${theme}: images that did not load: ${broken.join(', ')}`);
            const file = join(folder, `${visited.name}-${size.name}-${theme}.png`);
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
          });
        }
      });
    }
  });
}

test.afterAll(() => {
  const since = Number(process.env.FOLIO_SCREENSHOTS_SINCE ?? 0);
  const written = readdirSync(folder).filter((name) => name.endsWith('.png') && statSync(join(folder, name)).mtimeMs >= since);
  const expected = sizes.length * themes.length * pages.length;
  const minutes = since ? ` in ${((Date.now() - since) / 60_000).toFixed(1)} min (build included)` : '';
  console.log(`[screenshots] ${written.length} of ${expected} files written to ${folder}${minutes}`);
});
