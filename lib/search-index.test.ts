import { TermIndexBuilder, type Expansion, type TermIndex } from './search-index';

/** Two fields weighted 2 and 1; documents are lists of words per field, terms are the words lowercased. */
function build(documents: readonly (readonly string[])[][]): TermIndex {
  const builder = new TermIndexBuilder([2, 1], (word) => (word === 'the' ? null : word.toLowerCase()));
  for (const fields of documents) builder.add(fields);
  return builder.finish();
}

const exact = (index: TermIndex, ...terms: string[]): Expansion[][] => terms.map((term) => index.expand(term, { prefix: false, fuzzy: 0 }));

test('posting lists that outgrow the builder’s first arrays keep every posting, in document order', () => {
  // 600 documents × 3 terms is more postings than the builder first makes room for.
  const index = build(Array.from({ length: 600 }, (_, doc) => [[`only${doc}`], ['common', doc % 2 === 0 ? 'even' : 'odd']]));
  expect(index.docCount).toBe(600);
  expect(index.rank(exact(index, 'common'), Infinity).count).toBe(600);
  const even = index.rank(exact(index, 'common', 'even'), Infinity);
  expect(even.count).toBe(300);
  expect(even.docs.every((doc) => doc % 2 === 0)).toBe(true);
  for (const doc of [0, 1, 511, 512, 599]) {
    expect(index.rank(exact(index, `only${doc}`), 10).docs).toEqual([doc]);
    expect(index.contains(index.expand('common', { prefix: false, fuzzy: 0 })[0]!.id, doc)).toBe(true);
  }
});

test('a term in every document still matches, and equal scores keep document order', () => {
  const index = build(Array.from({ length: 50 }, () => [['lantern'], []]));
  const ranking = index.rank(exact(index, 'lantern'), Infinity);
  expect(ranking.count).toBe(50);
  expect(ranking.docs).toEqual(Array.from({ length: 50 }, (_, doc) => doc));
});

test('an empty index finds nothing and does not throw', () => {
  const index = build([]);
  expect(index.docCount).toBe(0);
  expect(index.expand('anything', { prefix: true, fuzzy: 1 })).toEqual([]);
  expect(index.rank([[]], 20)).toEqual({ count: 0, docs: [] });
  expect(index.rank([], 20)).toEqual({ count: 0, docs: [] });
});

test('every query word must match, each in any field', () => {
  const index = build([
    [['apple'], ['pear']],
    [['apple'], []],
    [[], ['pear', 'apple']],
    [['plum'], []],
  ]);
  expect(index.rank(exact(index, 'apple', 'pear'), 10).docs.sort()).toEqual([0, 2]);
  expect(index.rank(exact(index, 'apple', 'quince'), 10).count).toBe(0);
  // The same word twice is still matched by the same documents.
  expect(index.rank(exact(index, 'plum', 'plum'), 10).docs).toEqual([3]);
});

test('the best few of many matches are the head of the full ranking', () => {
  const documents = Array.from({ length: 400 }, (_, doc) => [
    Array.from({ length: 1 + (doc % 7) }, () => 'river'),
    Array.from({ length: doc % 13 }, () => 'filler'),
  ]);
  const index = build(documents);
  const full = index.rank(exact(index, 'river'), Infinity);
  for (const limit of [1, 5, 20]) expect(index.rank(exact(index, 'river'), limit)).toEqual({ count: 400, docs: full.docs.slice(0, limit) });
  expect(index.rank(exact(index, 'river'), 0)).toEqual({ count: 400, docs: [] });
});

test('a query leaves nothing behind for the next one', () => {
  const index = build([
    [['frost'], ['garden']],
    [['garden'], []],
    [[], ['frost']],
  ]);
  const first = index.rank(exact(index, 'frost'), 10);
  index.rank(exact(index, 'garden'), 10);
  index.rank(exact(index, 'frost', 'garden'), 10);
  expect(index.rank(exact(index, 'frost'), 10)).toEqual(first);
  expect(index.rank(exact(index, 'garden'), 10).docs).toEqual([1, 0]);
});

test('a word repeated past what a frequency byte holds still counts, and counts more', () => {
  const index = build([
    [[], ['echo', 'other']],
    [[], [...Array.from({ length: 1000 }, () => 'echo'), 'other']],
  ]);
  expect(index.rank(exact(index, 'echo'), 10).docs).toEqual([1, 0]);
});

test('word starts and one-edit typos expand to the terms the index holds, weighted below the word itself', () => {
  const index = build([
    [['bicycle'], []],
    [['bicycles'], []],
    [['bicker'], []],
  ]);
  const starts = index.expand('bicy', { prefix: true, fuzzy: 0 });
  expect(starts.map((expansion) => expansion.term).sort()).toEqual(['bicycle', 'bicycles']);
  expect(starts.every((expansion) => expansion.weight < 1)).toBe(true);
  const typos = index.expand('bicyle', { prefix: false, fuzzy: 1 });
  expect(typos.map((expansion) => expansion.term)).toEqual(['bicycle']);
  expect(index.expand('bicycle', { prefix: true, fuzzy: 0 }).map((expansion) => [expansion.term, expansion.weight === 1])).toEqual([
    ['bicycle', true],
    ['bicycles', false],
  ]);
});
