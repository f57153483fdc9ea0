import 'server-only'; // Cookies and the storage runner: server code only.
import { storageOptions } from 'amplify-offline/client';
import { fetchAuthSession } from 'aws-amplify/auth/server';
import { getUrl, remove, uploadData } from 'aws-amplify/storage/server';
import { cookies } from 'next/headers';
import { amplifyOutputs } from '../amplify-outputs';
import { runWithStorageContext } from '../amplify-server';
import { processImage } from './process';
import { IMAGE_LIMITS, mediaImage, randomImageName, uploadOwner, type MediaImage } from './rules';

/** The studio's and the image route's way to the media bucket (paths and rules: ./rules.ts). */

/** A storage failure with a message fit for the author. */
export class MediaError extends Error {}

// The local endpoint for outputs the offline backend wrote; nothing for outputs from AWS. aws-amplify
// types `customEndpoint` only internally, though every Storage call reads it.
export const endpoint = () => storageOptions(amplifyOutputs()) as object;

/** Reads an object through a short-lived signed URL, refusing more than `limit` bytes. */
async function download(url: URL, limit: number): Promise<Uint8Array> {
  const response = await fetch(url, { cache: 'no-store' });
  if (response.status === 404) throw new MediaError('The upload was not found (it may have expired). Add the image again.');
  if (!response.ok || !response.body) throw new MediaError(`Storage answered ${response.status} when reading the upload.`);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) throw new MediaError(`Images can be at most ${limit / (1024 * 1024)} MB.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new MediaError(`Images can be at most ${limit / (1024 * 1024)} MB.`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Turns the signed-in author's raw upload into a public image: checks that the upload is theirs,
 * processes it (./process.ts: metadata stripped, format checked), writes it under a new random name
 * in their media folder and deletes the upload. Runs with the author's own identity-pool
 * credentials, so storage's policies hold even if this code had a bug.
 */
export async function publishUpload(path: string): Promise<MediaImage> {
  return runWithStorageContext({
    nextServerContext: { cookies },
    operation: async (context) => {
      const session = await fetchAuthSession(context);
      if (!session.identityId || !session.credentials) throw new MediaError('Your session has ended. Sign in again to add images.');
      if (uploadOwner(path) !== session.identityId) throw new MediaError('This upload is not yours.');
      try {
        // No existence check first (a HEAD request): the GET's 404 says the same.
        const { url } = await getUrl(context, { path, options: { expiresIn: 60, ...endpoint() } });
        const processed = await processImage(await download(url, IMAGE_LIMITS.bytes));
        const image = mediaImage(session.identityId, randomImageName(), processed.width, processed.height, processed.extension);
        await uploadData(context, { path: image.path, data: processed.data, options: { contentType: processed.contentType, ...endpoint() } }).result;
        return image;
      } finally {
        // Processed or refused, the raw upload (which may carry a GPS position) goes.
        await remove(context, { path, options: endpoint() }).catch((error: unknown) => console.error(`Could not remove ${path}:`, error));
      }
    },
  });
}

/** A public image's bytes, read as a guest (the only access visitors' images need); null if absent. */
export async function readPublicImage(image: MediaImage): Promise<Response | null> {
  return runWithStorageContext({
    nextServerContext: null,
    operation: async (context) => {
      // Signing is local; one GET answers both "is it there" and "what is it".
      const { url } = await getUrl(context, { path: image.path, options: { expiresIn: 60, ...endpoint() } });
      const response = await fetch(url, { cache: 'no-store' });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`Storage answered ${response.status} for ${image.path}.`);
      return response;
    },
  });
}

/**
 * Deletes images from the signed-in author's media folder (a post deleted, a cover replaced).
 * Storage refuses other identities' images; those and any failure are reported, never thrown,
 * since the post itself has already changed. Returns the paths that could not be removed.
 */
export async function removeImages(images: readonly MediaImage[]): Promise<string[]> {
  if (images.length === 0) return [];
  return runWithStorageContext({
    nextServerContext: { cookies },
    operation: async (context) => {
      const failed: string[] = [];
      for (const image of images) {
        try {
          await remove(context, { path: image.path, options: endpoint() });
        } catch (error) {
          console.error(`Could not remove ${image.path}:`, error);
          failed.push(image.path);
        }
      }
      return failed;
    },
  });
}
