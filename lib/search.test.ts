import MiniSearch from 'minisearch';
import { buildSearchIndex, highlight, markdownToText, searchIndexFor, searchTerms, snippet, indexTerm, type SearchDocument, type Segment } from './search';
import { seededRandom } from './testing/random';

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

test('a slug listed twice is indexed once, as its first copy', () => {
  const first = post('twice', { title: 'Lanterns at dusk', publishedAt: '2025-01-01T00:00:00.000Z' });
  const second = post('twice', { title: 'Candles at dawn', publishedAt: '2026-01-01T00:00:00.000Z' });
  const built = buildSearchIndex([first, second, post('other', { title: 'Candles' })]);
  expect(built.size).toBe(2);
  expect(built.search('lanterns').hits.map((hit) => hit.post.title)).toEqual(['Lanterns at dusk']);
  expect(built.search('dawn').hits).toEqual([]);
});

test('an empty corpus finds nothing, suggests nothing and does not throw', () => {
  const empty = buildSearchIndex([]);
  expect(empty.size).toBe(0);
  for (const query of ['lanterns', 'lant', 'lantrens', '']) expect(empty.search(query)).toEqual({ hits: [], didYouMean: null, popularTags: [] });
});

test('a word in every post finds them all, newest first when nothing else tells them apart', () => {
  const dates = ['2024-03-01', '2026-05-01', '2025-07-01', '2023-01-01'];
  const same = dates.map((date) => post(`on-${date}`, { title: 'Notes', text: 'Evening notes.', publishedAt: `${date}T00:00:00.000Z` }));
  const built = buildSearchIndex(same);
  expect(built.search('notes').hits.map((hit) => hit.post.slug)).toEqual(['on-2026-05-01', 'on-2025-07-01', 'on-2024-03-01', 'on-2023-01-01']);
  expect(built.search('evening notes', 2).hits.map((hit) => hit.post.slug)).toEqual(['on-2026-05-01', 'on-2025-07-01']);
});

test('the limit bounds the hits, and odd limits do not throw', () => {
  expect(index.search('bicycle', 1).hits.map((hit) => hit.post.slug)).toEqual(['bicycle']);
  for (const limit of [0, -1, Number.NaN, 0.5, Infinity]) expect(() => index.search('bicycle', limit)).not.toThrow();
  expect(index.search('bicycle', Infinity).hits).toHaveLength(2);
});

// ---------------------------------------------------------------------------------------------
// The index ranks exactly as the MiniSearch index it replaced (same options), on a generated corpus.
// ---------------------------------------------------------------------------------------------

const STEMS = 'garden river bicycle lantern kettle harbour meadow orchard pencil window bridge thread winter morning candle sailor'.split(' ');
const FORMS = STEMS.flatMap((word) => [word, `${word}s`, `${word}ing`]).concat('the and of a in'.split(' '));

function generatedPosts(count: number): SearchDocument[] {
  const next = seededRandom(20260101);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const phrase = (min: number, max: number) => Array.from({ length: min + Math.floor(next() * (max - min)) }, () => pick(FORMS)).join(' ');
  return Array.from({ length: count }, (_, i) =>
    post(`generated-${i}`, {
      title: phrase(2, 6),
      tags: [pick(STEMS), pick(STEMS)],
      authorName: pick(['Ann Okafor', 'Ben Lindqvist', 'River Stone', 'Kettle Hart']),
      excerpt: phrase(4, 12),
      text: `${phrase(20, 120)}. ${phrase(5, 40)}.`,
      publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
    }),
  );
}

/** lib/search.ts as it was with MiniSearch 7: the same options, exact words first, newer first on ties. */
function miniSearchReference(docs: SearchDocument[]) {
  const known = new Set<string>();
  const engine = new MiniSearch<SearchDocument>({
    idField: 'slug',
    fields: ['title', 'tags', 'authorName', 'excerpt', 'text'],
    extractField: (doc, field) => {
      const value: unknown = doc[field as keyof SearchDocument];
      return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
    },
    tokenize: (text) => text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [],
    processTerm: (term) => {
      const stem = indexTerm(term);
      if (stem !== null) known.add(stem);
      return stem;
    },
    searchOptions: {
      boost: { title: 8, tags: 5, authorName: 3, excerpt: 2, text: 1 },
      combineWith: 'AND',
      prefix: (term: string) => term.length >= 3,
      fuzzy: (term: string) => (term.length >= 4 && !known.has(term) ? 1 : false),
      processTerm: (term: string) => indexTerm(term),
    },
  });
  engine.addAll(docs);
  const published = new Map(docs.map((doc) => [doc.slug, doc.publishedAt]));
  return (query: string, limit: number) => {
    const terms = searchTerms(query).join(' ');
    const exactOnly = engine.search(terms, { prefix: false, fuzzy: false });
    const results = exactOnly.length >= limit ? exactOnly : engine.search(terms);
    results.sort((a, b) => {
      const gap = b.score - a.score;
      if (Math.abs(gap) > 1e-9 * Math.max(a.score, b.score)) return gap;
      return (published.get(b.id as string) ?? '').localeCompare(published.get(a.id as string) ?? '');
    });
    return results.slice(0, limit).map((result) => ({ slug: result.id as string, terms: new Set(result.terms) }));
  };
}

test('ranks and highlights exactly as the MiniSearch index it replaced', () => {
  const docs = generatedPosts(300);
  const built = buildSearchIndex(docs);
  const reference = miniSearchReference(docs);
  const byslug = new Map(docs.map((doc) => [doc.slug, doc]));
  const queries = [
    ...STEMS,
    ...STEMS.map((word) => `${word}s`),
    ...STEMS.map((word) => word.slice(0, 4)),
    ...STEMS.map((word) => `${word.slice(0, 2)}${word.slice(3)}`),
    ...STEMS.map((word, i) => `${word} ${STEMS[(i * 7 + 3) % STEMS.length]!}`),
    'river stone',
    'kettle hart garden',
    'zzqx',
  ];
  for (const query of queries) {
    for (const limit of [20, 300]) {
      const expected = reference(query, limit);
      const hits = built.search(query, limit).hits;
      expect([query, hits.map((hit) => hit.post.slug)]).toEqual([query, expected.map((result) => result.slug)]);
      hits.forEach((hit, i) => expect(hit.title).toEqual(highlight(byslug.get(hit.post.slug)!.title, expected[i]!.terms)));
    }
  }
});
