import { expect, test } from '@playwright/test';
import { latestCode, signIn } from './helpers';

test('a new author signs up with the code the local backend sends, writes, and later resets the password', async ({ page }) => {
  const email = `new.author.${Date.now()}@folio.test`;
  const password = 'Brand-New-2026!';
  const started = Date.now();

  await page.goto('/studio');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstudio$/);
  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('New Author');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm Password').fill(password);
  await page.getByRole('button', { name: 'Create Account' }).click();

  await page.getByLabel('Confirmation Code').fill(await latestCode(email, 'sign-up', started));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/studio$/);
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();
  await expect(page.getByText('No posts yet.')).toBeVisible();

  // An author from the first minute: write and publish.
  await page.getByRole('link', { name: 'New post' }).click();
  const title = `Hello from ${email}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Body (markdown)').fill('My first post.');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  expect(await (await page.request.get('/')).text()).toContain(title);

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
});
