import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { ANN, editorBody as body, newDraft, openStudio, publishThroughStudio } from './helpers';

/**
 * Images as an author adds them and a reader sees them: picked in the editor, uploaded to the
 * offline S3 (over HTTPS, from a locally issued certificate the test browser is told to accept),
 * stripped of their metadata by the server, and shown on cached, cookie-free pages.
 */

test.beforeEach(({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
});

/** A photo carrying what phones write into it: camera make and a GPS position. */
const photo = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 20/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '18/1 4/1 0/1' } })
    .toBuffer();

const bodyImage = (page: Page) => page.getByRole('group', { name: 'Body image' });
const coverImage = (page: Page) => page.getByRole('group', { name: 'Cover image upload' });

test('an author adds a cover (watching its progress) and a picture in the text; readers get resized copies without location data, on cookie-free cached pages', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const title = `Harbour photos ${Date.now()}`;
  await newDraft(page, title, 'Morning at the harbour.');

  // The picture in the text: alt text is required before it is placed.
  const harbour = await photo(1200, 800, '#2a6f97');
  expect((await sharp(harbour).metadata()).exif).toBeDefined();
  await page.getByLabel('Add an image to the body').setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: harbour });
  await bodyImage(page).getByRole('button', { name: 'Insert image' }).click();
  await expect(bodyImage(page).getByRole('alert')).toHaveText('Describe the image for readers who cannot see it.');
  await bodyImage(page).getByLabel('Alt text').fill('Fishing boats moored at dawn');
  await bodyImage(page).getByRole('button', { name: 'Insert image' }).click();
  await expect(body(page)).toHaveValue(/^Morning at the harbour\.\n\n!\[Fishing boats moored at dawn\]\(\/media\/[^)]+-1200x800\.jpg\)\n\n$/);
  const mediaUrl = /\((\/media\/[^)]+)\)/.exec(await body(page).inputValue())![1]!;

  // The cover, over a slower connection (1 MB/s), so its progress bar is seen on the way.
  // Random pixels do not compress: a 4 MB PNG, about four seconds at that speed.
  const noise = randomBytes(1600 * 900 * 3);
  const cover = await sharp(noise, { raw: { width: 1600, height: 900, channels: 3 } })
    .png()
    .toBuffer();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  await page.getByLabel('Choose a cover image').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: cover });
  await expect(coverImage(page).getByRole('progressbar', { name: 'Uploading cover.png' })).toBeVisible();
  await expect(coverImage(page).getByLabel('Alt text')).toBeVisible({ timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await coverImage(page).getByLabel('Alt text').fill('A field of ripe wheat');
  await coverImage(page).getByRole('button', { name: 'Use as cover' }).click();
  await expect(page.getByLabel('Cover alt text')).toHaveValue('A field of ripe wheat');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  const slug = await page.getByLabel('Slug').inputValue();

  // A visitor: no cookies, no Amplify, no presigned storage URL in the HTML.
  const visitor = await browser.newContext();
  const reader = await visitor.newPage();
  const response = await reader.goto(`/posts/${slug}`);
  expect(response?.status()).toBe(200);
  expect(await response?.headerValue('set-cookie')).toBeNull();
  const html = await reader.content();
  expect(html).not.toMatch(/X-Amz-(Signature|Credential)/i);
  const coverShown = reader.getByRole('img', { name: 'A field of ripe wheat' });
  const pictureShown = reader.getByRole('img', { name: 'Fishing boats moored at dawn' });
  await expect(coverShown).toBeVisible();
  await pictureShown.scrollIntoViewIfNeeded();
  // Both drawn, from the optimizer's resized copies, with their recorded size reserved.
  for (const shown of [coverShown, pictureShown]) {
    await expect
      .poll(() =>
        shown.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0 && (img as HTMLImageElement).currentSrc.includes('/_next/image?url=%2Fmedia%2F')),
      )
      .toBe(true);
  }
  expect([await pictureShown.getAttribute('width'), await pictureShown.getAttribute('height')]).toEqual(['1200', '800']);

  // The stored image: long-lived and immutable, and its GPS position and camera are gone.
  const stored = await reader.request.get(mediaUrl);
  expect(stored.status()).toBe(200);
  expect(stored.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(stored.headers()['content-type']).toBe('image/jpeg');
  const bytes = await stored.body();
  expect((await sharp(bytes).metadata()).exif).toBeUndefined();
  expect(bytes.includes(Buffer.from('PhoneCo'))).toBe(false);
  // A made-up address is a 404 with a message, not an error page.
  const missing = await reader.request.get(mediaUrl.replace(/\/[0-9a-f]{32}-/, `/${'0'.repeat(32)}-`));
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain('does not exist');

  // The listing shows the cover too.
  await reader.goto('/');
  await expect(reader.locator('article', { hasText: title }).locator('img.card-cover')).toBeVisible();
  await visitor.close();
});

test('wrong files get a clear message before anything is sent; a slow upload shows progress and can be cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  await newDraft(page, `Upload refusals ${Date.now()}`, 'Text stays as it was.');

  await page.getByLabel('Add an image to the body').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await expect(bodyImage(page).getByRole('alert')).toHaveText('“notes.txt” is not an image Folio accepts. Use JPEG, PNG, WebP, AVIF or GIF.');
  await page.getByLabel('Add an image to the body').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(16 * 1024 * 1024, 1) });
  await expect(bodyImage(page).getByRole('alert')).toContainText('images can be at most 15 MB');

  // A file that claims to be a PNG but is not one: uploaded, then refused by the server.
  await page.getByLabel('Add an image to the body').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a… or not') });
  await expect(bodyImage(page).getByRole('alert')).toHaveText('This file is not a readable image. Use JPEG, PNG, WebP, AVIF or GIF.');

  // A slow connection: the progress bar moves, and Cancel stops the upload.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 128 * 1024 });
  await page.getByLabel('Add an image to the body').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(4 * 1024 * 1024, 7) });
  const progress = bodyImage(page).getByRole('progressbar', { name: 'Uploading big.png' });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('value'))).toBeGreaterThan(0);
  await bodyImage(page).getByRole('button', { name: 'Cancel upload' }).click();
  await expect(progress).toHaveCount(0);
  await expect(page.getByLabel('Add an image to the body')).toBeAttached();
  await expect(bodyImage(page).getByRole('alert')).toHaveCount(0);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(body(page)).toHaveValue('Text stays as it was.');
});

test('an avatar chosen on the profile appears on the author page and in the byline and author card of her posts', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = await publishThroughStudio(page, { title: `Portrait day ${Date.now()}`, body: 'A post to carry the byline.' });
  await openStudio(page, '/studio/profile');
  const portrait = await photo(600, 800, '#7b4f9d');
  // "Replace the avatar" when an earlier run of this journey left one.
  await page.getByLabel(/^(Choose|Replace) the avatar$|^Choose an avatar$/).setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: portrait });
  // No alt field: an avatar's alt text is its author's name.
  await page.getByRole('group', { name: 'Avatar upload' }).getByRole('button', { name: 'Use as avatar' }).click();
  await expect(page.getByRole('img', { name: `Avatar of ${ANN.name}` })).toBeVisible();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();

  const visitor = await browser.newContext();
  const reader = await visitor.newPage();
  await reader.goto(`/authors/${ANN.handle}`);
  const avatar = reader.locator('.author-header img.avatar');
  await expect(avatar).toBeVisible();
  await expect.poll(() => avatar.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  expect(await avatar.getAttribute('srcset')).toMatch(/\/_next\/image\?url=%2Fmedia%2F.+ 2x$/);
  await reader.goto(`/posts/${slug}`);
  await expect(reader.locator('.byline img.avatar')).toBeVisible();
  await expect(reader.getByRole('complementary', { name: 'About the author' }).locator('img.avatar')).toBeVisible();
  await visitor.close();
});
