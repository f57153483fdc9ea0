import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ANN, openStudio, signIn, untilHydrated } from './helpers';

test('a visitor reads seeded posts on the server-rendered home page', async ({ page, request }) => {
  // The HTML itself (no client rendering) already carries the posts.
  const html = await (await request.get('/')).text();
  expect(html).toContain('The first frost');
  expect(html).not.toContain('winter cycling kit');

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Latest stories' })).toBeVisible();
  await page.getByRole('link', { name: 'The first frost' }).click();
  await expect(page).toHaveURL(/\/posts\/the-first-frost$/);
  await expect(page.getByRole('heading', { level: 1, name: 'The first frost' })).toBeVisible();
  await expect(page.getByText('By Ben Lindqvist')).toBeVisible();
});

test('an unknown post is a 404 that looks like the site', async ({ page }) => {
  const response = await page.goto('/posts/no-such-post');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('an author signs in, writes and publishes a post that visitors then see', async ({ page }) => {
  await page.goto('/studio/new');
  // The middleware sends a signed-out visitor to sign-in, remembering where they were going.
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fstudio%2Fnew$/);
  await signIn(page, ANN);
  await expect(page).toHaveURL(/\/studio\/new$/);
  // The slug follows the title only once React has taken over the editor.
  await untilHydrated(page, '#body');
  // The session cookies last as long as the refresh token (30 days), not the library's default year.
  const session = (await page.context().cookies()).filter((cookie) => cookie.name.startsWith('CognitoIdentityServiceProvider.'));
  expect(session.map((cookie) => cookie.name.split('.').pop())).toEqual(expect.arrayContaining(['accessToken', 'idToken', 'refreshToken']));
  for (const cookie of session) {
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.expires * 1000).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(cookie.expires * 1000).toBeLessThan(Date.now() + 31 * 86_400_000);
  }

  const title = `Notes from the e2e run ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await expect(page.getByLabel('Slug')).toHaveValue(/^notes-from-the-e2e-run-\d+$/);
  const slug = await page.getByLabel('Slug').inputValue();
  await page.getByLabel('Excerpt').fill('Written by a browser.');
  await page.getByLabel('Tags').fill('testing, e2e');
  await page.getByLabel('Body (markdown)').fill('First paragraph.\n\nSecond paragraph.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();

  // A draft is not public.
  const draftResponse = await page.request.get(`/posts/${slug}`);
  expect(draftResponse.status()).toBe(404);

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();

  const visitor = await page.context().browser()!.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto('/');
  await expect(visitorPage.getByRole('link', { name: title })).toBeVisible();
  await visitorPage.getByRole('link', { name: title }).click();
  await expect(visitorPage.getByText('Second paragraph.')).toBeVisible();
  await visitor.close();
});

test('a form error is shown inline and nothing is saved', async ({ page }) => {
  await openStudio(page, '/studio/new');
  await page.getByLabel('Title').fill('Bad slug');
  await page.getByLabel('Slug').fill('Not A Slug!');
  await page.getByLabel('Body (markdown)').fill('Body');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('#slug-error')).toContainText('lowercase letters');
  await expect(page).toHaveURL(/\/studio\/new$/);
});

test('[red-team sessions] a tampered session cookie is treated as signed out by the middleware', async ({ page, context }) => {
  await openStudio(page, '/studio');
  await expect(page.getByRole('heading', { name: 'Your posts' })).toBeVisible();

  const cookies = await context.cookies();
  const tokenCookies = cookies.filter((cookie) => /\.(accessToken|idToken)$/.test(cookie.name));
  expect(tokenCookies.length).toBe(2);
  await context.addCookies(
    tokenCookies.map((cookie) => {
      const [header, payload, signature] = cookie.value.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      // Same signature, different claims: only a real signature check can tell.
      const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['ADMINS'] })).toString('base64url');
      return { ...cookie, value: `${header}.${forged}.${signature}` };
    }),
  );
  const response = await page.goto('/studio');
  expect(response?.url()).toMatch(/\/sign-in\?next=%2Fstudio$/);
});

/**
 * Cookies signed with the pool's real key but wrong in one respect: only a verifier that checks
 * issuer and expiry (not just the signature) treats them as signed out. The e2e backend's key
 * lives in its data folder (see playwright.config.ts).
 */
test.describe('[red-team sessions] validly signed but unacceptable session cookies', () => {
  const keyFile = join(__dirname, '..', '.local-data', 'e2e', 'cognito', 'cognito-signing-key.pem');

  function resign(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
    const [header, payload] = token.split('.') as [string, string];
    const claims = change(JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>);
    const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = createSign('RSA-SHA256').update(body).sign(readFileSync(keyFile, 'utf8')).toString('base64url');
    return `${body}.${signature}`;
  }

  async function signedInWith(
    page: Page,
    context: BrowserContext,
    change: (claims: Record<string, unknown>) => Record<string, unknown>,
    dropRefresh: boolean,
    clockDrift?: string,
  ) {
    await openStudio(page, '/studio');
    const cookies = await context.cookies();
    const tokens = cookies.filter((cookie) => /\.(accessToken|idToken)$/.test(cookie.name));
    expect(tokens).toHaveLength(2);
    // The control: re-signing without a change is still accepted, so the checks below test only the change.
    await context.addCookies(tokens.map((cookie) => ({ ...cookie, value: resign(cookie.value, (claims) => claims) })));
    expect((await page.goto('/studio'))?.url()).toMatch(/\/studio$/);
    // Off the studio first: its client code must not refresh or rewrite the cookies while they change.
    await page.goto('about:blank');
    const forged = tokens.map((cookie) => ({ ...cookie, value: resign(cookie.value, change) }));
    await context.addCookies(forged);
    if (dropRefresh) {
      const refresh = cookies.find((cookie) => cookie.name.endsWith('.refreshToken'));
      if (refresh) await context.addCookies([{ ...refresh, value: 'revoked-or-garbage' }]);
    }
    if (clockDrift !== undefined) {
      // The client library keeps its estimate of the clock difference in a cookie beside the tokens.
      const access = tokens.find((cookie) => cookie.name.endsWith('.accessToken'))!;
      await context.addCookies([{ ...access, name: access.name.replace(/accessToken$/, 'clockDrift'), value: clockDrift }]);
    }
    const response = await page.goto('/studio');
    expect(response?.status()).toBe(200);
    return { url: response?.url(), forged };
  }

  test('a token from another issuer is refused', async ({ page, context }) => {
    const { url } = await signedInWith(
      page,
      context,
      (claims) => ({ ...claims, iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EvilPool1' }),
      true,
    );
    expect(url).toMatch(/\/sign-in\?next=%2Fstudio$/);
  });

  test('an expired token that cannot be refreshed is refused', async ({ page, context }) => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const { url } = await signedInWith(page, context, (claims) => ({ ...claims, iat: past - 3600, auth_time: past - 3600, exp: past }), true);
    expect(url).toMatch(/\/sign-in\?next=%2Fstudio$/);
  });

  test('an expired token with a forged clock-drift cookie is still signed out, never a server error', async ({ page, context }) => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    // -1e10 ms: "this browser's clock is 115 days behind", which would make any expired token look fresh.
    const { url, forged } = await signedInWith(
      page,
      context,
      (claims) => ({ ...claims, iat: past - 3600, auth_time: past - 3600, exp: past }),
      true,
      '-10000000000',
    );
    expect(url).toMatch(/\/sign-in\?next=%2Fstudio$/);

    // The redirect also drops the forged estimate, so the browser's library stops trusting the token.
    // Asked again without a browser page (whose library may have cleared the cookies meanwhile).
    await page.goto('about:blank');
    const access = forged.find((cookie) => cookie.name.endsWith('.accessToken'))!;
    const driftName = access.name.replace(/accessToken$/, 'clockDrift');
    await context.addCookies([...forged, { ...access, name: driftName, value: '-10000000000' }]);
    const redirect = await page.request.get('/studio/profile', { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expect(redirect.headers()['location']).toMatch(/\/sign-in\?next=%2Fstudio%2Fprofile$/);
    expect(
      redirect
        .headersArray()
        .filter((header) => header.name.toLowerCase() === 'set-cookie')
        .map((header) => header.value),
    ).toContainEqual(expect.stringMatching(new RegExp(`^${driftName.replace(/[.]/g, '\\.')}=;.*Expires=Thu, 01 Jan 1970`, 'i')));
  });
});
