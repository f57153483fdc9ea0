import 'server-only'; // sharp is a native module: server code only.
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { IMAGE_LIMITS, IMAGE_TYPES, type ImageExtension, type ImageType } from './rules';

/**
 * Turns what an author uploaded into what visitors may see. The bytes decide the format (the
 * browser's declared type and the file name are not trusted); the image is decoded within
 * pixel and frame limits, turned upright by its EXIF orientation, scaled down to at most
 * IMAGE_LIMITS.edge pixels a side, and encoded again in its own
 * format, which leaves every metadata block behind: EXIF (camera, GPS position, time), XMP, IPTC
 * and comments. sharp writes no metadata unless asked to; colour profiles are converted to sRGB.
 */

export interface ProcessedImage {
  data: Buffer;
  contentType: ImageType;
  extension: ImageExtension;
  width: number;
  height: number;
}

/** An upload that is not an image Folio accepts; its message is for the author. */
export class ImageRejected extends Error {}

const FORMATS: Partial<Record<string, ImageType>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  // libvips reads AVIF through libheif and reports it as "heif" with an AV1 compression.
  heif: 'image/avif',
};

/** `limits` is for tests, which cannot afford real-sized images. */
export async function processImage(input: Uint8Array, limits: Record<keyof typeof IMAGE_LIMITS, number> = IMAGE_LIMITS): Promise<ProcessedImage> {
  if (input.byteLength > limits.bytes) throw new ImageRejected(`Images can be at most ${limits.bytes / (1024 * 1024)} MB.`);
  // libvips decodes an animation as one tall picture, so the decoder's limit is the animation's.
  const options = { limitInputPixels: Math.max(limits.pixels, limits.animationPixels), animated: true, failOn: 'error' } as const;
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels, so it runs unlimited; the limits are checked below
    // with a message that says what was too large.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new ImageRejected('This file is not a readable image. Use JPEG, PNG, WebP, AVIF or GIF.');
  }
  const contentType = metadata.format ? FORMATS[metadata.format] : undefined;
  if (!contentType || (metadata.format === 'heif' && metadata.compression !== 'av1')) {
    throw new ImageRejected(`Images in ${String(metadata.format ?? 'this').toUpperCase()} format are not accepted. Use JPEG, PNG, WebP, AVIF or GIF.`);
  }
  const frames = metadata.pages ?? 1;
  if (frames > limits.frames) throw new ImageRejected(`Animations can have at most ${limits.frames} frames; this one has ${frames}.`);
  const frameHeight = metadata.pageHeight ?? metadata.height;
  if (metadata.width * frameHeight > limits.pixels) {
    throw new ImageRejected(`This image is ${metadata.width} × ${frameHeight} pixels; at most ${(limits.pixels / 1e6).toFixed(0)} megapixels are accepted.`);
  }
  if (frames > 1 && metadata.width * frameHeight * frames > limits.animationPixels) {
    throw new ImageRejected(
      `This animation is ${metadata.width} × ${frameHeight} pixels × ${frames} frames; at most ${(limits.animationPixels / 1e6).toFixed(0)} megapixels in all are accepted. Make it smaller or shorter.`,
    );
  }

  // autoOrient applies the EXIF orientation to the pixels before the EXIF block is dropped.
  let pipeline = sharp(input, options).autoOrient().resize({ width: limits.edge, height: limits.edge, fit: 'inside', withoutEnlargement: true });
  pipeline =
    contentType === 'image/jpeg'
      ? pipeline.jpeg({ quality: 90, mozjpeg: true })
      : contentType === 'image/png'
        ? pipeline.png({ compressionLevel: 9 })
        : contentType === 'image/webp'
          ? pipeline.webp({ quality: 90 })
          : contentType === 'image/avif'
            ? pipeline.avif({ quality: 70 })
            : pipeline.gif();
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await pipeline.toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRejected('This image could not be decoded: the file may be damaged.');
  }
  if (output.data.byteLength > limits.storedBytes) {
    throw new ImageRejected('This image is too large even after processing (it is probably a photo saved as PNG or GIF). Export it as JPEG or WebP.');
  }
  const height = output.info.pageHeight ?? output.info.height;
  return { data: output.data, contentType, extension: IMAGE_TYPES[contentType], width: output.info.width, height };
}
