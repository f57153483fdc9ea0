/**
 * Which posts to offer at the end of a post: those sharing the most tags with it, the more recent
 * first among equals. Pure, so the ranking is tested without an API; lib/public-posts.ts feeds it
 * the tag index's newest entries for each of the post's tags.
 */

/** An entry of the tag index: a post filed under a tag, with its publication date. */
export interface TagIndexEntry {
  slug: string;
  publishedAt: string;
}

export interface RelatedCandidate {
  slug: string;
  sharedTags: number;
  publishedAt: string;
}

/** How many related posts a post page shows. */
export const RELATED_COUNT = 3;
/** How many of a post's tags are looked up (a post with many tags must not cost many queries). */
export const RELATED_TAGS_LOOKED_UP = 5;
/** How many of each tag's newest entries are read. */
export const RELATED_ENTRIES_PER_TAG = 20;

/** Candidates for `slug`, best first: most shared tags, then newest. The post itself never appears. */
export function rankRelated(slug: string, entriesByTag: ReadonlyMap<string, readonly TagIndexEntry[]>): RelatedCandidate[] {
  const bySlug = new Map<string, RelatedCandidate>();
  for (const entries of entriesByTag.values()) {
    // A tag index entry is counted once per tag, however often it appears.
    const seen = new Set<string>();
    for (const entry of entries) {
      if (entry.slug === slug || seen.has(entry.slug)) continue;
      seen.add(entry.slug);
      const candidate = bySlug.get(entry.slug);
      if (candidate) {
        candidate.sharedTags += 1;
        if (entry.publishedAt > candidate.publishedAt) candidate.publishedAt = entry.publishedAt;
      } else {
        bySlug.set(entry.slug, { slug: entry.slug, sharedTags: 1, publishedAt: entry.publishedAt });
      }
    }
  }
  return [...bySlug.values()].sort(
    (a, b) => b.sharedTags - a.sharedTags || (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0) || a.slug.localeCompare(b.slug),
  );
}
