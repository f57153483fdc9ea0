import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Cookie, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';

export const ANN = { email: 'ann@folio.test', password: 'Folio-Ann-2026!', name: 'Ann Okafor', handle: 'ann-okafor' };
export const BEN = { email: 'ben@folio.test', password: 'Folio-Ben-2026!', name: 'Ben Lindqvist', handle: 'ben-lindqvist' };
export const CORA = { email: 'cora@folio.test', password: 'Folio-Cora-2026!', name: 'Cora Mensah' };
export const ELI = { email: 'eli@folio.test', password: 'Folio-Eli-2026!', name: 'Eli Navarro' };
export const RITA = { email: 'rita@folio.test', password: 'Folio-Rita-2026!', name: 'Rita Reader' };
export const ADMIN = { email: 'admin@folio.test', password: 'Folio-Admin-2026!', name: 'Folio Admin' };

export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The axe rules whose outcome depends on colours: the only ones a second colour scheme can change,
 * since the dark theme is CSS custom properties on the same markup.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * WCAG 2.1 A/AA checks on the page as it is now; the failure lists each rule and element. In the
 * dark theme only the colour rules run: every other rule sees the same DOM as in the light run of
 * the same test, and skipping them halves the cost of the most expensive journeys.
 */
export async function expectNoAxeViolations(page: Page, theme: 'light' | 'dark' = 'light') {
  const builder = new AxeBuilder({ page });
  const results = await (theme === 'dark' ? builder.withRules(COLOUR_RULES) : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

/**
 * The session cookies of each account's first sign-in in this Playwright worker. Journeys that are
 * not about signing in reuse them instead of going through the sign-in page again (an SRP exchange
 * and two page loads each, most of a minute over a run). Each sign-in is its own Cognito session,
 * so a journey that signs out of another one never revokes these.
 */
const sessions = new Map<string, Cookie[]>();

/** Opens a studio page signed in as the account: with its kept session, or through the sign-in page (keeping that session). */
export async function openStudio(page: Page, path: string, account: { email: string; password: string } = ANN) {
  const kept = sessions.get(account.email);
  if (kept) await page.context().addCookies(kept);
  await page.goto(path);
  if (page.url().includes('/sign-in')) {
    await signIn(page, account);
    await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, '\\$&')}$`));
    sessions.set(account.email, await page.context().cookies());
  }
}

/** The editor's save status line and body field. */
export const editorStatus = (page: Page) => page.locator('.save-status');
export const editorBody = (page: Page) => page.getByLabel('Body (markdown)');

/**
 * Waits until React has taken over a server-rendered element. Text typed into the editor before
 * hydration is lost to it (React renders its own state over the field), which under load makes a
 * journey fill a form that then submits empty.
 */
export async function untilHydrated(page: Page, selector: string) {
  await page.waitForFunction((css) => {
    const element = document.querySelector(css);
    return element !== null && Object.keys(element).some((key) => key.startsWith('__reactProps'));
  }, selector);
}

/** A fresh draft of Ann's, opened in the editor; returns its edit URL. */
export async function newDraft(page: Page, title: string, text = 'First words.'): Promise<string> {
  await openStudio(page, '/studio/new');
  await untilHydrated(page, '#body');
  await page.getByLabel('Title').fill(title);
  await editorBody(page).fill(text);
  await page.getByRole('button', { name: 'Save draft' }).click();
  // A group's first save loads the server action's code on a server that may share the cores with
  // the other group's build: allow it more than the default 10 s.
  await expect(page).toHaveURL(/\/studio\/posts\/[^/?]+\?saved=draft$/, { timeout: 30_000 });
  await expect(editorStatus(page)).toHaveText('All changes saved');
  return page.url().split('?')[0]!;
}

/** Writes and publishes a post through the studio; returns its slug. */
export async function publishThroughStudio(page: Page, post: { title: string; body: string; tags?: string; excerpt?: string }): Promise<string> {
  await openStudio(page, '/studio/new');
  await untilHydrated(page, '#body');
  await page.getByLabel('Title').fill(post.title);
  const slug = await page.getByLabel('Slug').inputValue();
  if (post.excerpt) await page.getByLabel('Excerpt').fill(post.excerpt);
  if (post.tags) await page.getByLabel('Tags').fill(post.tags);
  await page.getByLabel('Body (markdown)').fill(post.body);
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  return slug;
}

/** RFC 6238 code (HMAC-SHA1, 6 digits, 30 s) for a base32 secret, as an authenticator app shows it; computed by otpauth. */
export function totp(secret: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });
}

/** The newest code the local Cognito "sent" to an address, from the mailbox of the backend this test's app uses. */
export async function latestCode(email: string, kind: 'sign-up' | 'password reset', after: number): Promise<string> {
  const mailbox = join(__dirname, '..', '.local-data', test.info().project.metadata.dataDir as string, 'mailbox.log');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const lines = existsSync(mailbox) ? readFileSync(mailbox, 'utf8').trim().split('\n') : [];
    for (const line of lines.reverse()) {
      const [stamp] = line.split(' ');
      const match = line.match(new RegExp(`\\] ${kind} code for ${email.replace(/[.+]/g, '\\$&')}: (\\d{6})$`));
      if (match && Date.parse(stamp ?? '') >= after) return match[1]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No ${kind} code for ${email} in ${mailbox}`);
}
