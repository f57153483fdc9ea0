export const DEFAULT_AFTER_SIGN_IN = '/studio';

/**
 * Where to go after signing in. Only same-site paths are allowed: anything absolute,
 * protocol-relative (`//evil`), backslash tricks (`/\evil`) or control characters falls back
 * to the studio, so `next=` can never become an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return DEFAULT_AFTER_SIGN_IN;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused
  if (/[\u0000-\u001f\u007f]/.test(next)) return DEFAULT_AFTER_SIGN_IN;
  try {
    const resolved = new URL(next, 'http://folio.invalid');
    if (resolved.origin !== 'http://folio.invalid') return DEFAULT_AFTER_SIGN_IN;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
}
