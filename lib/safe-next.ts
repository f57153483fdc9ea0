export const DEFAULT_AFTER_SIGN_IN = '/studio';

const BASE = 'http://folio.invalid';

/**
 * Where to go after signing in. Only same-site paths are allowed: anything absolute,
 * protocol-relative (`//evil`), backslash tricks (`/\evil`) or control characters falls back
 * to the studio, so `next=` can never become an open redirect.
 *
 * The input is normalised first (dot segments, `%2e`, as the browser will) and the result is
 * checked after: `/.//evil.com` normalises to `//evil.com`, which a check on the raw input misses.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/')) return DEFAULT_AFTER_SIGN_IN;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused
  if (next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) return DEFAULT_AFTER_SIGN_IN;
  let path: string;
  try {
    const resolved = new URL(next, BASE);
    if (resolved.origin !== BASE) return DEFAULT_AFTER_SIGN_IN;
    path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  // The normalised path must itself be a same-site path (`//host` is not; the URL parser has already
  // turned any backslash into a slash) and stable, so that what the browser does with it is what was
  // checked here.
  if (path.startsWith('//')) return DEFAULT_AFTER_SIGN_IN;
  const again = new URL(path, BASE);
  if (again.origin !== BASE || `${again.pathname}${again.search}${again.hash}` !== path) return DEFAULT_AFTER_SIGN_IN;
  return path;
}
