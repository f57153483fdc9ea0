'use server';

import { z } from '@/lib/zod';
import { ImageRejected } from '@/lib/media/process';
import { parseMediaUrl } from '@/lib/media/rules';
import { MediaError, publishUpload, removeImages } from '@/lib/media/storage';
import { currentAuthor } from '@/lib/session';

export type AddImageResult = { ok: true; image: { url: string; width: number; height: number } } | { ok: false; message: string };

const uploadPathInput = z.string().max(200);

/**
 * The studio calls this once the browser's upload has finished: the upload becomes a public image
 * (lib/media/storage.ts). Refusals come back as messages for the author, never as thrown errors.
 */
export async function addImage(path: unknown): Promise<AddImageResult> {
  if (!(await currentAuthor())) return { ok: false, message: 'Your session has ended. Sign in again (in another tab) to add images.' };
  const valid = uploadPathInput.safeParse(path);
  if (!valid.success) return { ok: false, message: 'The studio sent a request the server does not understand. Reload the page.' };
  try {
    const image = await publishUpload(valid.data);
    return { ok: true, image: { url: image.url, width: image.width, height: image.height } };
  } catch (error) {
    if (error instanceof ImageRejected || error instanceof MediaError) return { ok: false, message: error.message };
    console.error('Adding an image failed:', error);
    return { ok: false, message: 'The image could not be added: storage did not answer. Try again in a moment.' };
  }
}

/** Deletes an image the author added and then discarded before placing it. */
export async function discardImage(url: unknown): Promise<void> {
  if (!(await currentAuthor())) return;
  const image = typeof url === 'string' ? parseMediaUrl(url) : null;
  // Storage's rules refuse other identities' images; removeImages reports rather than throws.
  if (image) await removeImages([image]);
}
