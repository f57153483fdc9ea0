import { checkResult as check, type GraphQLErrors, type PostsDataClient } from './data-client';

type Lister<T> = (options: { limit: number; nextToken: string | null }) => Promise<{ data: T[]; nextToken?: string | null; errors?: GraphQLErrors }>;

async function listAll<T>(lister: Lister<T>, what: string): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | null = null;
  do {
    const page = await lister({ limit: 100, nextToken });
    check(page.errors, what);
    items.push(...page.data);
    nextToken = page.nextToken ?? null;
  } while (nextToken);
  return items;
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) results.push(...(await Promise.all(items.slice(start, start + limit).map(task))));
  return results;
}

/**
 * Every text in which the caller's records can name an image: their drafts, the live copies of
 * those drafts (read with the API key, since an admin may own the live copy of an author's post),
 * their preview snapshots (body and cover) and their author profiles (avatar). The owner rules
 * decide what "their" means (ADMINS read everyone's, which only keeps more images). A failed read
 * throws, so a cleanup never acts on a partial picture.
 */
export async function textsNamingImages(client: PostsDataClient): Promise<string[]> {
  const [drafts, previews, profiles] = await Promise.all([
    listAll((options) => client.models.Post.list(options), 'list posts'),
    listAll((options) => client.models.DraftPreview.list(options), 'list previews'),
    listAll((options) => client.models.AuthorProfile.list(options), 'list profiles'),
  ]);
  const live = (
    await inBatches(drafts, 8, async (draft) => {
      const copies = await client.models.PublishedPost.listPublishedPostsByPostId({ postId: draft.id }, { authMode: 'apiKey' });
      check(copies.errors, 'list live posts');
      return copies.data;
    })
  ).flat();
  return [...[...drafts, ...live, ...previews].flatMap((record) => [record.body, record.coverImage ?? '']), ...profiles.map((profile) => profile.avatar ?? '')];
}
