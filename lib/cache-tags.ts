/**
 * Cache tags of the public site. Every cached public read is tagged with what it shows, and a
 * change to a post revalidates exactly the tags of the pages that show it.
 */
export const cacheTags = {
  home: 'home',
  feed: 'feed',
  sitemap: 'sitemap',
  search: 'search',
  /** Previous/next and related posts at the end of every post page: any publish can change them. */
  neighbours: 'neighbours',
  post: (slug: string) => `post:${slug}`,
  tag: (tag: string) => `tag:${tag}`,
  author: (handle: string) => `author:${handle}`,
} as const;

export interface PostChange {
  slugs: string[];
  tags: string[];
  authorHandles: string[];
}

/** The tags to revalidate when a post is published, updated, unpublished or deleted. */
export function tagsForPostChange(change: PostChange): string[] {
  return [
    ...new Set([
      cacheTags.home,
      cacheTags.feed,
      cacheTags.sitemap,
      cacheTags.search,
      cacheTags.neighbours,
      ...change.slugs.filter(Boolean).map(cacheTags.post),
      ...change.tags.filter(Boolean).map(cacheTags.tag),
      ...change.authorHandles.filter(Boolean).map(cacheTags.author),
    ]),
  ];
}
