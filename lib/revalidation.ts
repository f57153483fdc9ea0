import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from './zod';

/**
 * Revalidation requests from the backend (the scheduler publishes a post, then asks the site to
 * refresh the pages it changes): a JSON body of cache tags and the time it was issued, signed with
 * HMAC-SHA-256 under a secret the function and the Next.js server share (FOLIO_REVALIDATE_SECRET).
 * A request older than five minutes is refused, so a captured one cannot be replayed for long (and
 * replaying one only refreshes pages).
 */

export const REVALIDATION_MAX_AGE_MS = 5 * 60 * 1000;
/** Far more than one minute's publications need; bounds the work one request can cause. */
const MAX_TAGS = 500;
export const MAX_REVALIDATION_BODY = 64 * 1024;

/** The cache tags lib/cache-tags.ts makes, and nothing else. */
const CACHE_TAG = /^(?:home|feed|sitemap|search|neighbours|(?:post|tag|author):[a-z0-9][a-z0-9-]{0,199})$/;
/**
 * What a tag may look like on the wire: a known tag, or one a newer backend sends that this site
 * does not know yet. During a deploy the backend is updated before the site (amplify.yml), and a
 * request is not refused for a tag the site cannot use: the known ones are still revalidated.
 */
const WELL_FORMED_TAG = /^[a-z][a-z0-9-]{0,39}(?::[a-z0-9][a-z0-9-]{0,199})?$/;
const cacheTag = z.string().regex(WELL_FORMED_TAG);

/** Whether a tag is one the site accepts (a sender drops the others rather than lose the whole request). */
export const isCacheTag = (tag: string): boolean => CACHE_TAG.test(tag);
const payload = z.object({ tags: z.array(cacheTag).max(MAX_TAGS), issuedAt: z.iso.datetime() });

const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

export function signRevalidation(secret: string, tags: string[], now: Date): { body: string; signature: string } {
  const body = JSON.stringify({ tags, issuedAt: now.toISOString() });
  return { body, signature: `sha256=${hmac(secret, body)}` };
}

export type RevalidationCheck = { ok: true; tags: string[] } | { ok: false; status: 400 | 401 | 413; message: string };

export function verifyRevalidation(secret: string, body: string, signature: string | null, now: Date): RevalidationCheck {
  if (body.length > MAX_REVALIDATION_BODY) return { ok: false, status: 413, message: 'The request is too large.' };
  const given = /^sha256=([0-9a-f]{64})$/.exec(signature ?? '')?.[1];
  const expected = hmac(secret, body);
  if (!given || !timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'))) {
    return { ok: false, status: 401, message: 'The signature does not match.' };
  }
  let parsed: z.infer<typeof payload>;
  try {
    parsed = payload.parse(JSON.parse(body));
  } catch {
    return { ok: false, status: 400, message: 'The body is not a list of Folio cache tags with the time it was issued.' };
  }
  const age = now.getTime() - Date.parse(parsed.issuedAt);
  if (age > REVALIDATION_MAX_AGE_MS || age < -REVALIDATION_MAX_AGE_MS) return { ok: false, status: 401, message: 'The request has expired.' };
  return { ok: true, tags: parsed.tags.filter(isCacheTag) };
}
