import { expect, test, type APIRequestContext } from '@playwright/test';
import { ANN, publishThroughStudio } from './helpers';

/** Every public surface that can show a post, read fresh as a visitor would. */
async function surfaces(request: APIRequestContext, slug: string, tag: string) {
  const text = async (path: string) => {
    const response = await request.get(path);
    return { status: response.status(), body: await response.text() };
  };
  return {
    home: await text('/'),
    post: await text(`/posts/${slug}`),
    tag: await text(`/tags/${tag}`),
    author: await text(`/authors/${ANN.handle}`),
    feed: await text('/feed.xml'),
    // The sitemap's first file (a site under 50,000 addresses has one; /sitemap.xml is the index naming it).
    sitemap: await text('/sitemap/0.xml'),
    search: await text(`/search?q=${tag}`),
  };
}

test('publishing, updating and unpublishing show up on every affected public page on the next request', async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const tag = `fresh-${stamp}`;
  const title = `Fresh off the press ${stamp}`;
  const slug = await publishThroughStudio(page, { title, body: 'News.\n\n## One\n\nText.', tags: `${tag}, news`, excerpt: 'Hot news.' });

  const live = await surfaces(request, slug, tag);
  expect(live.post.status).toBe(200);
  // The sitemap lists addresses, and search marks the words that matched inside the title: both are checked by the post's address.
  for (const [name, surface] of Object.entries(live)) expect(surface.body, name).toContain(name === 'sitemap' || name === 'search' ? `/posts/${slug}` : title);

  // Edit the live post: the draft changes first, the site only after "Update live post".
  const renamed = `${title} (revised)`;
  await page.goto(page.url());
  await page.getByLabel('Title').fill(renamed);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  expect(await (await request.get(`/posts/${slug}`)).text()).not.toContain('(revised)');
  await page.getByRole('button', { name: 'Update live post' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  const updated = await surfaces(request, slug, tag);
  for (const name of ['home', 'post', 'tag', 'author', 'feed', 'search'] as const) {
    expect(updated[name].body, name).toContain('(revised)');
  }

  await page.getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Unpublished' })).toBeVisible();
  const gone = await surfaces(request, slug, tag);
  expect(gone.post.status).toBe(404);
  expect(gone.tag.status).toBe(404);
  for (const [name, surface] of Object.entries(gone)) {
    expect(surface.body, name).not.toContain(`Fresh off the press ${stamp}`);
    expect(surface.body, name).not.toContain(`/posts/${slug}"`);
  }
  expect(gone.sitemap.body).not.toContain(`/posts/${slug}<`);
});
