import { revalidateTag } from 'next/cache';
import { MAX_REVALIDATION_BODY, verifyRevalidation } from '@/lib/revalidation';

/**
 * Where the backend asks the site to refresh pages it changed by itself (the scheduler publishing a
 * post; amplify/functions/publish-due). Only requests signed with FOLIO_REVALIDATE_SECRET count.
 */
export async function POST(request: Request): Promise<Response> {
  const secret = process.env.FOLIO_REVALIDATE_SECRET;
  if (!secret) return Response.json({ error: 'Revalidation is not configured on this server (FOLIO_REVALIDATE_SECRET).' }, { status: 503 });
  // Refused before reading when the sender says it is too large (verifyRevalidation checks what arrives).
  if (Number(request.headers.get('content-length') ?? 0) > MAX_REVALIDATION_BODY) return Response.json({ error: 'The request is too large.' }, { status: 413 });
  const check = verifyRevalidation(secret, await request.text(), request.headers.get('x-folio-signature'), new Date());
  if (!check.ok) return Response.json({ error: check.message }, { status: check.status });
  for (const tag of check.tags) revalidateTag(tag);
  return Response.json({ revalidated: check.tags.length });
}
