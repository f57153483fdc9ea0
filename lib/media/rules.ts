import { z } from '../zod';

/**
 * The rules every image follows, shared by the studio's upload UI, the server action that
 * processes an upload, the post schema and the public image route (no server-only code here).
 *
 * Where images live (amplify/storage/resource.ts):
 * - `uploads/<identity>/<random>`: what the browser sent, readable only by its uploader, deleted
 *   once processed.
 * - `media/<identity>/<random>-<width>x<height>.<ext>`: the processed image (metadata stripped,
 *   orientation applied), readable by anyone. (The identity's own credentials may write there
 *   too, so a file put there by other means is possible: docs/security.md, Open.) The name carries the intrinsic size so pages can
 *   reserve the image's space without asking storage, and is never reused, so its bytes never
 *   change and visitors' caches may keep it forever.
 */

export const IMAGE_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/gif': 'gif',
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;
export type ImageExtension = (typeof IMAGE_TYPES)[ImageType];

export const IMAGE_LIMITS = {
  /** Bytes of one upload: a full-resolution phone photo fits; a raw camera file does not. */
  bytes: 15 * 1024 * 1024,
  /** Pixels of one picture (about 8,000 × 5,000): decoding more would hold hundreds of MB in memory. */
  pixels: 40_000_000,
  /** Frames of an animated GIF or WebP… */
  frames: 500,
  /** …and their pixels together (an animation is decoded whole). */
  animationPixels: 60_000_000,
  /**
   * The longest side of a stored image: larger uploads are scaled down. Pages never draw an image
   * wider than 1920 pixels (lib/media/images.ts), and Amplify Hosting's optimizer refuses sources
   * over 9,000 pixels a side or 11 MB.
   */
  edge: 2560,
  /** Bytes of a stored image, under that optimizer's 11 MB. */
  storedBytes: 10 * 1024 * 1024,
  alt: 250,
} as const;

const EXTENSION_TYPES = Object.fromEntries(Object.entries(IMAGE_TYPES).map(([type, extension]) => [extension, type])) as Record<ImageExtension, ImageType>;

export const ACCEPTED_IMAGE_TYPES = Object.keys(IMAGE_TYPES).join(',');

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Why a chosen file cannot be uploaded, in the author's terms; null when it can. */
export function imageFileProblem(file: { name: string; type: string; size: number }): string | null {
  if (!(file.type in IMAGE_TYPES)) return `“${file.name}” is not an image Folio accepts. Use JPEG, PNG, WebP, AVIF or GIF.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > IMAGE_LIMITS.bytes) {
    return `“${file.name}” is ${megabytes(file.size)}; images can be at most ${megabytes(IMAGE_LIMITS.bytes)}. Export a smaller version and try again.`;
  }
  return null;
}

// Cognito identity ids: `<region>:<uuid>`.
const IDENTITY = '[a-z]{2}(?:-[a-z]+)+-\\d:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const RANDOM = '[0-9a-f]{32}';
const EXTENSION = Object.values(IMAGE_TYPES).join('|');

const UPLOAD_PATH = new RegExp(`^uploads/(${IDENTITY})/(${RANDOM})$`);
const MEDIA_FILE = new RegExp(`^(${RANDOM})-([1-9]\\d{0,4})x([1-9]\\d{0,4})\\.(${EXTENSION})$`);
const MEDIA_URL = new RegExp(`^/media/(${IDENTITY})/(${RANDOM}-[1-9]\\d{0,4}x[1-9]\\d{0,4}\\.(?:${EXTENSION}))$`);

export interface MediaImage {
  /** The storage path, `media/<identity>/<file>`. */
  path: string;
  /** Where visitors fetch it: `/media/<identity>/<file>`. */
  url: string;
  identityId: string;
  width: number;
  height: number;
  contentType: ImageType;
}

/** A random name part: 128 bits, so names can be neither guessed nor enumerated. */
export function randomImageName(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export function uploadPath(identityId: string, name: string): string {
  return `uploads/${identityId}/${name}`;
}

/** The identity an upload path belongs to, or null if it is not one. */
export function uploadOwner(path: string): string | null {
  return UPLOAD_PATH.exec(path)?.[1] ?? null;
}

export function mediaImage(identityId: string, name: string, width: number, height: number, extension: ImageExtension): MediaImage {
  const file = `${name}-${width}x${height}.${extension}`;
  return { path: `media/${identityId}/${file}`, url: `/media/${identityId}/${file}`, identityId, width, height, contentType: EXTENSION_TYPES[extension] };
}

/** Parses a public image URL (`/media/<identity>/<file>`); null for anything else. */
export function parseMediaUrl(url: string): MediaImage | null {
  const match = MEDIA_URL.exec(url);
  if (!match) return null;
  const [, identityId, file] = match as unknown as [string, string, string];
  const parts = MEDIA_FILE.exec(file);
  if (!parts) return null;
  const [, name, width, height, extension] = parts as unknown as [string, string, string, string, ImageExtension];
  return mediaImage(identityId, name, Number(width), Number(height), extension);
}

/** Every Folio image a markdown body shows, by URL, in order of appearance, without repeats. */
export function mediaUrlsIn(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(new RegExp(`/media/${IDENTITY}/${RANDOM}-[1-9]\\d{0,4}x[1-9]\\d{0,4}\\.(?:${EXTENSION})`, 'g'))) {
    found.add(match[0]);
  }
  return [...found];
}

/** Alt text, required wherever an image is placed: readers who cannot see it get these words. */
export const altTextSchema = z
  .string()
  .trim()
  .min(1, 'Describe the image for readers who cannot see it.')
  .max(IMAGE_LIMITS.alt, `Alt text can have at most ${IMAGE_LIMITS.alt} characters.`)
  .refine((alt) => !/[[\]\\\n]/.test(alt), 'Alt text cannot contain square brackets, backslashes or line breaks.');

/** A stored image reference: the public URL of a processed Folio image (never an arbitrary address). */
export const mediaUrlSchema = z.string().refine((url) => parseMediaUrl(url) !== null, 'This is not an image uploaded to Folio.');

/** The markdown that places an image in a post body. */
export function imageMarkdown(image: Pick<MediaImage, 'url'>, alt: string): string {
  return `![${alt.trim()}](${image.url})`;
}
