import { responsiveImage } from '@/lib/media/images';
import { parseMediaUrl } from '@/lib/media/rules';

/**
 * A post's cover as a plain `<img>` with a srcset from Next's optimizer (no image JavaScript on
 * visitor pages). Renders nothing for a post without one. `priority` for the one above the fold.
 */
export function CoverImage({
  url,
  alt,
  sizes,
  className,
  priority = false,
}: {
  url: string;
  alt: string;
  sizes: string;
  className: string;
  priority?: boolean;
}) {
  const image = url ? parseMediaUrl(url) : null;
  if (!image) return null;
  const attributes = responsiveImage(image, sizes, priority);
  // eslint-disable-next-line @next/next/no-img-element -- resized copies from Next's optimizer (lib/media/images.ts)
  return <img {...attributes} alt={alt} className={className} />;
}
