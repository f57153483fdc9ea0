import { fixedImage } from '@/lib/media/images';
import { parseMediaUrl } from '@/lib/media/rules';

const PIXELS = { small: 40, large: 96 } as const;

/**
 * An author's avatar as a plain `<img>` with 1x/2x copies from Next's optimizer, or the author's
 * initials when they have none. Decorative (alt="") because the author's name is always written
 * beside it.
 */
export function Avatar({ url, name, size }: { url: string; name: string; size: keyof typeof PIXELS }) {
  const image = url ? parseMediaUrl(url) : null;
  if (!image) {
    const initials = name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase() ?? '')
      .join('');
    return (
      <span className={`avatar avatar-${size} avatar-initials`} aria-hidden="true">
        {initials}
      </span>
    );
  }
  // Square on the page (object-fit: cover crops it); the copies keep the picture's own proportions.
  const attributes = { ...fixedImage(image, PIXELS[size]), height: PIXELS[size] };
  // eslint-disable-next-line @next/next/no-img-element -- resized copies from Next's optimizer (lib/media/images.ts)
  return <img {...attributes} alt="" className={`avatar avatar-${size}`} />;
}
