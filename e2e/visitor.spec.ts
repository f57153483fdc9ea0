import { expect, test } from '@playwright/test';
import { BEN, expectNoAxeViolations, publishThroughStudio, untilHydrated } from './helpers';

test('home paginates forward and back through all twelve seeded posts', async ({ page }) => {
  await page.goto('/');
  const titles = async () => page.locator('main .post-list h2').allTextContents();
  const first = await titles();
  expect(first).toHaveLength(10);
  expect(first[0]).not.toBe('');
  await page.getByRole('link', { name: 'Older posts →' }).click();
  await expect(page).toHaveURL(/\/page\/older\//);
  const second = await titles();
  expect(second.length).toBeGreaterThanOrEqual(2);
  expect(second.some((title) => first.includes(title))).toBe(false);
  expect(second).toContain('Why I write in the morning');
  await page.getByRole('link', { name: '← Newer posts' }).click();
  await expect(page).toHaveURL(/\/page\/newer\//);
  expect(await titles()).toEqual(first);
  await expect(page.getByRole('link', { name: '← Newer posts' })).toHaveCount(0);
});

test('a reader at the end of a post goes on to the next story, then to a related one', async ({ page }) => {
  await page.goto('/posts/case-for-shorter-chapters');
  const around = page.getByRole('navigation', { name: 'Previous and next stories' });
  // Publication order: the lichens guide (5 Sep) came before, the bicycle repair (14 Sep) after.
  await expect(around.getByRole('link', { name: /Previous story/ })).toContainText('A field guide to urban lichens');
  await around.getByRole('link', { name: /Next story/ }).click();
  await expect(page).toHaveURL(/\/posts\/repairing-a-1970s-bicycle$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Repairing a 1970s bicycle' })).toBeVisible();

  // The oldest post has nothing before it; the newest nothing after it.
  await page.goto('/posts/why-i-write-in-the-morning');
  await expect(page.getByRole('link', { name: /Previous story/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Next story/ })).toContainText('A field guide to urban lichens');
  // (Other journeys in this group publish, so the newest post is whichever home features.)
  await page.goto('/');
  await page.locator('main .featured').getByRole('heading').getByRole('link').click();
  await expect(page.getByRole('navigation', { name: 'Previous and next stories' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Next story/ })).toHaveCount(0);

  // Related: the post sharing both tags (books, habits) first, then those sharing one, newest first.
  await page.goto('/posts/on-keeping-a-commonplace-book');
  const related = page.getByRole('region', { name: 'Keep reading' });
  await expect(related.getByRole('heading', { level: 3 })).toHaveText([
    'Reading slowly on purpose',
    'The case for shorter chapters',
    'Why I write in the morning',
  ]);
  await related.getByRole('link', { name: 'Reading slowly on purpose' }).click();
  await expect(page).toHaveURL(/\/posts\/reading-slowly-on-purpose$/);
  // Share links are plain links out: the post's own address in each, nothing loaded from those sites.
  const share = page.getByRole('list', { name: 'Share' }).getByRole('link');
  await expect(share).toHaveText([/Bluesky/, /Facebook/, /LinkedIn/, /^X/, 'Email']);
  for (const href of await share.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href))) {
    expect(decodeURIComponent(href)).toMatch(/\/posts\/reading-slowly-on-purpose/);
  }
  // Every resource the page loaded came from this machine (the site, or its own backend for comments).
  const hosts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).hostname));
  expect(hosts.length).toBeGreaterThan(0);
  expect(hosts.filter((host) => host !== 'localhost' && host !== '127.0.0.1')).toEqual([]);
});

test('a post page shows author, date, reading time, tags and a rendered body', async ({ page }) => {
  await page.goto('/posts/repairing-a-1970s-bicycle');
  await expect(page.getByRole('heading', { level: 1, name: 'Repairing a 1970s bicycle' })).toBeVisible();
  await expect(page.locator('.byline')).toContainText('min read');
  await expect(page.locator('.byline').getByRole('link', { name: BEN.name })).toHaveAttribute('href', `/authors/${BEN.handle}`);
  // The author card under the post: name (linked) and bio.
  const card = page.getByRole('complementary', { name: 'About the author' });
  await expect(card.getByRole('link', { name: BEN.name })).toHaveAttribute('href', `/authors/${BEN.handle}`);
  await expect(page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: 'cycling' })).toBeVisible();
  const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
  expect(canonical).toMatch(/\/posts\/repairing-a-1970s-bicycle$/);
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}') as unknown;
  expect(jsonLd).toMatchObject({ '@type': 'BlogPosting', headline: 'Repairing a 1970s bicycle' });
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(ogImage).toMatch(/\/posts\/repairing-a-1970s-bicycle\/opengraph-image/);
  const og = await page.request.get(new URL(ogImage!).pathname + new URL(ogImage!).search);
  expect(og.status()).toBe(200);
  expect(og.headers()['content-type']).toBe('image/png');
});

test('tag and author pages list the right posts', async ({ page }) => {
  await page.goto('/tags/nature');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('nature');
  const tagged = await page.locator('main .post-list h2').allTextContents();
  expect(tagged.sort()).toEqual(['A field guide to urban lichens', 'The first frost', 'What the river taught me about maps'].sort());

  await page.goto(`/authors/${BEN.handle}`);
  await expect(page.getByRole('heading', { level: 1, name: BEN.name })).toBeVisible();
  await expect(page.getByText('Cyclist, gardener and amateur naturalist.')).toBeVisible();
  const byBen = await page.locator('main .post-list h2').allTextContents();
  expect(byBen).toHaveLength(6);
  expect(byBen).not.toContain('Why I write in the morning');
  expect((await page.goto('/authors/nobody-here'))?.status()).toBe(404);
  expect((await page.goto('/tags/no-such-tag'))?.status()).toBe(404);
});

test('search finds posts by title, tag, author and body, forgives plurals and typos, and never drafts', async ({ page }) => {
  await page.goto('/search');
  await page.getByLabel('Search stories').fill('lichens');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/search\?q=lichens/);
  await expect(page.locator('main .post-list h2')).toHaveText(['A field guide to urban lichens']);
  await expect(page.locator('main .post-list h2 mark')).toHaveText(['lichens']);
  await page.goto('/search?q=cycling');
  await expect(page.locator('main .post-list h2')).toHaveText(['Repairing a 1970s bicycle']);
  // Only in a body ("The dahlias went black overnight."): found, with the word marked in the snippet.
  await page.goto('/search?q=dahlias');
  await expect(page.locator('main .post-list h2')).toHaveText(['The first frost']);
  await expect(page.locator('main .search-snippet mark')).toHaveText(['dahlias']);
  await expect(page.locator('main .search-snippet')).toContainText('went black overnight');
  // A plural of a title word, and a one-letter typo of it.
  await page.goto('/search?q=bicycles');
  await expect(page.locator('main .post-list h2')).toHaveText(['Repairing a 1970s bicycle']);
  await page.goto('/search?q=bicyle');
  await expect(page.locator('main .post-list h2')).toHaveText(['Repairing a 1970s bicycle']);
  // The draft "winter cycling kit" (lobster gloves, mudguards) is in no result.
  await page.goto('/search?q=winter');
  await expect(page.getByRole('status')).toHaveText('No stories match “winter”.');
  await expect(page.locator('main .post-list li')).toHaveCount(0);
  await page.goto('/search?q=mudguards');
  await expect(page.getByRole('status')).toHaveText('No stories match “mudguards”.');
  // A miss suggests popular tags and, for a misspelling too far for the typo allowance, the word meant.
  await expect(page.getByRole('list', { name: 'Or browse a popular tag:' }).getByRole('link', { name: 'writing' })).toBeVisible();
  await page.goto('/search?q=dahlais');
  await expect(page.getByRole('status')).toHaveText('No stories match “dahlais”.');
  await page.getByRole('link', { name: 'dahlias' }).click();
  await expect(page).toHaveURL(/\/search\?q=dahlias$/);
  await expect(page.locator('main .post-list h2')).toHaveText(['The first frost']);
});

test('the feed is valid RSS with absolute links, and the sitemap lists posts, tags and authors', async ({ page, request }) => {
  const feedResponse = await request.get('/feed.xml');
  expect(feedResponse.headers()['content-type']).toContain('application/rss+xml');
  const feed = await feedResponse.text();
  // robots.txt names the index; the index names the files.
  const index = await (await request.get('/sitemap.xml')).text();
  const sitemap = await (await request.get('/sitemap/0.xml')).text();
  await page.goto('/');
  const parsed = await page.evaluate(
    ({ feedXml, indexXml, sitemapXml }) => {
      const parse = (xml: string) => new DOMParser().parseFromString(xml, 'application/xml');
      const rss = parse(feedXml);
      const files = parse(indexXml);
      const map = parse(sitemapXml);
      return {
        errors: [rss, files, map].reduce((sum, doc) => sum + doc.getElementsByTagName('parsererror').length, 0),
        items: [...rss.querySelectorAll('item > link')].map((link) => link.textContent ?? ''),
        files: [...files.querySelectorAll('sitemapindex > sitemap > loc')].map((loc) => loc.textContent ?? ''),
        urls: [...map.getElementsByTagName('loc')].map((loc) => loc.textContent ?? ''),
      };
    },
    { feedXml: feed, indexXml: index, sitemapXml: sitemap },
  );
  expect(parsed.errors).toBe(0);
  expect(parsed.files).toEqual([expect.stringMatching(/^http:\/\/localhost:\d+\/sitemap\/0\.xml$/)]);
  expect((await request.get('/sitemap/1.xml')).status()).toBe(404);
  expect(parsed.items.length).toBeGreaterThanOrEqual(12);
  for (const link of parsed.items) expect(link).toMatch(/^http:\/\/localhost:\d+\/posts\/[a-z0-9-]+$/);
  expect(parsed.urls).toContainEqual(expect.stringMatching(/\/posts\/the-first-frost$/));
  expect(parsed.urls).toContainEqual(expect.stringMatching(/\/tags\/nature$/));
  expect(parsed.urls).toContainEqual(expect.stringMatching(/\/authors\/ben-lindqvist$/));
  expect(parsed.urls.some((url) => url.includes('winter-cycling-kit'))).toBe(false);
  // Feed autodiscovery on every kind of page, once each.
  for (const path of ['/', '/posts/the-first-frost', '/tags/nature', '/authors/ben-lindqvist', '/search?q=frost', '/about', '/no-such-page']) {
    await page.goto(path);
    await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]'), path).toHaveAttribute('href', /\/feed\.xml$/);
  }
});

test("an address no route knows answers 404 with the site's header, the message and a way home", async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the latest stories' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('public pages are cacheable and set no cookies', async ({ request }) => {
  for (const path of ['/', '/posts/the-first-frost', '/tags/nature', `/authors/${BEN.handle}`]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['cache-control'], path).toMatch(/s-maxage=\d+/);
    expect(response.headers()['set-cookie'], path).toBeUndefined();
  }
});

test('public pages, dynamic ones included, carry their title and description in the head', async ({ request }) => {
  // Next.js streams a dynamic page's metadata into the body unless told otherwise (htmlLimitedBots
  // in next.config.ts); the server's HTML is what link previews and crawlers read.
  for (const path of ['/', '/posts/notes-on-editing-your-own-work', '/tags/writing', `/authors/${BEN.handle}`, '/search', '/search?q=books']) {
    const html = await (await request.get(path)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head, path).toMatch(/<title>[^<]+<\/title>/);
    expect(head, path).toMatch(/<meta name="description" content="[^"]+"/);
  }
});

test('visitor pages load no Amplify JavaScript up front', async ({ request }) => {
  // Amplify's core names itself in the user agent it sends ("aws-amplify") and in its
  // "Call Amplify.configure()" errors: any chunk carrying it holds Amplify code. Visitor pages once
  // loaded the studio's chunks because a layout shared their client modules (see
  // app/(studio)/studio/layout.tsx). What a page loads up front is every script its HTML names,
  // as a tag or in the flight data; the comment form's own chunks come later, near the comments.
  const AMPLIFY = /aws-amplify|Amplify\.configure\(\)/;
  const upFront = async (path: string): Promise<Map<string, string>> => {
    const html = await (await request.get(path)).text();
    const names = new Set([...html.matchAll(/static\/chunks\/[\w@()[\]%/.-]+?\.js/g)].map(([name]) => `/_next/${name}`));
    return new Map(await Promise.all([...names].map(async (name) => [name, await (await request.get(name)).text()] as const)));
  };
  for (const path of ['/', '/posts/notes-on-editing-your-own-work', '/tags/writing', `/authors/${BEN.handle}`, '/search?q=books']) {
    const scripts = await upFront(path);
    expect(scripts.size, path).toBeGreaterThan(3);
    for (const [name, body] of scripts) expect(body, `${path}: ${name}`).not.toMatch(AMPLIFY);
  }
  // The same check finds Amplify where it belongs: the sign-in page configures it.
  const signIn = await upFront('/sign-in');
  expect([...signIn.values()].some((body) => AMPLIFY.test(body))).toBe(true);
});

for (const theme of ['light', 'dark'] as const) {
  test(`home, post, tag, search and 404 pages have no axe violations in ${theme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    for (const path of ['/', '/posts/notes-on-editing-your-own-work', '/tags/writing', '/search?q=books', '/search?q=zzqx', '/no-such-page']) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expectNoAxeViolations(page, theme);
    }
  });
}

test('on a phone the links sit behind Menu, which closes once the reader has picked one', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  // Closing on navigation and on Escape is the menu's script: wait until it runs.
  await untilHydrated(page, 'details.site-menu');
  const site = page.getByRole('navigation', { name: 'Site' });
  const menu = site.locator('summary', { hasText: 'Menu' });
  // The header stays one compact row: brand, theme toggle and Menu.
  expect((await page.locator('header.site-header').boundingBox())?.height).toBeLessThan(80);
  await expect(site.getByRole('link', { name: 'Search' })).toBeHidden();
  await menu.click();
  // A mark on the window survives only a client-side navigation, where the header stays mounted.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await site.getByRole('link', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/search$/);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expect(site.getByRole('link', { name: 'About' })).toBeHidden();
  // Escape closes it too, and gives focus back to the button that opened it.
  await menu.click();
  await expect(site.getByRole('link', { name: 'About' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(site.getByRole('link', { name: 'About' })).toBeHidden();
  await expect(menu).toBeFocused();
  // The footer sits at the bottom of a short page.
  await page.goto('/no-such-page');
  const footer = await page.locator('footer.site-footer').boundingBox();
  expect((footer?.y ?? 0) + (footer?.height ?? 0)).toBeGreaterThanOrEqual(844 - 1);
});

test('the theme toggle switches and remembers the choice without a flash', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/posts/the-first-frost');
  // Set by the inline head script, before any React code runs.
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
});

test('hostile markdown renders inert', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  const body = [
    '# Hostile',
    '<script>alert("script")</script>',
    '<img src="x" onerror="alert(\'onerror\')">',
    '[click](javascript:alert("js-link"))',
    '<a href="jav&#x09;ascript:alert(\'entity\')">entity</a>',
    '<svg onload="alert(\'svg\')"><circle r="10"/></svg>',
    '<iframe src="javascript:alert(\'iframe\')"></iframe>',
    '<style>body{display:none}</style>',
    '<div style="position:fixed;inset:0;background:red">overlay</div>',
    '<!-- <script>alert("comment")</script> -->',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
    'Plain text stays: 5 < 6 & "quotes".',
  ].join('\n\n');
  const slug = await publishThroughStudio(page, { title: `Hostile markdown ${Date.now()}`, body });
  await page.goto(`/posts/${slug}`);
  await expect(page.getByText('Plain text stays: 5 < 6 & "quotes".')).toBeVisible();
  const html = await page.locator('.post-body').innerHTML();
  for (const forbidden of ['<script', 'onerror', 'onload', 'javascript:', '<iframe', '<style', 'style=', '<svg', '<!--', 'data:text', '<form']) {
    expect(html, forbidden).not.toContain(forbidden);
  }
  // Refused links stay as text, so there is nothing to click that could run script.
  await expect(page.locator('.post-body a[href^="javascript"], .post-body a[href^="data:"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toBe(0);
});
