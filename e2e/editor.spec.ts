import { expect, test, type Page } from '@playwright/test';
import { editorBody as body, editorStatus as status, newDraft, publishThroughStudio } from './helpers';

/**
 * The editor as authors really use it: typing in bursts with autosave in between, reloading
 * mid-way, two tabs on one post, losing the connection. Every wait is on what the editor shows.
 */

const conflictPanel = (page: Page) => page.getByRole('region', { name: 'Conflicting versions' });

test.beforeEach(({ page }) => {
  // Leaving with unsaved work asks first (beforeunload); the journeys below leave on purpose.
  page.on('dialog', (dialog) => void dialog.accept());
});

test('five rounds of type → autosave → type → autosave in one tab never conflict, and each reload keeps the last text', async ({ page }) => {
  test.setTimeout(150_000);
  await newDraft(page, `Autosave rounds ${Date.now()}`);
  for (let round = 1; round <= 5; round += 1) {
    await body(page).fill(`Round ${round}, first burst.`);
    await expect(status(page)).toHaveText('All changes saved');
    await body(page).fill(`Round ${round}, first burst. Then a second thought.`);
    await expect(status(page)).toHaveText('All changes saved');
    await expect(conflictPanel(page)).toHaveCount(0);
    await page.reload();
    await expect(body(page)).toHaveValue(`Round ${round}, first burst. Then a second thought.`);
    await expect(page.getByRole('region', { name: /Unsaved changes found/ })).toHaveCount(0);
  }
});

test('a reload before the autosave offers the newest text back, at the top and in focus; restoring saves it', async ({ page }) => {
  await newDraft(page, `Reload mid-edit ${Date.now()}`);
  await body(page).fill('Saved by autosave.');
  await expect(status(page)).toHaveText('All changes saved');
  await body(page).fill('Saved by autosave. And more, typed just before the reload.');
  await expect(status(page)).toHaveText('Unsaved changes…');
  await page.reload();

  const offer = page.getByRole('region', { name: 'Unsaved changes found on this device' });
  await expect(offer).toBeFocused();
  await expect(offer).toContainText('never saved to the server');
  await expect(body(page)).toHaveValue('Saved by autosave.');
  await offer.getByRole('button', { name: 'Restore them' }).click();
  await expect(body(page)).toHaveValue('Saved by autosave. And more, typed just before the reload.');
  await expect(status(page)).toHaveText('All changes saved');
  await page.reload();
  await expect(body(page)).toHaveValue('Saved by autosave. And more, typed just before the reload.');
  await expect(offer).toHaveCount(0);
});

test('two tabs, a real conflict: "Keep mine" on Update live post puts my version live; the other version is shown first', async ({ page, context }) => {
  const slug = await publishThroughStudio(page, { title: `Two tabs keep ${Date.now()}`, body: 'Original body.' });
  const editUrl = page.url().split('?')[0]!;
  const other = await context.newPage();
  other.on('dialog', (dialog) => void dialog.accept());
  await other.goto(editUrl);

  // Both tabs have the post open; the first one saves.
  await body(page).fill('Saved from the first tab.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  await body(other).fill('Written in the second tab.');
  await other.getByRole('button', { name: 'Update live post' }).click();
  await expect(other.getByRole('alert').filter({ hasText: 'changed elsewhere' })).toBeVisible();
  await expect(conflictPanel(other)).toContainText('Saved from the first tab.');
  await expect(body(other)).toHaveValue('Written in the second tab.');
  // Nothing was overwritten while the author decides.
  expect(await (await page.request.get(`/posts/${slug}`)).text()).toContain('Original body.');

  await conflictPanel(other).getByRole('button', { name: 'Keep mine and update the live post' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  await expect(status(other)).toHaveText('All changes saved');
  await expect(other.locator('p.meta .status')).toHaveText('Published');
  const live = await (await page.request.get(`/posts/${slug}`)).text();
  expect(live).toContain('Written in the second tab.');
  expect(live).not.toContain('Saved from the first tab.');
});

test('two tabs, a real conflict: "Use the saved version" shows it, and nothing of mine comes back after a reload', async ({ page, context }) => {
  const editUrl = await newDraft(page, `Two tabs theirs ${Date.now()}`);
  const other = await context.newPage();
  other.on('dialog', (dialog) => void dialog.accept());
  await other.goto(editUrl);
  const idle = await context.newPage();
  await idle.goto(editUrl);

  await body(page).fill('The first tab wins.');
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  // A tab with no edits of its own follows the saved version when the author comes back to it.
  await idle.bringToFront();
  await idle.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(body(idle)).toHaveValue('The first tab wins.');

  await body(other).fill('The second tab loses.');
  await expect(status(other)).toHaveText('Not saved — this post was changed elsewhere');
  await conflictPanel(other).getByRole('button', { name: 'Use the saved version' }).click();
  await expect(body(other)).toHaveValue('The first tab wins.');
  await expect(status(other)).toHaveText('All changes saved');
  await other.reload();
  await expect(body(other)).toHaveValue('The first tab wins.');
  await expect(other.getByRole('region', { name: /Unsaved changes found/ })).toHaveCount(0);
});

test('offline: edits are kept on the device, a reload while offline-saved work waits offers them, and going online saves', async ({ page, context }) => {
  const editUrl = await newDraft(page, `Offline ${Date.now()}`);
  await context.setOffline(true);
  await body(page).fill('Written on the train.');
  await expect(status(page)).toHaveText('Offline — changes kept on this device');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(status(page)).toHaveText('Offline — changes kept on this device');
  await context.setOffline(false);
  await expect(status(page)).toHaveText('All changes saved');
  await page.goto(editUrl);
  await expect(body(page)).toHaveValue('Written on the train.');
});

test('Ctrl+S saves; field errors clear as soon as the field is valid; a 10 MB paste gets a clear message, never a server error', async ({ page }) => {
  // Moving 10 MB through the browser and the accessibility tree takes seconds on a busy machine.
  test.setTimeout(150_000);
  await newDraft(page, `Keyboard ${Date.now()}`);
  await page.getByLabel('Title').fill('');
  await page.keyboard.press('Control+s');
  await expect(page.locator('#title-error')).toHaveText('Give the post a title.');
  await page.getByLabel('Title').fill('Keyboard again');
  await expect(page.locator('#title-error')).toHaveCount(0);
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  // The editor still talks to the server meanwhile (e.g. checking for newer versions on focus),
  // but nothing it sends may carry the paste: Next.js refuses server-action bodies over 1 MB.
  const postedSizes: number[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') postedSizes.push(request.postDataBuffer()?.length ?? 0);
  });
  const huge = 'a'.repeat(10 * 1024 * 1024);
  await body(page).fill(huge);
  await expect(page.locator('#body-count')).toHaveText('10,485,760 / 100,000');
  await expect(page.locator('#body-count')).toHaveClass(/counter-over/);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('#body-error')).toHaveText('The body can have at most 100,000 characters.');
  await expect(status(page)).toHaveText('Not saved — fix the highlighted fields');
  expect(postedSizes.filter((size) => size > 1_000_000)).toEqual([]);
  await body(page).fill('Back to a sensible length.');
  await expect(page.locator('#body-error')).toHaveCount(0);
  await expect(status(page)).toHaveText('All changes saved');
});
