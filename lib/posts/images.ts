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

/**
 * Every text in which the caller's records can name an image: drafts, live copies and preview
 * snapshots (body and cover) and author profiles (avatar). The owner rules decide what "the
 * caller's" means (ADMINS read everyone's, which only keeps more images). A failed read throws,
 * so a cleanup never acts on a partial picture.
 */
export async function textsNamingImages(client: PostsDataClient): Promise<string[]> {
  const [drafts, live, previews, profiles] = await Promise.all([
    listAll((options) => client.models.Post.list(options), 'list posts'),
    listAll((options) => client.models.PublishedPost.list(options), 'list live posts'),
    listAll((options) => client.models.DraftPreview.list(options), 'list previews'),
    listAll((options) => client.models.AuthorProfile.list(options), 'list profiles'),
  ]);
  return [...[...drafts, ...live, ...previews].flatMap((record) => [record.body, record.coverImage ?? '']), ...profiles.map((profile) => profile.avatar ?? '')];
}
