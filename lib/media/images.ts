import type { MediaImage } from './rules';

/**
 * `<img>` attributes for Folio's images, resized by Next's image optimizer (`/_next/image`). The
 * URLs are built here rather than with next/image's getImageProps, because importing next/image
 * into a server component ships its client component with every visitor page (~5 kB) even when
 * only the helper is used. next.config.ts allows exactly these widths and this quality, so the
 * optimizer refuses any other size a visitor might ask for.
 */

/** Widths for images that fill a column: phones at 1x–3x up to a wide desktop column at 2x. */
export const COLUMN_WIDTHS = [640, 750, 828, 1080, 1200, 1920] as const;
/** Widths for small fixed-size images (avatars, listing thumbnails) at 1x and 2x. */
export const FIXED_WIDTHS = [48, 96, 128, 256, 384] as const;
export const IMAGE_QUALITY = 75;

/** How wide a body image is drawn: the reading column (--measure, 42rem), or the screen below it. */
export const BODY_IMAGE_SIZES = '(min-width: 42rem) 42rem, 100vw';

export const optimizedUrl = (url: string, width: number) => `/_next/image?url=${encodeURIComponent(url)}&w=${width}&q=${IMAGE_QUALITY}`;

type Sized = Pick<MediaImage, 'url' | 'width' | 'height'>;

export interface ImageAttributes {
  src: string;
  srcSet: string;
  sizes?: string;
  width: number;
  height: number;
  loading: 'lazy' | 'eager';
  decoding: 'async';
  fetchPriority?: 'high';
}

/**
 * An image that fills a column (`sizes` says how wide): every column width up to the first one
 * at least as wide as the image itself (the optimizer never enlarges). `priority` for the one image
 * above the fold: loaded at once, with high priority, instead of lazily.
 */
export function responsiveImage(image: Sized, sizes: string, priority = false): ImageAttributes {
  const firstCovering = COLUMN_WIDTHS.findIndex((width) => width >= image.width);
  const widths = firstCovering === -1 ? [...COLUMN_WIDTHS] : COLUMN_WIDTHS.slice(0, firstCovering + 1);
  return {
    src: optimizedUrl(image.url, widths[widths.length - 1]!),
    srcSet: widths.map((width) => `${optimizedUrl(image.url, width)} ${width}w`).join(', '),
    sizes,
    width: image.width,
    height: image.height,
    loading: priority ? 'eager' : 'lazy',
    decoding: 'async',
    ...(priority ? { fetchPriority: 'high' as const } : {}),
  };
}

/** An image drawn `cssPixels` wide whatever the screen (an avatar): 1x and 2x copies. */
export function fixedImage(image: Sized, cssPixels: number): ImageAttributes {
  const atLeast = (pixels: number): number => FIXED_WIDTHS.find((width) => width >= pixels) ?? FIXED_WIDTHS[FIXED_WIDTHS.length - 1]!;
  const height = Math.round((cssPixels * image.height) / image.width);
  return {
    src: optimizedUrl(image.url, atLeast(cssPixels)),
    srcSet: `${optimizedUrl(image.url, atLeast(cssPixels))} 1x, ${optimizedUrl(image.url, atLeast(2 * cssPixels))} 2x`,
    width: cssPixels,
    height,
    loading: 'lazy',
    decoding: 'async',
  };
}
