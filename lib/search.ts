/*
 * Full-text search over live posts, held in this process (searchIndexFor) and rebuilt when the
 * cached corpus changes (lib/public-posts.ts). Stemming is the English (Porter) stemmer from
 * @orama/stemmers (maintained with Orama, no dependencies, ships CommonJS so Jest loads it as is).
 *
 * The index is our own compact one (lib/search-index.ts) over MiniSearch's radix tree, because
 * no maintained engine met the budget of p50 <= 20 ms and <= 200 MB at 50,000 posts with word
 * starts, typo tolerance and BM25 field boosts. Measured on `npm run bench:search`'s corpus:
 * - MiniSearch 7.2 (what we had): 586 MB, 66 s build, p50 49 ms / p99 371 ms at 50,000 posts. It
 *   holds a Map entry per (term, field, post), ~14M of them; no option shrinks that short of
 *   indexing less text.
 * - FlexSearch 0.8.212, one Document index over the same fields and words: 195 MB and a 30 s
 *   build at 50,000 posts with whole words only (no word starts, no typo tolerance, no BM25);
 *   indexing word starts ("forward") took 215 MB at 10,000 posts.
 * - Orama 3.1.18 (BM25, boosts, typo tolerance): 284 MB, 20 s build, p50 21 ms / p99 424 ms at
 *   10,000 posts, past the 50,000-post budget already.
 * - This index: 76 MB, 11 s build, p50 3.4 ms / p99 7.8 ms at 50,000 posts, with the same hits in
 *   the same order as the MiniSearch index it replaced (it keeps MiniSearch's scoring).
 */
import { stemmer } from '@orama/stemmers/english';
import SearchableMap from 'minisearch/SearchableMap';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { boundMarkdown } from './markdown-bounds';
import type { PostSummary } from './public-posts';
import { TermIndexBuilder, type Expansion, type Ranking, type TermIndex } from './search-index';

export const MAX_QUERY_LENGTH = 100;
const MAX_QUERY_TERMS = 8;

/**
 * How much of a body is indexed: the first 5,000 characters of its plain text (about 800 words,
 * a long post's opening). Enough for what a post is about; it bounds the cached corpus and the
 * index at roughly (title + excerpt + 5 KB) per post whatever authors write.
 */
export const SEARCH_BODY_CHARS = 5000;

/** A live post as search sees it: its summary and the opening of its body as plain text. */
export interface SearchDocument extends PostSummary {
  text: string;
}

/** Every live post to search, with a fingerprint of the content (the in-memory index's key). */
export interface SearchCorpus {
  fingerprint: string;
  posts: SearchDocument[];
}

/** A run of a snippet or title; `mark` runs are the words that matched the query. */
export interface Segment {
  text: string;
  mark: boolean;
}

export interface SearchHit {
  post: PostSummary;
  title: Segment[];
  snippet: Segment[];
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** On a miss: the query with unknown words replaced by the nearest indexed words, if that finds posts. */
  didYouMean: string | null;
  /** On a miss: the most used tags, most used first. */
  popularTags: string[];
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/** Letters (with their combining marks) and digits; everything else separates words. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Lowercases and strips accents so "Crème" matches "creme". */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Too common to tell posts apart; left out of the index and of queries alike. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i if in into is it its me my no not of on or our she so ' +
    'than that the their them then there these they this to us was we were what when which who will with you your'
  ).split(' '),
);

const MAX_WORD_LENGTH = 40;

/** Terms are memoised: a corpus repeats a few thousand words millions of times. */
const terms = new Map<string, string | null>();

function computeTerm(word: string): string | null {
  const folded = fold(word);
  if (folded.length < 2 || folded.length > MAX_WORD_LENGTH || STOP_WORDS.has(folded)) return null;
  return /^[a-z]+$/.test(folded) ? stemmer(folded) : folded;
}

/** A word as the index holds it: folded, stemmed ("bicycles" → "bicycl"); null for stop words and noise. */
export function indexTerm(word: string): string | null {
  let term = terms.get(word);
  if (term === undefined) {
    term = computeTerm(word);
    if (terms.size >= 100_000) terms.clear();
    terms.set(word, term);
  }
  return term;
}

function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The query's words, folded, de-duplicated and bounded (length and count), whatever was typed. */
export function searchTerms(query: string): string[] {
  return [...new Set(words(fold(query.slice(0, MAX_QUERY_LENGTH))).filter((word) => word.length <= MAX_WORD_LENGTH))].slice(0, MAX_QUERY_TERMS);
}

// ---------------------------------------------------------------------------------------------
// Markdown to text
// ---------------------------------------------------------------------------------------------

type MarkdownNode = { type: string; value?: unknown; children?: MarkdownNode[] };

const TEXT_NODES = new Set(['text', 'inlineCode', 'code']);
const INLINE_NODES = new Set(['emphasis', 'strong', 'delete', 'link', 'linkReference']);

function nodeText(node: MarkdownNode, out: string[]): void {
  if (TEXT_NODES.has(node.type) && typeof node.value === 'string') {
    out.push(node.value);
  } else if (node.children && node.type !== 'html') {
    const inline = INLINE_NODES.has(node.type);
    if (!inline) out.push(' ');
    for (const child of node.children) nodeText(child, out);
    if (!inline) out.push(' ');
  } else if (node.type === 'break') {
    out.push(' ');
  }
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/**
 * The words a reader sees in a post body, as one line of plain text, at most `maxChars` long:
 * parsed with the same remark parser the renderer uses, so markup, link targets and raw HTML
 * (which the renderer drops) never reach the index. Only the opening of a long body is parsed.
 */
export function markdownToText(markdown: string, maxChars = SEARCH_BODY_CHARS): string {
  // Bounded as the renderer bounds it (lib/markdown-bounds.ts): the parser is quadratic on some input.
  const source = boundMarkdown(markdown.slice(0, maxChars * 4));
  let text: string;
  try {
    const out: string[] = [];
    nodeText(markdownParser.parse(source), out);
    text = out.join('');
  } catch {
    // A body the parser cannot handle (e.g. nesting deep enough to exhaust the stack) is still searchable.
    text = source.replace(/[#>*_`~[\]()!|<>-]+/g, ' ');
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.lastIndexOf(' ', maxChars);
  return flat.slice(0, cut > maxChars / 2 ? cut : maxChars);
}

// ---------------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------------

/** Field weights: a title hit outranks a tag hit, then the author, the excerpt and the body. */
const BOOST = { title: 8, tags: 5, authorName: 3, excerpt: 2, text: 1 } as const;
const FIELDS = Object.keys(BOOST) as (keyof typeof BOOST)[];
const FIELD_BOOSTS = FIELDS.map((field) => BOOST[field]);

const POPULAR_TAGS = 6;

/** Query words from this long that the index does not hold may be one-letter typos of words it does. */
const TYPO_FROM = 4;
const PREFIX_FROM = 3;

function fieldText(post: SearchDocument, field: (typeof FIELDS)[number]): string {
  const value: unknown = post[field];
  return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
}

export class SearchIndex {
  /** In document-number order, newest first: the index breaks score ties by the lower number. */
  private readonly posts: SearchDocument[];
  private readonly index: TermIndex;
  /** Folded words as written (not stemmed) with their counts: what "Did you mean" offers. */
  private readonly vocabulary = new SearchableMap<number>();
  readonly popularTags: string[];

  constructor(posts: readonly SearchDocument[]) {
    const slugs = new Set<string>();
    const tagCounts = new Map<string, number>();
    const usable: SearchDocument[] = [];
    for (const post of posts) {
      // A slug seen twice is one post listed twice: the first (newest) copy wins.
      if (!post || typeof post.slug !== 'string' || slugs.has(post.slug)) continue;
      slugs.add(post.slug);
      usable.push(post);
      for (const tag of post.tags ?? []) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    }
    // ISO dates sort as strings; a stable sort keeps the corpus order among equal dates.
    const publishedAt = (post: SearchDocument) => (typeof post.publishedAt === 'string' ? post.publishedAt : '');
    this.posts = usable.sort((a, b) => (publishedAt(a) < publishedAt(b) ? 1 : publishedAt(a) > publishedAt(b) ? -1 : 0));

    const builder = new TermIndexBuilder(FIELD_BOOSTS, indexTerm);
    for (const post of this.posts) builder.add(FIELDS.map((field) => words(fieldText(post, field))));
    for (const [written, count] of builder.writtenWords()) {
      const word = fold(written);
      if (word.length >= 3 && /^[a-z]+$/.test(word)) this.vocabulary.set(word, (this.vocabulary.get(word) ?? 0) + count);
    }
    this.index = builder.finish();
    this.popularTags = [...tagCounts]
      .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
      .slice(0, POPULAR_TAGS)
      .map(([tag]) => tag);
  }

  get size(): number {
    return this.posts.length;
  }

  /**
   * Each query word's index terms. Word starts match ("lich" finds lichens) from three letters. A
   * word the index does not hold (from four letters) may be a one-letter typo of one it does
   * ("bicyle"); a word it holds is taken as meant, so "frost" does not also find "front".
   */
  private expansions(stems: readonly string[], widen: boolean): Expansion[][] {
    return stems.map((stem) =>
      this.index.expand(stem, {
        prefix: widen && stem.length >= PREFIX_FROM,
        fuzzy: widen && stem.length >= TYPO_FROM && !this.index.has(stem) ? 1 : 0,
      }),
    );
  }

  private results(terms: readonly string[], limit: number): { ranking: Ranking; words: Expansion[][] } {
    const stems = terms.map(indexTerm).filter((stem): stem is string => stem !== null);
    if (stems.length === 0) return { ranking: { count: 0, docs: [] }, words: [] };
    // Exact words first: when they already fill the page, widening to word starts and typos would
    // only add weaker matches below it.
    const exact = this.expansions(stems, false);
    const ranking = this.index.rank(exact, limit);
    if (ranking.count >= limit) return { ranking, words: exact };
    const wide = this.expansions(stems, true);
    return { ranking: this.index.rank(wide, limit), words: wide };
  }

  search(query: string, limit = 20): SearchOutcome {
    const terms = searchTerms(query);
    const bound = Math.max(0, Math.floor(limit)) || 0;
    const { ranking, words } = this.results(terms, bound);
    const hits: SearchHit[] = [];
    for (const doc of ranking.docs) {
      const post = this.posts[doc];
      if (!post) continue;
      const matched = new Set<string>();
      for (const { term, id } of words.flat()) if (!matched.has(term) && this.index.contains(id, doc)) matched.add(term);
      const { text, ...summary } = post;
      hits.push({
        post: summary,
        title: highlight(post.title, matched),
        snippet: snippet(text, matched) ?? snippet(post.excerpt, matched) ?? plainSnippet(post.excerpt || text),
      });
    }
    if (hits.length > 0 || terms.length === 0) return { hits, didYouMean: null, popularTags: [] };
    return { hits, didYouMean: this.didYouMean(terms), popularTags: this.popularTags };
  }

  private finds(terms: readonly string[]): boolean {
    return this.results(terms, 1).ranking.count > 0;
  }

  /** Each word that finds nothing on its own swapped for the nearest common indexed word. */
  private didYouMean(terms: string[]): string | null {
    let changed = false;
    const corrected = terms.map((term) => {
      if (this.finds([term]) || term.length < 3 || term.length > MAX_WORD_LENGTH) return term;
      let best: { word: string; distance: number; count: number } | null = null;
      for (const [word, [count, distance]] of this.vocabulary.fuzzyGet(term, term.length >= 5 ? 2 : 1)) {
        if (!best || distance < best.distance || (distance === best.distance && (count > best.count || (count === best.count && word < best.word)))) {
          best = { word, distance, count };
        }
      }
      if (!best) return term;
      changed = true;
      return best.word;
    });
    return changed && this.finds(corrected) ? corrected.join(' ') : null;
  }
}

export function buildSearchIndex(posts: readonly SearchDocument[]): SearchIndex {
  return new SearchIndex(posts);
}

let latest: { fingerprint: string; index: SearchIndex } | undefined;

/**
 * The index for a corpus, built once per corpus version. The data cache hands back a fresh copy of
 * the corpus on every read, so the copy's fingerprint (computed when it was read from the API) is
 * what says "same data": requests share one index until a publish changes the fingerprint.
 */
export function searchIndexFor(corpus: SearchCorpus): SearchIndex {
  if (latest?.fingerprint !== corpus.fingerprint) latest = { fingerprint: corpus.fingerprint, index: buildSearchIndex(corpus.posts) };
  return latest.index;
}

// ---------------------------------------------------------------------------------------------
// Highlighting
// ---------------------------------------------------------------------------------------------

/** Where the words whose index term is in `matched` sit in `text`. */
function matchedRanges(text: string, matched: ReadonlySet<string>, from = 0, to = text.length, max = Infinity): [number, number][] {
  const ranges: [number, number][] = [];
  for (const match of text.slice(from, to).matchAll(WORD)) {
    const term = indexTerm(match[0]);
    if (term !== null && matched.has(term)) ranges.push([from + match.index, from + match.index + match[0].length]);
    if (ranges.length >= max) break;
  }
  return ranges;
}

function segments(text: string, ranges: [number, number][], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let at = from;
  for (const [start, end] of ranges) {
    if (start < at || end > to) continue;
    if (start > at) out.push({ text: text.slice(at, start), mark: false });
    out.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < to) out.push({ text: text.slice(at, to), mark: false });
  return out;
}

/** The whole of a short text (a title) with its matching words marked. */
export function highlight(text: string, matched: ReadonlySet<string>): Segment[] {
  return segments(text, matchedRanges(text, matched), 0, text.length);
}

export const SNIPPET_CHARS = 220;
const SNIPPET_LEAD = 60;

/**
 * About SNIPPET_CHARS of `text` around its first matching word, cut at spaces, with "…" where it
 * was cut and the matching words marked; null if no word of `text` matched. Plain text runs only:
 * the page renders them as React text, never as HTML.
 */
export function snippet(text: string, matched: ReadonlySet<string>, length = SNIPPET_CHARS): Segment[] | null {
  const first = matchedRanges(text, matched, 0, Math.min(text.length, SEARCH_BODY_CHARS * 2), 1)[0]?.[0];
  if (first === undefined) return null;
  let from = Math.max(0, first - SNIPPET_LEAD);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < first) from = space + 1;
  }
  let to = Math.min(text.length, from + length);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > first) to = space;
  }
  const run = segments(text, matchedRanges(text, matched, from, to), from, to);
  if (from > 0) run.unshift({ text: '… ', mark: false });
  if (to < text.length) run.push({ text: ' …', mark: false });
  return run;
}

function plainSnippet(text: string): Segment[] {
  if (text.length <= SNIPPET_CHARS) return text ? [{ text, mark: false }] : [];
  const space = text.lastIndexOf(' ', SNIPPET_CHARS);
  return [{ text: `${text.slice(0, space > 0 ? space : SNIPPET_CHARS)} …`, mark: false }];
}
