import { unstable_cache } from 'next/cache';
import { publicDataClient, runWithAmplifyServerContext } from './amplify-server';
import { PUBLIC_FEED, toPublicPost, type Page, type PublicPost } from './posts';

/** Cache tags: every public read carries POSTS_TAG; a post page also carries its own tag. */
export const POSTS_TAG = 'posts';
export const postTag = (slug: string) => `post:${slug}`;

function raise(errors: readonly { message: string }[] | undefined, what: string): void {
  if (errors?.length) throw new Error(`Reading ${what} failed: ${errors.map((error) => error.message).join('; ')}`);
}

/**
 * Newest published posts first, a page at a time, from the by-date index (a query on one
 * partition, never a scan). Runs with the public API key in a server context without cookies,
 * so the result can sit in Next's data cache and be shared by every visitor.
 */
export const listPublishedPosts = unstable_cache(
  async (limit: number, nextToken: string | null): Promise<Page<PublicPost>> =>
    runWithAmplifyServerContext({
      nextServerContext: null,
      operation: async (context) => {
        const { data, nextToken: next, errors } = await publicDataClient.models.PublishedPost.listPublishedPostsByDate(
          context,
          { feed: PUBLIC_FEED },
          { sortDirection: 'DESC', limit, nextToken },
        );
        raise(errors, 'published posts');
        return { items: data.map(toPublicPost), nextToken: next ?? null };
      },
    }),
  ['published-posts'],
  { tags: [POSTS_TAG] },
);

export function getPublishedPost(slug: string): Promise<PublicPost | null> {
  return unstable_cache(
    async () =>
      runWithAmplifyServerContext({
        nextServerContext: null,
        operation: async (context) => {
          const { data, errors } = await publicDataClient.models.PublishedPost.get(context, { slug });
          raise(errors, `post ${slug}`);
          return data ? toPublicPost(data) : null;
        },
      }),
    ['published-post', slug],
    { tags: [POSTS_TAG, postTag(slug)] },
  )();
}
