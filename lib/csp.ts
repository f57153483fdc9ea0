import { createHash, randomBytes } from 'node:crypto';
import { themeScript } from './theme-script';

/**
 * Folio's Content-Security-Policy, in two strengths (docs/security.md, "Content-Security-Policy"):
 *
 * - Studio pages render per request anyway (they read the session), so each response gets a fresh
 *   nonce: only scripts Next.js tags with it, and what those load ('strict-dynamic'), may run. An
 *   injected inline script or a script from another host is refused even if it got into the HTML.
 * - Visitor pages are rendered once and cached for everyone, so they cannot carry a per-request
 *   nonce, and their inline scripts (the React Server Components payload Next.js writes into each
 *   page) differ per page and per build, so they cannot be listed by hash in a fixed header either.
 *   Their policy keeps scripts to this origin and to inline ones, with no eval; what keeps an
 *   injected inline script out of those pages is the sanitizing of everything users write
 *   (lib/markdown.ts, lib/comments/render.ts), which the XSS corpus tests.
 *
 * The parts that need no nonce apply everywhere: no plugins, no <base> hijack, forms post only to
 * this origin, no framing.
 */
const FIXED = ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"];

/** The theme script runs inline before first paint (app/layout.tsx); the studio allows it by hash. */
const THEME_SCRIPT_HASH = `'sha256-${createHash('sha256').update(themeScript).digest('base64')}'`;

/** React's development build evaluates code to rebuild stacks; production never needs eval. */
const devEval = (development: boolean) => (development ? ["'unsafe-eval'"] : []);

/** The policy of every page except the studio's. */
export function publicPolicy(development = process.env.NODE_ENV === 'development'): string {
  return [...FIXED, ["script-src 'self' 'unsafe-inline'", ...devEval(development)].join(' ')].join('; ');
}

/** A nonce for one studio response: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The policy of a studio response whose scripts carry `nonce`. */
export function studioPolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [...FIXED, [`script-src 'nonce-${nonce}' 'strict-dynamic'`, THEME_SCRIPT_HASH, ...devEval(development)].join(' ')].join('; ');
}
