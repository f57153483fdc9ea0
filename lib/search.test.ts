import type { PostSummary } from './public-posts';
import { searchSummaries, searchTerms } from './search';

const post = (slug: string, fields: Partial<PostSummary>): PostSummary => ({
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
  ...fields,
});

const index = [
  post('bread', { title: 'Bread, flour and a little time', tags: ['food'], publishedAt: '2026-10-10T00:00:00.000Z' }),
  post('lichens', { title: 'A field guide to urban lichens', excerpt: 'clean air in the city', tags: ['nature'], authorName: 'Ben Lindqvist' }),
  post('cafe', { title: 'Crème brûlée at the café', excerpt: 'sweet things', tags: ['food'], publishedAt: '2026-11-01T00:00:00.000Z' }),
];

test('matches every term by word prefix across title, tags, excerpt and author', () => {
  expect(searchSummaries(index, 'urban lich').map((p) => p.slug)).toEqual(['lichens']);
  expect(searchSummaries(index, 'ben city').map((p) => p.slug)).toEqual(['lichens']);
  expect(searchSummaries(index, 'urban bread')).toEqual([]);
});

test('ignores case and accents', () => {
  expect(searchSummaries(index, 'CREME Cafe').map((p) => p.slug)).toEqual(['cafe']);
});

test('ranks title hits above excerpt hits, then newer first', () => {
  expect(searchSummaries(index, 'food').map((p) => p.slug)).toEqual(['cafe', 'bread']);
});

test('an empty or symbol-only query finds nothing, and long queries are bounded', () => {
  expect(searchSummaries(index, '  ?! ')).toEqual([]);
  expect(searchTerms('a '.repeat(500)).length).toBeLessThanOrEqual(8);
});
