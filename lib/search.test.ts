import { buildSearchIndex, markdownToText, searchIndexFor, searchTerms, snippet, indexTerm, type SearchDocument, type Segment } from './search';

const post = (slug: string, fields: Partial<SearchDocument>): SearchDocument => ({
  postId: slug,
  commentCount: 0,
  slug,
  title: '',
  excerpt: '',
  tags: [],
  coverImage: '',
  coverAlt: '',
  authorName: 'Ann Okafor',
  authorHandle: 'ann-okafor',
  publishedAt: '2026-01-01T00:00:00.000Z',
  text: '',
  ...fields,
});

const posts = [
  post('bread', { title: 'Bread, flour and a little time', tags: ['food'], publishedAt: '2026-10-10T00:00:00.000Z', text: 'Time does the kneading for you.' }),
  post('lichens', { title: 'A field guide to urban lichens', excerpt: 'clean air in the city', tags: ['nature'], authorName: 'Ben Lindqvist' }),
  post('cafe', { title: 'Crème brûlée at the café', excerpt: 'sweet things', tags: ['food'], publishedAt: '2026-11-01T00:00:00.000Z' }),
  post('frost', {
    title: 'The first frost',
    tags: ['nature', 'gardening'],
    authorName: 'Ben Lindqvist',
    text: 'The dahlias went black overnight. The kale, smug, tasted sweeter. Frost is the garden’s deadline.',
  }),
  post('bicycle', { title: 'Repairing a 1970s bicycle', tags: ['repair', 'cycling'], text: 'Cup-and-cone bearings reward patience.' }),
  post('rides', { title: 'Weekend rides', text: 'We took the bicycles out to the coast and back.', publishedAt: '2025-06-01T00:00:00.000Z' }),
  post('script', { title: 'On markup', text: 'Never trust <script>alert("patience")</script> & other <b>tags</b> in patience.' }),
];
const index = buildSearchIndex(posts);
const slugs = (query: string) => index.search(query).hits.map((hit) => hit.post.slug);
const marked = (segments: Segment[]) => segments.filter((segment) => segment.mark).map((segment) => segment.text);
const joined = (segments: Segment[]) => segments.map((segment) => segment.text).join('');

test('matches every term by word prefix across title, tags, excerpt and author', () => {
  expect(slugs('urban lich')).toEqual(['lichens']);
  expect(slugs('ben city')).toEqual(['lichens']);
  expect(slugs('urban bread')).toEqual([]);
});

test('ignores case and accents', () => {
  expect(slugs('CREME Cafe')).toEqual(['cafe']);
});

test('finds words that only the body holds', () => {
  expect(slugs('dahlias')).toEqual(['frost']);
  expect(slugs('kneading')).toEqual(['bread']);
});

test('plural and singular find each other, and so do other forms of a word', () => {
  expect(slugs('bicycles')).toEqual(['bicycle', 'rides']);
  expect(slugs('dahlia')).toEqual(['frost']);
  expect(slugs('repair')).toEqual(['bicycle']);
  expect(slugs('gardens')).toEqual(['frost']);
  expect(indexTerm('bicycles')).toBe(indexTerm('bicycle'));
});

test('forgives a one-letter typo', () => {
  expect(slugs('dahlas')).toEqual(['frost']);
  expect(slugs('bicyle')).toEqual(['bicycle', 'rides']);
  expect(slugs('lichxnz')).toEqual([]); // two letters wrong is not a one-letter typo
});

test('ranks title hits above tag, author, excerpt and body hits; ties go to the newer post', () => {
  // "bicycle" is in one title and one body.
  expect(slugs('bicycle')).toEqual(['bicycle', 'rides']);
  // Both have "food" as a tag only: the newer first.
  expect(slugs('food')).toEqual(['cafe', 'bread']);
  // Every post has all fields, of the same lengths; only where "lantern" is differs.
  const evening = (slug: string, fields: Partial<SearchDocument>) =>
    post(slug, { title: 'Evenings', tags: ['light'], excerpt: 'On evenings.', text: 'Notes about evenings and candles.', ...fields });
  const ranked = buildSearchIndex([
    evening('in-body', { text: 'Notes about lanterns and candles.', publishedAt: '2026-12-01T00:00:00.000Z' }),
    evening('in-excerpt', { excerpt: 'On lanterns.', publishedAt: '2026-11-01T00:00:00.000Z' }),
    evening('by-author', { authorName: 'Lantern Smith', publishedAt: '2026-10-01T00:00:00.000Z' }),
    evening('in-tags', { tags: ['lanterns'], publishedAt: '2026-09-01T00:00:00.000Z' }),
    evening('in-title', { title: 'Lanterns', publishedAt: '2026-08-01T00:00:00.000Z' }),
  ]);
  expect(ranked.search('lantern').hits.map((hit) => hit.post.slug)).toEqual(['in-title', 'in-tags', 'by-author', 'in-excerpt', 'in-body']);
});

test('snippets show the body around the match with the matching words marked', () => {
  const [hit] = index.search('dahlia').hits;
  expect(marked(hit!.snippet)).toEqual(['dahlias']);
  expect(joined(hit!.snippet)).toContain('The dahlias went black overnight.');
  expect(marked(index.search('frost').hits[0]!.title)).toEqual(['frost']);

  const long = `${'Filler words before the point. '.repeat(20)}Here the lanterns glow. ${'More words after it. '.repeat(20)}`;
  const cut = snippet(long, new Set([indexTerm('lantern')!]))!;
  expect(marked(cut)).toEqual(['lanterns']);
  expect(cut[0]!.text).toBe('… ');
  expect(cut.at(-1)!.text).toBe(' …');
  expect(joined(cut).length).toBeLessThan(240);
  expect(snippet(long, new Set(['nothing']))).toBeNull();
});

test('snippets are plain text runs: markup in a body is text, and only whole matching words are marked', () => {
  const [hit] = index.search('patience').hits.filter((found) => found.post.slug === 'script');
  expect(marked(hit!.snippet)).toEqual(['patience', 'patience']);
  // The runs put back together are exactly the source text; no run carries markup of ours.
  expect(joined(hit!.snippet)).toBe(posts.find((p) => p.slug === 'script')!.text);
  expect(hit!.snippet.filter((segment) => segment.mark).every((segment) => /^\p{L}+$/u.test(segment.text))).toBe(true);
});

test('a miss suggests popular tags and a near word from the index', () => {
  const miss = index.search('dahliass kale');
  expect(miss.hits).toEqual([]);
  expect(miss.popularTags.slice(0, 2)).toEqual(['food', 'nature']);
  expect(miss.didYouMean).toBe('dahlias kale');
  expect(index.search('zzzzqqq').didYouMean).toBeNull();
  expect(index.search('dahlias').popularTags).toEqual([]);
});

test('empty, symbol-only, over-long and odd queries find nothing or something, and never throw', () => {
  expect(index.search('  ?! ').hits).toEqual([]);
  expect(index.search('').hits).toEqual([]);
  expect(index.search('the and of').hits).toEqual([]);
  expect(searchTerms('a '.repeat(500)).length).toBeLessThanOrEqual(8);
  for (const query of [
    'x'.repeat(10_000),
    '(((',
    '*',
    'a*b?',
    '\\',
    '"quoted"',
    '<script>',
    '🙂 emoji',
    'ﬁeld',
    'Ελληνικά',
    '\u0000\uffff',
    'urban '.repeat(100),
  ]) {
    expect(() => index.search(query)).not.toThrow();
  }
  expect(slugs('ﬁeld')).toEqual(['lichens']);
});

test('bad records are skipped rather than breaking the index', () => {
  const broken = [posts[0]!, { ...posts[0]! }, null as unknown as SearchDocument, post('no-tags', { title: 'Lanterns', tags: undefined })];
  const built = buildSearchIndex(broken);
  expect(built.size).toBe(2);
  expect(built.search('lanterns').hits.map((hit) => hit.post.slug)).toEqual(['no-tags']);
});

test('the index is built once per corpus version', () => {
  const first = searchIndexFor({ fingerprint: 'a', posts });
  expect(searchIndexFor({ fingerprint: 'a', posts: structuredClone(posts) })).toBe(first);
  const second = searchIndexFor({ fingerprint: 'b', posts: posts.slice(0, 1) });
  expect(second).not.toBe(first);
  expect(second.size).toBe(1);
});

test('markdown becomes the plain text a reader sees, bounded', () => {
  const text = markdownToText(
    '# Title\n\nSome *emphasis* and a [link](https://example.com/secret) and `code`.\n\n<div>raw html</div>\n\n- one\n- two\n\n| a | b |\n|---|---|\n| c | d |',
  );
  expect(text).toBe('Title Some emphasis and a link and code. one two a b c d');
  expect(markdownToText('word '.repeat(5000), 100).length).toBeLessThanOrEqual(100);
  expect(() => markdownToText('>'.repeat(100_000))).not.toThrow();
});
