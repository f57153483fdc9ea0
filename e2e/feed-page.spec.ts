import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

test('the feed page gives the feed address and lists every post the feed carries', async ({ page, request }) => {
  const feedResponse = await request.get('/feed.xml');
  expect(feedResponse.status()).toBe(200);
  const feedXml = await feedResponse.text();
  const feed = await page.evaluate((xml) => {
    const rss = new DOMParser().parseFromString(xml, 'application/xml');
    return {
      self: rss.querySelector('channel > link[rel="self"]')?.getAttribute('href') ?? '',
      items: [...rss.querySelectorAll('item > link')].map((link) => new URL(link.textContent ?? '').pathname),
    };
  }, feedXml);
  expect(feed.items.length).toBeGreaterThan(0);

  const response = await page.goto('/feed');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toMatch(/s-maxage=\d+/);
  expect(response?.headers()['set-cookie']).toBeUndefined();
  await expect(page).toHaveTitle('Subscribe · Folio');
  await expect(page.getByRole('heading', { level: 1, name: 'Subscribe' })).toBeVisible();
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/feed$/);

  // The address to copy is the one the feed names as its own.
  await expect(page.locator('.feed-url code')).toHaveText(/^http:\/\/localhost:\d+\/feed\.xml$/);
  await expect(page.locator('.feed-url code')).toHaveText(feed.self);

  // The same posts as the feed's items, newest first.
  const titles = page.locator('.feed-posts > li .feed-post-title');
  await expect(titles).toHaveCount(feed.items.length);
  expect(await titles.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(feed.items);
  await expect(page.locator('.feed-posts > li').first().locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);

  const open = page.getByRole('link', { name: 'Open the RSS feed' });
  const href = await open.getAttribute('href');
  expect(href).toBe('/feed.xml');
  const linked = await request.get(href ?? '');
  expect(linked.status()).toBe(200);
  expect(linked.headers()['content-type']).toMatch(/^application\/rss\+xml/);

  await expectNoAxeViolations(page);
});

test('printing a page leaves out the navigation, the banner and the footer links', async ({ page }) => {
  await page.goto('/feed');
  const nav = page.getByRole('navigation', { name: 'Site' });
  const banner = page.locator('.deployment-banner');
  await expect(nav).toBeVisible();
  // The reading group's build is a PR preview, which shows its banner on screen.
  await expect(banner).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(nav).toBeHidden();
  await expect(banner).toBeHidden();
  await expect(page.locator('.site-footer a:visible')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Subscribe' })).toBeVisible();
});
