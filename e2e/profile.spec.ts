import { expect, test } from '@playwright/test';
import { signIn, totp } from './helpers';

// The reviewer account: changing its bio and sign-in settings cannot disturb other specs' seeded authors.
const REVIEWER = { email: 'reviewer@folio.test', password: 'Folio-Review-2026!', name: 'Preview Reviewer', handle: 'preview-reviewer' };

test('an author edits their public profile and turns two-step sign-in on and off', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/studio/profile');
  await signIn(page, REVIEWER);
  await expect(page).toHaveURL(/\/studio\/profile$/);

  const bio = `Writes from the workshop (${Date.now()}).`;
  await page.getByLabel('Bio').fill(bio);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
  await page.getByLabel('Name').fill('');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.locator('#name-error')).toHaveText('Give your name as readers should see it.');
  await page.getByLabel('Name').fill(REVIEWER.name);
  expect(await (await page.request.get(`/authors/${REVIEWER.handle}`)).text()).toContain(bio);

  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel('Code from the app').fill(totp(secret, Date.now() - 60 * 60_000));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(page.getByRole('alert').filter({ hasText: "That code didn't match — check the time on your phone" })).toBeVisible();
  const verifiedAt = Date.now();
  await page.getByLabel('Code from the app').fill(totp(secret, verifiedAt));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'On: signing in asks for a code' })).toBeVisible();

  // Sign in again: the Authenticator now asks for a code. The code just used cannot be replayed,
  // so the app's next code is used: the pool accepts one step of clock drift either way.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/studio/profile');
  await signIn(page, REVIEWER);
  const codeField = page.getByRole('textbox', { name: /code/i });
  await expect(codeField).toBeVisible();
  await codeField.fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert').filter({ hasText: "That code didn't match — check the time on your phone" })).toBeVisible();
  await codeField.fill(totp(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/studio\/profile$/);

  await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
  await expect(page.getByText('Off. Turn it on')).toBeVisible();
});
