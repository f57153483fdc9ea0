/*
 * The inverted index behind lib/search.ts, in typed arrays. MiniSearch keeps a Map per term per
 * field from document to frequency; at 50,000 posts that is ~14M Map entries (~586 MB). Here all
 * (term, field) posting lists are slices of one Uint32Array of document numbers and one Uint8Array
 * of frequencies (5 bytes a posting), found through an offsets array, and a query adds its BM25
 * scores into per-document arrays allocated once, instead of making an object per matching post.
 * MiniSearch's SearchableMap (a radix tree) stays the term dictionary for the parts that are easy
 * to get wrong: word starts (atPrefix) and one-edit typo expansion (fuzzyGet). Scoring is
 * MiniSearch's (its BM25 parameters, prefix and fuzzy weights, and field length as the number of
 * distinct words written in the field), so results rank exactly as they did with MiniSearch; the
 * tests check that against MiniSearch itself. An index is built once and never changed: a new
 * corpus version gets a new index.
 */
import SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch's defaults: k saturates term frequency, b normalises by field length, d floors a match. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** BM25 saturates term frequency: at 255 it is within a few percent of its limit, so a byte holds it. */
const MAX_FREQUENCY = 255;
const INITIAL_CAPACITY = 1024;

/** An index term a query word stands for, with how much a match on it counts. */
export interface Expansion {
  term: string;
  id: number;
  weight: number;
}

export interface Ranking {
  /** How many documents match every query word. */
  count: number;
  /** The best of them (at most the limit asked for), best first. */
  docs: number[];
}

const NO_TERM = -1;

function grown<T extends Uint32Array | Uint8Array | Int32Array>(array: T, size: number, make: (length: number) => T): T {
  if (array.length >= size) return array;
  const bigger = make(Math.max(size, Math.ceil(array.length * 1.5)));
  bigger.set(array);
  return bigger;
}

/**
 * Collects documents in document-number order, then packs them into a TermIndex. Adding appends to
 * a forward log (each document's (term, field) list numbers and frequencies, in two growing
 * arrays) that finish() inverts, counting then placing: a growing array per posting list cost
 * ~1M allocations at 50,000 posts and twice the build time. A word is looked up once per
 * occurrence and stemmed once per corpus; the rest is array arithmetic.
 */
export class TermIndexBuilder {
  private readonly fieldCount: number;
  private readonly wordIds = new Map<string, number>();
  private wordTerms = new Int32Array(INITIAL_CAPACITY);
  private wordCounts = new Uint32Array(INITIAL_CAPACITY);
  /** The last (document, field) each word was seen in: MiniSearch's field length counts distinct words. */
  private wordStamps = new Uint32Array(INITIAL_CAPACITY);
  private readonly termIds = new Map<string, number>();
  /** A field's term frequencies while it is being added, and which terms it touched. */
  private fieldFrequencies = new Uint32Array(INITIAL_CAPACITY);
  private readonly touched: number[] = [];
  private logLists = new Uint32Array(INITIAL_CAPACITY);
  private logFrequencies = new Uint8Array(INITIAL_CAPACITY);
  private logLength = 0;
  /** Where each document's postings end in the log. */
  private docEnds = new Uint32Array(INITIAL_CAPACITY);
  private fieldLengths = new Uint32Array(INITIAL_CAPACITY);
  private docCount = 0;

  constructor(
    private readonly boosts: readonly number[],
    /** A word's index term, or null for a word the index leaves out. */
    private readonly termOf: (word: string) => string | null,
  ) {
    this.fieldCount = boosts.length;
  }

  private newWord(word: string): number {
    const wordId = this.wordIds.size;
    this.wordIds.set(word, wordId);
    this.wordTerms = grown(this.wordTerms, wordId + 1, (length) => new Int32Array(length));
    this.wordCounts = grown(this.wordCounts, wordId + 1, (length) => new Uint32Array(length));
    this.wordStamps = grown(this.wordStamps, wordId + 1, (length) => new Uint32Array(length));
    const term = this.termOf(word);
    this.wordTerms[wordId] = term === null ? NO_TERM : this.termId(term);
    return wordId;
  }

  private termId(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.termIds.size;
      this.termIds.set(term, termId);
      this.fieldFrequencies = grown(this.fieldFrequencies, termId + 1, (length) => new Uint32Array(length));
    }
    return termId;
  }

  /** Adds the next document, given as each field's words in order; returns its number. */
  add(fields: readonly (readonly string[])[]): number {
    const doc = this.docCount++;
    const { fieldCount, touched } = this;
    this.fieldLengths = grown(this.fieldLengths, this.docCount * fieldCount, (length) => new Uint32Array(length));
    this.docEnds = grown(this.docEnds, this.docCount, (length) => new Uint32Array(length));
    for (let field = 0; field < fieldCount; field++) {
      let length = 0;
      const stamp = doc * fieldCount + field + 1;
      for (const word of fields[field] ?? []) {
        const wordId = this.wordIds.get(word) ?? this.newWord(word);
        if (this.wordStamps[wordId] !== stamp) {
          this.wordStamps[wordId] = stamp;
          length++;
        }
        const termId = this.wordTerms[wordId]!;
        if (termId === NO_TERM) continue;
        this.wordCounts[wordId]!++;
        if (this.fieldFrequencies[termId]!++ === 0) touched.push(termId);
      }
      this.logLists = grown(this.logLists, this.logLength + touched.length, (size) => new Uint32Array(size));
      this.logFrequencies = grown(this.logFrequencies, this.logLength + touched.length, (size) => new Uint8Array(size));
      for (const termId of touched) {
        this.logLists[this.logLength] = termId * fieldCount + field;
        this.logFrequencies[this.logLength++] = Math.min(this.fieldFrequencies[termId]!, MAX_FREQUENCY);
        this.fieldFrequencies[termId] = 0;
      }
      touched.length = 0;
      this.fieldLengths[doc * fieldCount + field] = length;
    }
    this.docEnds[doc] = this.logLength;
    return doc;
  }

  /** Each word as written with how often it was indexed (stop words and noise left out). */
  *writtenWords(): IterableIterator<[string, number]> {
    for (const [word, wordId] of this.wordIds) if (this.wordTerms[wordId] !== NO_TERM) yield [word, this.wordCounts[wordId]!];
  }

  /** Inverts the log into one array of document numbers and one of frequencies; the builder is spent afterwards. */
  finish(): TermIndex {
    const listCount = this.termIds.size * this.fieldCount;
    const { logLists, logFrequencies, logLength, docEnds } = this;
    const offsets = new Uint32Array(listCount + 1);
    for (let at = 0; at < logLength; at++) offsets[logLists[at]! + 1]!++;
    for (let list = 0; list < listCount; list++) offsets[list + 1]! += offsets[list]!;
    const next = offsets.slice(0, listCount);
    const docs = new Uint32Array(logLength);
    const freqs = new Uint8Array(logLength);
    // Documents come in number order, so every posting list comes out sorted.
    for (let doc = 0, at = 0; doc < this.docCount; doc++) {
      for (const end = docEnds[doc]!; at < end; at++) {
        const slot = next[logLists[at]!]!++;
        docs[slot] = doc;
        freqs[slot] = logFrequencies[at]!;
      }
    }
    const dictionary = new SearchableMap<number>();
    for (const [term, termId] of this.termIds) dictionary.set(term, termId);
    const index = new TermIndex(this.boosts, this.docCount, dictionary, offsets, docs, freqs, this.fieldLengths.slice(0, this.docCount * this.fieldCount));
    this.termIds.clear();
    this.wordIds.clear();
    this.logLists = new Uint32Array(0);
    this.logFrequencies = new Uint8Array(0);
    return index;
  }
}

export class TermIndex {
  private readonly averageLengths: Float64Array;
  /** Per-query scratch, one slot per document; reset after every query. */
  private readonly scores: Float64Array;
  private readonly matchedWords: Uint8Array;
  private readonly candidates: Uint32Array;

  constructor(
    private readonly boosts: readonly number[],
    readonly docCount: number,
    private readonly dictionary: SearchableMap<number>,
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly freqs: Uint8Array,
    private readonly fieldLengths: Uint32Array,
  ) {
    const fieldCount = boosts.length;
    this.averageLengths = new Float64Array(fieldCount);
    for (let at = 0; at < fieldLengths.length; at++) this.averageLengths[at % fieldCount]! += fieldLengths[at]!;
    for (let field = 0; field < fieldCount; field++) this.averageLengths[field] = this.averageLengths[field]! / Math.max(1, docCount) || 1;
    this.scores = new Float64Array(docCount);
    this.matchedWords = new Uint8Array(docCount);
    this.candidates = new Uint32Array(docCount);
  }

  has(term: string): boolean {
    return this.dictionary.has(term);
  }

  /**
   * The index terms a query term stands for: itself, with `prefix` the terms it starts (weighted
   * down as they get longer), and within `fuzzy` edits the terms it may be a typo of.
   */
  expand(term: string, { prefix, fuzzy }: { prefix: boolean; fuzzy: number }): Expansion[] {
    const found = new Map<string, Expansion>();
    const exact = this.dictionary.get(term);
    if (exact !== undefined) found.set(term, { term, id: exact, weight: 1 });
    if (prefix) {
      for (const [longer, id] of this.dictionary.atPrefix(term)) {
        const distance = longer.length - term.length;
        if (distance > 0) found.set(longer, { term: longer, id, weight: (PREFIX_WEIGHT * longer.length) / (longer.length + 0.3 * distance) });
      }
    }
    if (fuzzy > 0) {
      for (const [near, [id, distance]] of this.dictionary.fuzzyGet(term, fuzzy)) {
        if (distance > 0 && !found.has(near)) found.set(near, { term: near, id, weight: (FUZZY_WEIGHT * near.length) / (near.length + distance) });
      }
    }
    return [...found.values()];
  }

  private postings(expansions: readonly Expansion[]): number {
    let total = 0;
    const fieldCount = this.boosts.length;
    for (const { id } of expansions) total += this.offsets[(id + 1) * fieldCount]! - this.offsets[id * fieldCount]!;
    return total;
  }

  /**
   * Documents that match every query word (a word matches through any of its expansions, in any
   * field), scored by the sum of boosted BM25 over the matches; equal scores rank the lower
   * document number first. Only the best `limit` are ordered.
   */
  rank(words: readonly (readonly Expansion[])[], limit: number): Ranking {
    if (words.length === 0 || words.length > 255 || words.some((expansions) => expansions.length === 0)) return { count: 0, docs: [] };
    // The rarest word first: it alone decides the candidates, the others only narrow them.
    const ordered = [...words].sort((a, b) => this.postings(a) - this.postings(b));
    const { scores, matchedWords, candidates, docs, freqs, offsets, fieldLengths, averageLengths, boosts } = this;
    const fieldCount = boosts.length;
    const total = this.docCount;
    let candidateCount = 0;
    try {
      for (let word = 0; word < ordered.length; word++) {
        for (const { id, weight } of ordered[word]!) {
          for (let field = 0; field < fieldCount; field++) {
            const start = offsets[id * fieldCount + field]!;
            const end = offsets[id * fieldCount + field + 1]!;
            if (start === end) continue;
            const matching = end - start;
            const inverse = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
            const scale = weight * boosts[field]! * inverse;
            const lengthFactor = (BM25.k * BM25.b) / averageLengths[field]!;
            const lengthBase = BM25.k * (1 - BM25.b);
            for (let at = start; at < end; at++) {
              const doc = docs[at]!;
              const seen = matchedWords[doc]!;
              if (seen === word) {
                matchedWords[doc] = word + 1;
                if (word === 0) candidates[candidateCount++] = doc;
              } else if (seen !== word + 1) {
                continue;
              }
              const frequency = freqs[at]!;
              const saturation = (frequency * (BM25.k + 1)) / (frequency + lengthBase + lengthFactor * fieldLengths[doc * fieldCount + field]!);
              scores[doc]! += scale * (BM25.d + saturation);
            }
          }
        }
      }
      return this.best(candidateCount, ordered.length, limit);
    } finally {
      for (let at = 0; at < candidateCount; at++) {
        const doc = candidates[at]!;
        scores[doc] = 0;
        matchedWords[doc] = 0;
      }
    }
  }

  /** Scores within a hair of each other are a tie (sums in another order differ in the last bits). */
  private ahead(a: number, b: number): boolean {
    const gap = this.scores[a]! - this.scores[b]!;
    if (Math.abs(gap) > 1e-9 * Math.max(this.scores[a]!, this.scores[b]!)) return gap > 0;
    return a < b;
  }

  private best(candidateCount: number, wordCount: number, limit: number): Ranking {
    const matches: number[] = [];
    for (let at = 0; at < candidateCount; at++) {
      const doc = this.candidates[at]!;
      if (this.matchedWords[doc] === wordCount) matches.push(doc);
    }
    if (limit <= 0) return { count: matches.length, docs: [] };
    if (matches.length <= limit * 8) {
      matches.sort((a, b) => (a === b ? 0 : this.ahead(a, b) ? -1 : 1));
      return { count: matches.length, docs: matches.slice(0, limit) };
    }
    // A short sorted list that most matches fail to enter: a common word matches most posts.
    const top: number[] = [];
    for (const doc of matches) {
      if (top.length >= limit && !this.ahead(doc, top[top.length - 1]!)) continue;
      let slot = top.length;
      while (slot > 0 && this.ahead(doc, top[slot - 1]!)) slot--;
      top.splice(slot, 0, doc);
      if (top.length > limit) top.pop();
    }
    return { count: matches.length, docs: top };
  }

  /** Whether `doc` holds index term `id` in any field. */
  contains(id: number, doc: number): boolean {
    const fieldCount = this.boosts.length;
    for (let field = 0; field < fieldCount; field++) {
      let low = this.offsets[id * fieldCount + field]!;
      let high = this.offsets[id * fieldCount + field + 1]!;
      while (low < high) {
        const middle = (low + high) >>> 1;
        const found = this.docs[middle]!;
        if (found === doc) return true;
        if (found < doc) low = middle + 1;
        else high = middle;
      }
    }
    return false;
  }
}
