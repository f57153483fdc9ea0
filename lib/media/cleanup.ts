import 'server-only'; // Cookies and the storage runner: server code only.
import { fetchAuthSession } from 'aws-amplify/auth/server';
import { list, remove, uploadData } from 'aws-amplify/storage/server';
import { cookies } from 'next/headers';
import { after } from 'next/server';
import { runWithStorageContext } from '../amplify-server';
import { textsNamingImages, type PostsDataClient } from '../posts';
import { mediaUrlsIn, parseMediaUrl } from './rules';
import { endpoint as storageEndpoint } from './storage';

/**
 * Removing the signed-in author's images that nothing uses any more (covers replaced, images cut
 * from a body, posts deleted), without ever removing one that is still, or again, in use.
 *
 * An image is removed only after it was found unused on two sweeps at least `GRACE_MS` apart: the
 * first sweep leaves a marker (`media/<identity>/unused/<file>`, an empty object whose time says
 * since when), a sweep that finds the image used again removes the marker, and a sweep that finds
 * it still unused after the grace period removes both. So an image cut and pasted back, moved to
 * another post, or added to an editor whose save is still on its way is never lost. "Used" means
 * named by a record the author's records lead to (`textsNamingImages`). A sweep runs at most once
 * an hour per author (`media/<identity>/unused/last-sweep`).
 */
export const GRACE_MS = 24 * 60 * 60 * 1000;
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface StoredItem {
  path: string;
  lastModified?: Date;
}

export interface SweepPlan {
  /** Unused images seen for the first time: mark them. */
  mark: string[];
  /** Marked images in use again: drop their markers. */
  unmark: string[];
  /** Images unused for the whole grace period, and their markers; and markers of images already gone. */
  remove: string[];
}

const markerOf = (imagePath: string) => imagePath.replace(/^(media\/[^/]+)\//, '$1/unused/');
const isImage = (item: StoredItem) => parseMediaUrl(`/${item.path}`) !== null;

/** What a sweep does, decided from what is stored and the texts that name images. */
export function planSweep(items: readonly StoredItem[], texts: readonly string[], now: number, graceMs = GRACE_MS): SweepPlan {
  const used = new Set(texts.flatMap((text) => mediaUrlsIn(text)));
  const markers = new Map(items.filter((item) => item.path.includes('/unused/')).map((item) => [item.path, item]));
  const plan: SweepPlan = { mark: [], unmark: [], remove: [] };
  const images = items.filter(isImage);
  for (const image of images) {
    const marker = markers.get(markerOf(image.path));
    if (used.has(`/${image.path}`)) {
      if (marker) plan.unmark.push(marker.path);
    } else if (!marker) {
      plan.mark.push(image.path);
    } else if (marker.lastModified && now - marker.lastModified.getTime() >= graceMs) {
      plan.remove.push(image.path, marker.path);
    }
  }
  const imagePaths = new Set(images.map((image) => markerOf(image.path)));
  for (const marker of markers.keys()) if (!imagePaths.has(marker) && !marker.endsWith('/last-sweep')) plan.remove.push(marker);
  return plan;
}

export async function removeUnusedImages(referencedText: () => Promise<string[]>, now = Date.now()): Promise<SweepPlan | null> {
  return runWithStorageContext({
    nextServerContext: { cookies },
    operation: async (context) => {
      const { identityId } = await fetchAuthSession(context);
      if (!identityId) return null;
      const endpoint = storageEndpoint();
      const { items } = await list(context, { path: `media/${identityId}/`, options: { listAll: true, ...endpoint } });
      const lastSweep = items.find((item) => item.path === `media/${identityId}/unused/last-sweep`)?.lastModified;
      if (lastSweep && now - lastSweep.getTime() < SWEEP_EVERY_MS) return null;
      if (items.length === 0) return null;
      // A failed read throws here, before anything is marked or removed.
      const plan = planSweep(items, await referencedText(), now);
      const empty = new Uint8Array(0);
      await uploadData(context, { path: `media/${identityId}/unused/last-sweep`, data: empty, options: endpoint }).result;
      for (const path of plan.mark) await uploadData(context, { path: markerOf(path), data: empty, options: endpoint }).result;
      for (const path of [...plan.unmark, ...plan.remove]) await remove(context, { path, options: endpoint });
      return plan;
    },
  });
}

/**
 * After the response (Next's `after`): a sweep of the signed-in author's images. Called by the
 * studio's saves, deletes and profile saves. Best effort: a failure is logged and the next sweep
 * tries again; the lifecycle rules in amplify/backend.ts catch raw uploads whatever happens here.
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
