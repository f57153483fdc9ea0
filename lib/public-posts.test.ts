import { pageByDate, parseCursor, usableRecords, type Cursor } from './public-posts';

/** An index of `count` posts one minute apart, answering range queries the way the by-date GSI does. */
function index(count: number) {
  const posts = Array.from({ length: count }, (_, i) => ({ slug: `p${i}`, publishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
  const newestFirst = [...posts].reverse();
  const fetchPage = async ({ before, after, limit }: { before: string | null; after: string | null; limit: number }) =>
    after
      ? posts.filter((post) => post.publishedAt > after).slice(0, limit)
      : newestFirst.filter((post) => !before || post.publishedAt < before).slice(0, limit);
  return { newestFirst, fetchPage };
}

async function walk(count: number, limit: number) {
  const { newestFirst, fetchPage } = index(count);
  const pages: string[][] = [];
  let cursor: Cursor = {};
  let page = await pageByDate(cursor, limit, fetchPage);
  expect(page.newerCursor).toBeNull();
  pages.push(page.items.map((post) => post.slug));
  while (page.olderCursor) {
    cursor = { before: page.olderCursor };
    page = await pageByDate(cursor, limit, fetchPage);
    pages.push(page.items.map((post) => post.slug));
  }
  // And back again through the newer cursors, page by page.
  const back: string[][] = [page.items.map((post) => post.slug)];
  while (page.newerCursor) {
    page = await pageByDate({ after: page.newerCursor }, limit, fetchPage);
    back.unshift(page.items.map((post) => post.slug));
  }
  return { expected: newestFirst.map((post) => post.slug), pages, back };
}

describe('pageByDate', () => {
  it.each([
    [0, 10],
    [1, 10],
    [10, 10],
    [11, 10],
    [25, 10],
    [30, 3],
  ])('walks %i posts %i at a time, newest first, each exactly once, both ways', async (count, limit) => {
    const { expected, pages, back } = await walk(count, limit);
    expect(pages.flat()).toEqual(expected);
    expect(pages.every((page) => page.length <= limit)).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    expect(back).toEqual(pages);
  });

  it('ends the older direction exactly on the last full page', async () => {
    const { fetchPage } = index(20);
    const second = await pageByDate({ before: (await pageByDate({}, 10, fetchPage)).olderCursor }, 10, fetchPage);
    expect(second.items).toHaveLength(10);
    expect(second.olderCursor).toBeNull();
    expect(second.newerCursor).not.toBeNull();
  });
});

describe('parseCursor', () => {
  it('accepts only ISO instants from the URL', () => {
    expect(parseCursor('2026-01-01T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(parseCursor('2026-01-01')).toBeNull();
    expect(parseCursor(['2026-01-01T00:00:00.000Z'])).toBeNull();
    expect(parseCursor('2026-01-01T00:00:00.000Z OR 1=1')).toBeNull();
    expect(parseCursor(undefined)).toBeNull();
  });
});

describe('usableRecords', () => {
  const required = ['slug', 'title'] as const;
  afterEach(() => jest.restoreAllMocks());

  it('leaves out a record the API could not give whole, and logs it, instead of failing the listing', () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const data = [{ slug: 'a', title: 'A' }, null, { slug: 'c', title: null }, { slug: 'd', title: 'D' }];
    const errors = [{ message: "Cannot return null for non-nullable type: 'String' within parent 'PublishedPost'" }];
    expect(usableRecords(data, errors, 'published posts', required).map((item) => item.slug)).toEqual(['a', 'd']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('published posts: 2 record(s) left out (Cannot return null'));
  });

  it('passes a whole listing through silently, and still fails a listing that returned nothing at all', () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(usableRecords([{ slug: 'a', title: 'A' }], undefined, 'x', required)).toHaveLength(1);
    expect(logged).not.toHaveBeenCalled();
    expect(() => usableRecords(null, [{ message: 'Network error' }], 'published posts', required)).toThrow('Reading published posts failed: Network error');
  });

  // What the data client answers when the API is down: a list read gives [] and a get gives null
  // (passed here as [null]), each with an error that has no path. Read as "no posts", that would be
  // cached as an empty archive or a 404 tag page; it must fail so the page is not cached.
  it('fails a read that gave nothing because the request failed, rather than calling it empty', () => {
    const networkDown = [{ message: 'A network error has occurred.' }];
    expect(() => usableRecords([], networkDown, 'published posts', required)).toThrow('Reading published posts failed: A network error has occurred.');
    expect(() => usableRecords([null], networkDown, 'post a', required)).toThrow('Reading post a failed');
    const resolverFailed = [{ message: 'Throttled', path: ['listPublishedPostsByDate'] }];
    expect(() => usableRecords([], resolverFailed, 'published posts', required)).toThrow('Reading published posts failed: Throttled');
  });

  it('still treats a read whose only record was bad as empty, and an empty listing without errors as empty', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const badRecord = [{ message: "Cannot return null for non-nullable type: 'String'", path: ['getPublishedPost', 'title'] }];
    expect(usableRecords([null], badRecord, 'post a', required)).toEqual([]);
    expect(usableRecords([], undefined, 'published posts', required)).toEqual([]);
  });
});
