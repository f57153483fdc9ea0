import { parseCursor, type Cursor } from '@/lib/public-posts';

/**
 * Listing URLs end in `/older/<date>` or `/newer/<date>` (path segments, not query strings, so
 * every page can be cached as a static page). Returns null for anything else.
 */
export function cursorFromSegments(segments: string[] | undefined): Cursor | null {
  if (!segments || segments.length === 0) return {};
  if (segments.length !== 2) return null;
  const [direction, raw] = segments as [string, string];
  const date = parseCursor(decodeURIComponent(raw));
  if (!date) return null;
  if (direction === 'older') return { before: date };
  if (direction === 'newer') return { after: date };
  return null;
}
