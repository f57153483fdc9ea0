import 'server-only'; // Cookies and the storage runner: server code only.
import { storageOptions } from 'amplify-offline/client';
import { fetchAuthSession } from 'aws-amplify/auth/server';
import { list, remove } from 'aws-amplify/storage/server';
import { cookies } from 'next/headers';
import { after } from 'next/server';
import { amplifyOutputs } from '../amplify-outputs';
import { runWithStorageContext } from '../amplify-server';
import { textsNamingImages, type PostsDataClient } from '../posts';
import { mediaUrlsIn } from './rules';

/**
 * Removes the signed-in author's images that nothing uses any more: covers replaced, images cut
 * from a body, posts deleted. "Used" means named by any record the author can read (drafts, live
 * copies, preview snapshots, the profile), which `referencedText` returns as text to scan. Images
 * younger than `graceMs` stay: one may have just been added to an editor whose save is on its way.
 */
const isPastGrace = (item: { lastModified?: Date }, graceMs: number, now: number) =>
  item.lastModified !== undefined && now - item.lastModified.getTime() > graceMs;

/** The stored images (by path) that are past the grace period and named in none of `texts`. */
export function unusedImages(items: readonly { path: string; lastModified?: Date }[], texts: readonly string[], graceMs: number, now: number): string[] {
  const used = new Set(texts.flatMap((text) => mediaUrlsIn(text)));
  return items.filter((item) => isPastGrace(item, graceMs, now) && !used.has(`/${item.path}`)).map((item) => item.path);
}

export async function removeUnusedImages(referencedText: () => Promise<string[]>, graceMs = 24 * 60 * 60 * 1000, now = Date.now()): Promise<number> {
  return runWithStorageContext({
    nextServerContext: { cookies },
    operation: async (context) => {
      const { identityId } = await fetchAuthSession(context);
      if (!identityId) return 0;
      const endpoint = storageOptions(amplifyOutputs()) as object;
      const { items } = await list(context, { path: `media/${identityId}/`, options: { listAll: true, ...endpoint } });
      // Nothing old enough, nothing to read: most saves end here after one list call.
      if (!items.some((item) => isPastGrace(item, graceMs, now))) return 0;
      const unused = unusedImages(items, await referencedText(), graceMs, now);
      for (const path of unused) await remove(context, { path, options: endpoint });
      return unused.length;
    },
  });
}

/**
 * After the response (Next's `after`): remove the signed-in author's images that none of their
 * records names any more. Called by the studio's saves, deletes and profile saves. Best effort: a
 * failure is logged and the next cleanup tries again; the lifecycle rules in amplify/backend.ts
 * catch raw uploads whatever happens here.
 */
export function cleanUpImagesLater(client: PostsDataClient): void {
  after(async () => {
    try {
      await removeUnusedImages(() => textsNamingImages(client));
    } catch (error) {
      console.error('Removing unused images failed:', error);
    }
  });
}
