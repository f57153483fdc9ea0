import { expect, test } from '@playwright/test';
import { ANN, expectNoAxeViolations, openStudio, RITA } from './helpers';

const POST = { slug: 'why-i-write-in-the-morning', title: 'Why I write in the morning' };

test('a reader comments; the author approves it from a queue that updates live; another reader sees it appear without reloading', async ({ browser }) => {
  test.setTimeout(120_000);
  // The author's moderation queue, open before the comment exists.
  const authorContext = await browser.newContext();
  const author = await authorContext.newPage();
  await openStudio(author, '/studio/comments', ANN);
  await expect(author.getByRole('status').filter({ hasText: 'Live: new comments appear here' })).toBeVisible({ timeout: 20_000 });
  await expect(author.getByText('No comments are waiting.')).toBeVisible();

  // A visitor reads the post; the comments island loads when it comes into view and goes live.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/posts/${POST.slug}`);
  await visitor.getByRole('heading', { name: 'Comments' }).scrollIntoViewIfNeeded();
  await expect(visitor.getByRole('link', { name: 'Sign in' }).last()).toBeVisible();
  await expect(visitor.locator('[data-live="live"]')).toBeVisible({ timeout: 20_000 });

  // A reader (her first comment) posts; it waits for moderation and is not public yet.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await openStudio(reader, '/studio', RITA);
  await reader.goto(`/posts/${POST.slug}`);
  await reader.getByRole('heading', { name: 'Comments' }).scrollIntoViewIfNeeded();
  const text = `Mornings work for me too (${Date.now()}).`;
  await reader.getByLabel('Add a comment as Rita Reader').fill(`*${text}*`);
  await reader.getByRole('button', { name: 'Post comment' }).click();
  await expect(reader.getByRole('status').filter({ hasText: 'will appear once a moderator approves it' })).toBeVisible();
  await expectNoAxeViolations(reader);
  expect(await (await visitor.request.get(`/posts/${POST.slug}`)).text()).not.toContain(text);

  // The author's queue shows it without a reload; she approves it.
  const waiting = author.getByRole('listitem').filter({ hasText: text });
  await expect(waiting).toBeVisible({ timeout: 15_000 });
  await expect(waiting.locator('em')).toHaveText(text);
  await waiting.getByRole('button', { name: 'Approve' }).click();
  await expect(author.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();

  // The visitor sees it arrive, without reloading; the page itself now carries it, and the count.
  await expect(visitor.getByRole('list', { name: 'New comments' }).getByText(text)).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await (await visitor.request.get(`/posts/${POST.slug}`)).text()).includes(text), { timeout: 15_000 }).toBe(true);
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: /^1 comment$/ })).toBeVisible();
  await expectNoAxeViolations(visitor);
  for (const context of [authorContext, visitorContext, readerContext]) await context.close();
});
