import { expect, test } from '@playwright/test';
import { ADMIN, ANN, newDraft, openStudio, publishThroughStudio, signIn, untilHydrated } from './helpers';

test('deleting asks for confirmation and takes the post off the site', async ({ page }) => {
  const title = `Short-lived ${Date.now()}`;
  const slug = await publishThroughStudio(page, { title, body: 'Soon gone.' });
  await page.getByRole('button', { name: 'Delete post…' }).click();
  const dialog = page.getByRole('dialog', { name: `Delete “${title}”?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(200);

  await page.getByRole('button', { name: 'Delete post…' }).click();
  await dialog.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page).toHaveURL(/\/studio\?deleted=1$/);
  await expect(page.getByRole('status').filter({ hasText: 'The post was deleted.' })).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);
  expect(await (await page.request.get('/')).text()).not.toContain(title);
});

test('[red-team sessions] signed-out visits to any studio page return there after sign-in; an outside next= does not', async ({ page }) => {
  await page.goto('/studio/new?from=test');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstudio%2Fnew%3Ffrom%3Dtest$/);
  await signIn(page, ANN);
  await expect(page).toHaveURL(/\/studio\/new\?from=test$/);

  await page.context().clearCookies();
  await page.goto('/sign-in?next=https://evil.example/phish');
  await signIn(page, ANN);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/studio$/);
});

test('every editor error path is shown inline and saves nothing', async ({ page }) => {
  // Leaving the editor with unsaved text asks first; accept it when the test moves on.
  page.on('dialog', (dialog) => void dialog.accept());
  await openStudio(page, '/studio/new');
  const save = () => page.getByRole('button', { name: 'Save draft' }).click();
  const body = page.getByLabel('Body (markdown)');

  await body.fill('Some text');
  await save();
  await expect(page.locator('#title-error')).toHaveText('Give the post a title.');

  await page.getByLabel('Title').fill('Duplicate address');
  await page.getByLabel('Slug').fill('why-i-write-in-the-morning');
  await save();
  await expect(page.locator('#slug-error')).toHaveText('Another post already uses this slug. Choose a different one.');

  await page.getByLabel('Slug').fill(`ok-slug-${Date.now()}`);
  await page.getByLabel('Tags').fill(Array.from({ length: 11 }, (_, i) => `t${i}`).join(', '));
  await save();
  await expect(page.locator('#tags-error')).toHaveText('At most 10 tags (this post has 11).');
  // The message goes as soon as the field is valid again, without another save.
  await page.getByRole('button', { name: 'Remove tag t10' }).click();
  await expect(page.locator('#tags-error')).toHaveCount(0);
  await page.getByLabel('Tags').fill('???');
  await save();
  await expect(page.locator('#tags-error')).toHaveText("“???” has no letters or digits, so it can't be a tag.");
  await page.getByRole('button', { name: 'Remove tag ???' }).click();
  await page.getByLabel('Tags').fill('Make Things');
  await page.getByLabel('Tags').press('Enter');
  await expect(page.locator('.chips li').last()).toHaveText(/make-things/);
  await body.fill('x'.repeat(100_001));
  await expect(page.locator('#body-count')).toHaveText('100,001 / 100,000');
  await save();
  await expect(page.locator('#body-error')).toHaveText('The body can have at most 100,000 characters.');
  await expect(page).toHaveURL(/\/studio\/new$/);
  await body.fill('Short again.');
  await expect(page.locator('#body-error')).toHaveCount(0);

  await page.goto('/studio');
  await expect(page.getByRole('link', { name: 'Duplicate address' })).toHaveCount(0);
});

/** Resolves once React has hydrated the element (it attaches its props to the DOM node then). */
test('autosave keeps the draft on the server, survives going offline, and a reload keeps the text', async ({ page, context }) => {
  await publishThroughStudio(page, { title: `Autosaved ${Date.now()}`, body: 'First version.' });
  await page.goto(page.url().split('?')[0]!);
  const status = page.locator('.save-status');
  await expect(status).toHaveText('All changes saved');

  await untilHydrated(page, '#body');
  await page.getByLabel('Body (markdown)').fill('Second version, typed.');
  await expect(status).toHaveText('All changes saved');
  await page.reload();
  await expect(page.getByLabel('Body (markdown)')).toHaveValue('Second version, typed.');

  // Typing before React has taken over the server-rendered editor loses the keystrokes to it.
  await untilHydrated(page, '#body');
  await context.setOffline(true);
  await page.getByLabel('Body (markdown)').fill('Third version, written offline.');
  await expect(status).toHaveText('Offline — changes kept on this device');
  await page.getByLabel('Title').fill('Written offline');
  await context.setOffline(false);
  await expect(status).toHaveText('All changes saved');
  await page.reload();
  await expect(page.getByLabel('Body (markdown)')).toHaveValue('Third version, written offline.');
  await expect(page.getByLabel('Title')).toHaveValue('Written offline');
  await expect(page.getByRole('region', { name: 'Conflicting versions' })).toHaveCount(0);
});

test('a new post that was never saved is kept on the device across a reload', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openStudio(page, '/studio/new');
  await expect(page).toHaveURL(/\/studio\/new$/);
  await page.getByLabel('Title').fill('Kept locally');
  await page.getByLabel('Body (markdown)').fill('Not on the server yet.');
  await expect(page.locator('.save-status')).toHaveText('Not saved yet — changes kept on this device');
  await page.reload();
  await expect(page.getByLabel('Title')).toHaveValue('');
  await page.getByRole('button', { name: 'Restore them' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Kept locally');
  await expect(page.getByLabel('Body (markdown)')).toHaveValue('Not on the server yet.');
});

test('the live preview uses the public renderer', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openStudio(page, '/studio/new');
  await page.getByLabel('Body (markdown)').fill('## A heading\n\nSome **bold** text and <script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |');
  await page.getByRole('button', { name: 'Show preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { level: 2, name: /A heading/ })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('bold');
  await expect(preview.getByRole('table')).toBeVisible();
  expect(await preview.innerHTML()).not.toContain('<script');
});

test('a draft can be scheduled (not public meanwhile) and the schedule cancelled', async ({ page }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openStudio(page, '/studio/new');
  const title = `Scheduled ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  const slug = await page.getByLabel('Slug').inputValue();
  await page.getByLabel('Body (markdown)').fill('Later.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  await page.getByLabel('Publish at').fill('2020-01-01T10:00');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.locator('#schedule-error')).toHaveText('Choose a time in the future.');

  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await page.getByLabel('Publish at').fill(local);
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scheduled.' })).toBeVisible();
  await expect(page.locator('p.meta .status')).toContainText('Scheduled ·');
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);

  await page.goto('/studio');
  await expect(page.getByRole('row', { name: new RegExp(title) }).locator('.status')).toContainText('Scheduled');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: 'Cancel schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Schedule cancelled.' })).toBeVisible();
  await expect(page.locator('p.meta .status')).toHaveText('Draft');
});

test('a scheduled post goes live at its time, on its page and the home page, with nobody acting', async ({ page }) => {
  // The scheduler runs every minute: the post is due within 15-75 s and live within a minute more.
  test.setTimeout(240_000);
  page.on('dialog', (dialog) => void dialog.accept());
  await openStudio(page, '/studio/new');
  const title = `Goes live by itself ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  const slug = await page.getByLabel('Slug').inputValue();
  await page.getByLabel('Body (markdown)').fill('Published by the scheduler, not by a click.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  // The form takes whole minutes: the next one at least 15 s away.
  const due = new Date(Math.ceil((Date.now() + 15_000) / 60_000) * 60_000);
  await page.getByLabel('Publish at').fill(new Date(due.getTime() - due.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scheduled.' })).toBeVisible();
  expect((await page.request.get(`/posts/${slug}`)).status()).toBe(404);

  const deadline = due.getTime() - Date.now() + 90_000;
  await expect.poll(async () => (await page.request.get(`/posts/${slug}`)).status(), { timeout: deadline, intervals: [3000] }).toBe(200);
  await expect.poll(async () => (await (await page.request.get('/')).text()).includes(title), { timeout: 30_000 }).toBe(true);
  await page.goto('/studio');
  await expect(page.getByRole('row', { name: new RegExp(title) }).locator('.status')).toHaveText('Published');
});

test('a draft preview link shows the latest saved draft to anyone holding it, unindexed, until revoked', async ({ page, browser }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await openStudio(page, '/studio/new');
  const title = `Preview me ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Body (markdown)').fill('First draft for review.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Share a preview link' }).click();
  const link = page.getByRole('region', { name: 'Preview link' }).getByRole('link');
  const url = (await link.getAttribute('href'))!;
  expect(url).toMatch(/\/preview\/[A-Za-z0-9_-]{32}$/);

  const reviewer = await browser.newContext();
  const reviewerPage = await reviewer.newPage();
  const response = await reviewerPage.goto(url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['x-robots-tag']).toBe('noindex, nofollow');
  expect(response?.headers()['cache-control']).toContain('no-store');
  await expect(reviewerPage.getByRole('note').filter({ hasText: 'Draft preview — not published.' })).toBeVisible();
  await expect(reviewerPage.getByText('First draft for review.')).toBeVisible();

  // Saving the draft updates what the link shows.
  await page.getByLabel('Body (markdown)').fill('Second draft for review.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await reviewerPage.reload();
  await expect(reviewerPage.getByText('Second draft for review.')).toBeVisible();

  await page.getByRole('button', { name: 'Revoke preview link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preview link revoked.' })).toBeVisible();
  expect((await reviewerPage.goto(url))?.status()).toBe(404);
  await reviewer.close();
});

test('the studio lists posts by last edit and filters them by words and status; admins see everyone', async ({ page }) => {
  await openStudio(page, '/studio', ADMIN);
  await expect(page.getByRole('heading', { name: 'All posts' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Author' })).toBeVisible();
  // Both authors' drafts are visible to an admin (the backend's group rule decides).
  await expect(page.getByRole('link', { name: 'Draft: a year of small notebooks' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Draft: winter cycling kit' })).toBeVisible();

  const times = await page.locator('table.posts tbody td:last-child time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
  expect(times).toEqual([...times].sort().reverse());

  await page.getByLabel('Filter posts').fill('frost');
  await expect(page.locator('table.posts tbody tr')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'The first frost' })).toBeVisible();

  await page.getByLabel('Filter posts').fill('');
  await page.getByLabel('Status').selectOption('draft');
  const titles = await page.locator('table.posts tbody td:first-child').allTextContents();
  expect(titles.length).toBeGreaterThanOrEqual(2);
  expect(titles).toContain('Draft: winter cycling kit');
  expect(titles).not.toContain('The first frost');
});

test('a server-action request over 1 MB gets a 413 that says why, on any path, never a bare 500', async ({ request }) => {
  const huge = 'a'.repeat(10 * 1024 * 1024);
  for (const path of ['/studio/new', '/', '/studios']) {
    const response = await request.post(path, { headers: { 'Next-Action': '0'.repeat(40), 'Content-Type': 'text/plain;charset=UTF-8' }, data: huge });
    expect(response.status(), path).toBe(413);
    expect(await response.text()).toBe('The request is 10240 KB; a save can take at most 1 MB.');
  }
});

test('the studio post list shows a post written on another device, without reloading', async ({ browser, page }) => {
  await openStudio(page, '/studio');
  await expect(page.getByRole('status').filter({ hasText: 'Live: changes made elsewhere show here.' })).toBeVisible({ timeout: 20_000 });
  const otherDevice = await browser.newContext();
  const device = await otherDevice.newPage();
  const title = `Written on another device ${Date.now()}`;
  await newDraft(device, title);
  await expect(page.getByRole('link', { name: title })).toBeVisible({ timeout: 15_000 });
  await otherDevice.close();
});
