import { expect, test } from '@playwright/test';
import { ADMIN, ELI, latestCode, openStudio, signIn } from './helpers';

test('a new account starts as a reader; an admin makes it a contributor, whose post an editor publishes; a password reset keeps the role', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = `new.writer.${Date.now()}@folio.test`;
  const password = 'Brand-New-2026!';
  const started = Date.now();

  await page.goto('/studio');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstudio$/);
  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('New Writer');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm Password').fill(password);
  await page.getByRole('button', { name: 'Create Account' }).click();

  await page.getByLabel('Confirmation Code').fill(await latestCode(email, 'sign-up', started));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/studio$/);
  // The post-confirmation trigger made the account a reader: open sign-up is not publishing.
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByText('You are signed in as a reader')).toBeVisible();
  await expect(page.getByRole('link', { name: 'New post' })).toHaveCount(0);
  await page.goto('/studio/new');
  await expect(page).toHaveURL(/\/studio$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);

  // An admin gives the account the contributor role on the People page.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await openStudio(admin, '/studio/people', ADMIN);
  const row = admin.getByRole('row').filter({ hasText: email });
  await expect(row.getByRole('combobox', { name: `Role of ${email}` })).toHaveValue('reader');
  await row.getByRole('combobox', { name: `Role of ${email}` }).selectOption('contributor');
  await row.getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByRole('status')).toHaveText(`${email} is now contributor.`);
  await admin.reload();
  await expect(admin.getByRole('row').filter({ hasText: email }).getByRole('combobox')).toHaveValue('contributor');
  await adminContext.close();

  // Signed in again, she writes; she cannot publish, only submit for review.
  await page.goto('/sign-in?next=%2Fstudio');
  await signIn(page, { email, password });
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();
  await page.getByRole('link', { name: 'New post' }).click();
  const title = `Hello from ${email}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Body (markdown)').fill('My first post, for an editor to read.');
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Submitted for review.' })).toBeVisible();
  await expect(page.locator('.meta .status')).toHaveText('In review');
  expect(await (await page.request.get('/')).text()).not.toContain(title);

  // An editor finds it in review and publishes it, under the contributor's name.
  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await openStudio(editor, '/studio', ELI);
  await editor.getByLabel('Status').selectOption('review');
  await editor.getByRole('link', { name: title }).click();
  await editor.getByRole('button', { name: 'Publish' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  await editorContext.close();
  const home = await (await page.request.get('/')).text();
  expect(home).toContain(title);
  expect(home).toContain('New Writer');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);

  const resetStarted = Date.now();
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  const newPassword = 'Even-Newer-2026!';
  await page.getByLabel('Code').fill(await latestCode(email, 'password reset', resetStarted));
  await page.getByLabel('New Password').fill(newPassword);
  await page.getByLabel('Confirm Password').fill(newPassword);
  await page.getByRole('button', { name: 'Submit' }).click();
  // The Authenticator returns to sign-in (or signs in directly, depending on its flow).
  if (!/\/studio$/.test(page.url())) {
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await signIn(page, { email, password: newPassword });
  }
  await expect(page).toHaveURL(/\/studio$/);
  // Confirming the reset is a confirmation too; the trigger leaves the role as the admin set it.
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();
});
