import { expect, test } from '@playwright/test';
import { ADMIN, editorBody as body, editorStatus as status, expectNoAxeViolations, newDraft, openStudio } from './helpers';

/** The editor's page as a whole: layout, previews, times, missing pages and accessibility. None of these publish. */

test.beforeEach(({ page }) => {
  // Leaving with unsaved work asks first (beforeunload); these tests leave on purpose.
  page.on('dialog', (dialog) => void dialog.accept());
});

test('the editor shows words and reading time, a search and share preview, and never widens the page', async ({ page }) => {
  await newDraft(page, `Layout ${Date.now()}`);
  await body(page).fill(`${'word '.repeat(450)}\n\n\`\`\`js\nconst line = "${'x'.repeat(3000)}";\n\`\`\``);
  await expect(page.locator('#body-stats')).toHaveText(/^45\d words · 3 min read$/);
  await page.getByRole('button', { name: 'Show preview' }).click();
  await expect(page.getByRole('region', { name: 'Preview', exact: true }).locator('pre')).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `page overflow at ${width}px`).toBeLessThanOrEqual(0);
  }
  // Side by side on a wide screen, stacked on a narrow one.
  await page.setViewportSize({ width: 1280, height: 800 });
  const textareaBox = (await body(page).boundingBox())!;
  const previewBox = (await page.getByRole('region', { name: 'Preview', exact: true }).boundingBox())!;
  expect(previewBox.x).toBeGreaterThan(textareaBox.x + textareaBox.width - 1);
  await page.setViewportSize({ width: 390, height: 800 });
  const narrowTextarea = (await body(page).boundingBox())!;
  const narrowPreview = (await page.getByRole('region', { name: 'Preview', exact: true }).boundingBox())!;
  expect(narrowPreview.y).toBeGreaterThan(narrowTextarea.y + narrowTextarea.height - 1);

  await page.getByLabel('Excerpt').fill('A short description for search and cards.');
  await page.getByText('Search and social preview').click();
  await expect(page.getByRole('figure', { name: 'Search result preview' })).toContainText('A short description for search and cards.');
  await expect(page.getByRole('figure', { name: 'Share card preview' })).toContainText('by Ann Okafor');
});

test('scheduled times show in the author’s time zone', async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await newDraft(page, `Tokyo ${Date.now()}`);
  await page.getByLabel('Publish at').fill('2031-03-04T09:30');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.locator('p.meta .status')).toContainText(/Mar 4, 2031, 9:30\s?AM GMT\+9/);
  await context.close();
});

test('studio pages that do not exist stay in the studio, with a way back to the posts', async ({ page }) => {
  await openStudio(page, '/studio');
  for (const path of ['/studio/posts/no-such-post', '/studio/nowhere']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Studio' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to your posts' }).click();
    await expect(page).toHaveURL(/\/studio$/);
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`studio pages have no axe violations in ${theme} mode, and the theme toggle says which theme is on`, async ({ page }) => {
    // Seven full axe runs: a minute or more when the other test group shares the two cores.
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme: theme });
    const editUrl = await newDraft(page, `Axe ${theme} ${Date.now()}`, '## Heading\n\nSome `code` and **bold** text.');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', String(theme === 'dark'));
    await page.getByRole('button', { name: 'Show preview' }).click();
    await page.getByText('Search and social preview').click();
    await page.getByLabel('Tags').fill('One, Two, ');
    await expect(status(page)).toHaveText('All changes saved');
    await expectNoAxeViolations(page, theme);
    await page.getByLabel('Title').fill('');
    await page.keyboard.press('Control+s');
    await expect(page.locator('#title-error')).toBeVisible();
    await expectNoAxeViolations(page, theme);
    for (const path of ['/studio', '/studio/new', '/studio/profile', '/studio/comments', '/studio/nowhere', editUrl]) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expectNoAxeViolations(page, theme);
    }
    // The admins' People page, with a role change's outcome on screen.
    const adminContext = await page.context().browser()!.newContext({ colorScheme: theme });
    const admin = await adminContext.newPage();
    await openStudio(admin, '/studio/people', ADMIN);
    await expect(admin.locator('html')).toHaveAttribute('data-theme', theme);
    const row = admin.getByRole('row').filter({ hasText: 'reviewer@folio.test' });
    await row.getByRole('button', { name: 'Change role' }).click();
    await expect(row.getByRole('status')).toHaveText('reviewer@folio.test is now author.');
    await expectNoAxeViolations(admin, theme);
    await adminContext.close();
  });
}
