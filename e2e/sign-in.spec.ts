import { expect, test, type Page } from '@playwright/test';
import { ANN, expectNoAxeViolations, latestCode, signIn, totp } from './helpers';

type Theme = 'light' | 'dark';

// Amplify UI's default primary button and link teal (colors.teal.80/90/100), which Folio must never show.
const AMPLIFY_TEAL = ['rgb(4, 125, 149)', 'rgb(0, 85, 102)', 'rgb(0, 64, 77)'];

async function openSignIn(page: Page, theme: Theme) {
  // The stored choice the root layout's theme script reads before first paint.
  await page.addInitScript((chosen) => localStorage.setItem('folio-theme', chosen), theme);
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

/** A Folio CSS variable as the browser resolves it (rgb), for comparing with computed styles. */
function folioColor(page: Page, variable: string): Promise<string> {
  return page.evaluate((name) => {
    const probe = document.createElement('span');
    probe.style.color = `var(--${name})`;
    document.body.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, variable);
}

async function authenticatorColors(page: Page) {
  const card = page.locator('[data-amplify-router]');
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  return {
    card: await card.evaluate((element) => getComputedStyle(element).backgroundColor),
    button: await button.evaluate((element) => getComputedStyle(element).backgroundColor),
    buttonText: await button.evaluate((element) => getComputedStyle(element).color),
    link: await page.getByRole('button', { name: 'Forgot your password?' }).evaluate((element) => getComputedStyle(element).color),
  };
}

const authenticatorAlert = (page: Page) => page.locator('[data-amplify-authenticator]').getByRole('alert');

for (const theme of ['light', 'dark'] as const) {
  test(`sign-in passes axe in the ${theme} theme, on both tabs`, async ({ page }) => {
    await openSignIn(page, theme);
    await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('button', { name: 'Dark theme' })).toBeVisible();
    await expectNoAxeViolations(page, theme);
    await page.getByRole('tab', { name: 'Create Account' }).click();
    await expect(page.getByRole('button', { name: 'Create Account' })).toBeVisible();
    await expectNoAxeViolations(page, theme);
  });
}

/** The card's colours once Amplify UI's colour transitions have settled, checked against Folio's variables. */
async function expectFolioColors(page: Page) {
  let colors = await authenticatorColors(page);
  await expect(async () => {
    colors = await authenticatorColors(page);
    expect(colors).toEqual({
      card: await folioColor(page, 'card'),
      button: await folioColor(page, 'accent'),
      buttonText: await folioColor(page, 'bg'),
      link: await folioColor(page, 'accent'),
    });
  }).toPass({ timeout: 5_000 });
  return colors;
}

test('the sign-in card and its buttons take Folio’s colours and follow the theme toggle', async ({ page }) => {
  await openSignIn(page, 'light');
  const light = await expectFolioColors(page);

  // The toggle only changes data-theme on <html>: the card must follow without a reload.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await expectFolioColors(page);

  expect(dark.card).not.toBe(light.card);
  expect(dark.button).not.toBe(light.button);
  for (const color of [light.button, dark.button, light.link, dark.link]) expect(AMPLIFY_TEAL).not.toContain(color);
});

test('the heading lines up with the sign-in card', async ({ page }) => {
  await openSignIn(page, 'light');
  const heading = await page.getByRole('heading', { level: 1, name: 'Sign in to write' }).boundingBox();
  const card = await page.locator('[data-amplify-router]').boundingBox();
  expect(heading && card && Math.abs(heading.x - card.x)).toBeLessThanOrEqual(1);
});

test('a wrong password gets a plain-language message', async ({ page }) => {
  await openSignIn(page, 'light');
  await signIn(page, { email: ANN.email, password: 'Not-Anns-Password-1!' });
  await expect(authenticatorAlert(page)).toHaveText("That email and password don't match. Check both, or reset your password.");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a wrong code from the authenticator app gets a plain-language message', async ({ page }) => {
  test.setTimeout(120_000);
  // A new account of its own, so turning on two-step sign-in changes no other spec's user.
  const account = { email: `two.step.${Date.now()}@folio.test`, password: 'Two-Step-2026!' };
  const started = Date.now();
  await page.goto('/sign-in?next=%2Fstudio%2Fprofile');
  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Name').fill('Two Step');
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByLabel('Confirm Password').fill(account.password);
  await page.getByRole('button', { name: 'Create Account' }).click();
  await page.getByLabel('Confirmation Code').fill(await latestCode(account.email, 'sign-up', started));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/studio\/profile$/);

  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'On: signing in asks for a code' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto('/sign-in');
  await signIn(page, account);
  const codeField = page.getByRole('textbox', { name: /code/i });
  await expect(codeField).toBeVisible();
  // A code outside the window the backend accepts (the current 30-second step and one either side).
  const accepted = [-30_000, 0, 30_000].map((offset) => totp(secret, Date.now() + offset));
  const wrong = ['000000', '111111', '222222', '333333'].find((code) => !accepted.includes(code))!;
  await codeField.fill(wrong);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(authenticatorAlert(page)).toHaveText("That code didn't match — check the time on your phone and try the newest code.");
});
