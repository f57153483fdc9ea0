import { z } from 'zod';

/**
 * zod, as every Folio module uses it. Zod 4 compiles object parsers with `new Function` where eval
 * is allowed, and finds out by trying `Function('')` on first use. Folio's Content-Security-Policy
 * allows no eval (lib/csp.ts), so in the browser that probe is a reported CSP violation on every
 * page that validates (the comment form, the editor). Jitless is what zod falls back to anyway.
 */
z.config({ jitless: true });

export { z };
