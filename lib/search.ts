import type { PostSummary } from './public-posts';

/** Lowercases and strips accents so "Crème" matches "creme". */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export const MAX_QUERY_LENGTH = 100;

export function searchTerms(query: string): string[] {
  return [
    ...new Set(
      normalise(query.slice(0, MAX_QUERY_LENGTH))
        .split(/[^a-z0-9]+/)
        .filter((term) => term.length > 0),
    ),
  ].slice(0, 8);
}

/**
 * Searches live posts by title, excerpt, tags and author. Every term must match somewhere
 * (prefix match on words); title and tag hits rank above excerpt hits, then newer first.
 * Runs in memory over the cached index of summaries (see lib/public-posts.ts): instant for a
 * blog of thousands of posts; a catalogue far beyond that would want a search service
 * (e.g. OpenSearch fed from the table's stream).
 */
export function searchSummaries(summaries: PostSummary[], query: string, limit = 20): PostSummary[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const scored: { post: PostSummary; score: number }[] = [];
  for (const post of summaries) {
    const fields = {
      title: normalise(post.title).split(/[^a-z0-9]+/),
      tags: post.tags.map(normalise),
      author: normalise(post.authorName).split(/[^a-z0-9]+/),
      excerpt: normalise(post.excerpt).split(/[^a-z0-9]+/),
    };
    let score = 0;
    const matchesAll = terms.every((term) => {
      const hit = (words: string[]) => words.some((word) => word.startsWith(term));
      const termScore = (hit(fields.title) ? 4 : 0) + (hit(fields.tags) ? 3 : 0) + (hit(fields.author) ? 2 : 0) + (hit(fields.excerpt) ? 1 : 0);
      score += termScore;
      return termScore > 0;
    });
    if (matchesAll) scored.push({ post, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || b.post.publishedAt.localeCompare(a.post.publishedAt))
    .slice(0, limit)
    .map((entry) => entry.post);
}
