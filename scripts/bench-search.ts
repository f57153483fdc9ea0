// `npm run bench:search`: how lib/search.ts's in-memory index behaves as a blog grows — build time,
// the memory the index holds (measured after a forced GC: the script runs node with --expose-gc;
// the JS heap plus ArrayBuffer memory, where typed arrays keep their contents outside the heap),
// and query latency (p50/p99 over a mix of queries) at 1,000, 10,000 and 50,000 synthetic posts of
// ~3,000 characters each. The text is English-ish: common words with their plural/-ed/-ing forms
// drawn with a Zipf-like skew, plus a long tail of rare made-up words, from a seeded RNG so runs
// are comparable.
import { performance } from 'node:perf_hooks';
import { buildSearchIndex, type SearchDocument, type SearchIndex } from '../lib/search';
import { seededRandom } from '../lib/testing/random';

/** BENCH_SEARCH_SIZES=1000,10000 runs only those sizes (quicker while iterating). */
const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '1000,10000,50000')
  .split(',')
  .map(Number)
  .filter((size) => size > 0);
const QUERIES_PER_KIND = 40;
const BODY_CHARS = 3_000;

// prettier-ignore
const BASE_WORDS = (
  'garden river street city bread flour water salt yeast morning evening night winter summer autumn spring frost ' +
  'bicycle wheel chain frame saddle brake road hill valley forest tree leaf branch root flower dahlia rose kale bean ' +
  'book chapter page sentence word letter story novel poem writer reader editor notebook pencil desk lamp window door ' +
  'kitchen table chair oven kettle coffee tea cup plate knife spoon market shop bridge harbour boat ship island coast ' +
  'map compass path trail walk hike climb swim run ride cook bake write read edit paint draw sing dance build repair ' +
  'clean fix plant grow harvest pick gather carry open close start finish begin learn teach remember forget listen ' +
  'watch notice wonder travel visit return wander rest sleep dream wake quiet loud slow quick bright dark warm cold ' +
  'small large old new early late simple careful patient honest gentle steady strange familiar distant nearby green ' +
  'grey orange blue golden silver black white red brown yellow light shadow colour sound smell taste touch weather ' +
  'rain snow wind cloud storm sun moon star sky field meadow stone brick wall roof tower station train bus tram car ' +
  'engine tool hammer screw bolt bearing crank spoke tyre pump glove scarf coat boot wool cotton linen thread needle ' +
  'habit routine practice craft skill lesson mistake question answer idea thought memory friend neighbour family ' +
  'child parent teacher student artist gardener cyclist baker farmer fisher builder doctor nurse pilot sailor ' +
  'village town county country border mountain lake pond stream marsh beach cliff cave meadow orchard vineyard ' +
  'apple pear plum cherry berry lemon onion garlic potato carrot tomato pepper herb basil thyme mint sage rosemary ' +
  'museum library gallery theatre cinema concert festival holiday journey adventure season weekend afternoon hour ' +
  'minute moment year decade century history future present change chance choice problem reason result example'
).split(' ');

const TAGS =
  'writing books habits nature cities cycling repair food gardening walking maps memoir editing travel history craft music art science photography weather birds trees coffee baking family work tools design ideas reading poetry film sea mountains rivers winter summer autumn spring cooking'.split(
    ' ',
  );

const SYLLABLES =
  'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zo'.split(
    ' ',
  );

function inflect(word: string, form: number): string {
  if (form === 1) return word.endsWith('y') && !/[aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : word.endsWith('s') ? `${word}es` : `${word}s`;
  if (form === 2) return word.endsWith('e') ? `${word}d` : `${word}ed`;
  if (form === 3) return word.endsWith('e') ? `${word.slice(0, -1)}ing` : `${word}ing`;
  return word;
}

function makeVocabulary(random: () => number): string[] {
  const common = BASE_WORDS.flatMap((word) => [0, 1, 2, 3].map((form) => inflect(word, form)));
  const rare = new Set<string>();
  while (rare.size < 20_000) {
    let word = '';
    for (let i = 2 + Math.floor(random() * 3); i > 0; i--) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    rare.add(word);
  }
  return [...common, ...rare];
}

/**
 * Zipf-like draw (P(rank r) ∝ 1/(r + 50)): the 50 ranks skipped are English's function words, which
 * `sentence` draws from STOP instead, so the commonest content word is ~0.2% of words, as in English.
 */
function zipf(random: () => number, size: number): number {
  for (;;) {
    const rank = Math.floor(Math.pow(size + 50, random())) - 50;
    if (rank >= 0 && rank < size) return rank;
  }
}

const STOP = 'the a of and to in is it that on for with as was at by'.split(' ');

function sentence(random: () => number, vocabulary: string[]): string {
  const count = 6 + Math.floor(random() * 11);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(random() < 0.35 ? STOP[Math.floor(random() * STOP.length)]! : vocabulary[zipf(random, vocabulary.length)]!);
  }
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function makePosts(count: number, vocabulary: string[], random: () => number): SearchDocument[] {
  const authors = Array.from({ length: 50 }, (_, i) => `${BASE_WORDS[i * 7]!} ${BASE_WORDS[i * 11 + 3]!}`.replace(/\b\w/g, (c) => c.toUpperCase()));
  return Array.from({ length: count }, (_, i) => {
    const paragraphs: string[] = [];
    let length = 0;
    while (length < BODY_CHARS) {
      const paragraph = Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(random, vocabulary)).join(' ');
      paragraphs.push(paragraph);
      length += paragraph.length + 1;
    }
    const author = authors[Math.floor(random() * authors.length)]!;
    return {
      postId: `post-${i}`,
      slug: `post-${i}`,
      title: sentence(random, vocabulary).slice(0, 60).replace(/\.$/, ''),
      excerpt: sentence(random, vocabulary),
      tags: [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => TAGS[Math.floor(random() * TAGS.length)]!))],
      coverImage: '',
      coverAlt: '',
      authorName: author,
      authorHandle: author.toLowerCase().replace(' ', '-'),
      publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
      commentCount: 0,
      text: paragraphs.join(' ').slice(0, BODY_CHARS + 500),
    };
  });
}

function typo(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 1));
  const letter = 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]!;
  return `${word.slice(0, at)}${letter}${word.slice(at + 1)}`;
}

function makeQueries(vocabulary: string[], random: () => number): Record<string, string[]> {
  const common = () => BASE_WORDS[Math.floor(random() * BASE_WORDS.length)]!;
  const rare = () => vocabulary[BASE_WORDS.length * 4 + Math.floor(random() * 2000)]!;
  const kinds: Record<string, () => string> = {
    'one common word': common,
    'one rare word': rare,
    'two words': () => `${common()} ${common()}`,
    plural: () => inflect(common(), 1),
    'one-letter typo': () => typo(common(), random),
    'word start': () => common().slice(0, 4),
    miss: () => `zq${rare()}xv`,
  };
  return Object.fromEntries(Object.entries(kinds).map(([kind, make]) => [kind, Array.from({ length: QUERIES_PER_KIND }, make)]));
}

const gc = (globalThis as { gc?: () => void }).gc;
/** The JS heap and, apart, the ArrayBuffer backing stores, which live outside it: typed arrays count too. */
function memoryMb(): { heap: number; buffers: number } {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heap: heapUsed / 1024 / 1024, buffers: arrayBuffers / 1024 / 1024 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function main() {
  if (!gc) console.log('(run with NODE_OPTIONS=--expose-gc for heap figures after GC; `npm run bench:search` does)');
  const random = seededRandom(20261127);
  const vocabulary = makeVocabulary(random);
  const queries = makeQueries(vocabulary, random);
  for (const size of SIZES) {
    let posts: SearchDocument[] | null = makePosts(size, vocabulary, seededRandom(size));
    const textMb = posts.reduce((sum, post) => sum + post.title.length + post.excerpt.length + post.text.length, 0) / 1024 / 1024;
    const before = memoryMb();
    const start = performance.now();
    let index: SearchIndex | null = buildSearchIndex(posts);
    const buildMs = performance.now() - start;
    const withIndex = memoryMb();
    const heap = withIndex.heap - before.heap;
    const buffers = withIndex.buffers - before.buffers;
    for (const list of Object.values(queries)) for (const query of list.slice(0, 5)) index.search(query); // warm-up
    const all: number[] = [];
    const byKind: string[] = [];
    let found = 0;
    for (const [kind, list] of Object.entries(queries)) {
      const times: number[] = [];
      for (const query of list) {
        const t = performance.now();
        found += index.search(query).hits.length > 0 ? 1 : 0;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      byKind.push(`${kind} ${percentile(times, 50).toFixed(1)}`);
    }
    all.sort((a, b) => a - b);
    console.log(
      `${size.toLocaleString('en')} posts (${textMb.toFixed(0)} MB of text): build ${(buildMs / 1000).toFixed(1)} s, ` +
        `index heap ${(heap + buffers).toFixed(0)} MB (${buffers.toFixed(0)} MB of it in typed arrays); queries p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms ` +
        `(${found}/${all.length} found something)`,
    );
    console.log(`  p50 by kind (ms): ${byKind.join(', ')}`);
    index = null;
    posts = null;
    memoryMb();
  }
}

main();
