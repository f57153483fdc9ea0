'use server';

import { revalidateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from '@/lib/zod';
import { authorDataClient } from '@/lib/amplify-server';
import { cacheTags } from '@/lib/cache-tags';
import { moderateComment } from '@/lib/comments';
import { moderationActionSchema } from '@/lib/comments/schema';
import { PostError } from '@/lib/posts';
import { currentAuthor } from '@/lib/session';

const request = z.object({
  id: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9-]+$/),
  action: moderationActionSchema,
  from: z.enum(['PENDING', 'APPROVED', 'HIDDEN']).catch('PENDING'),
});

/** Approves, hides or deletes a comment (the comments function decides who may), then refreshes its post's page. */
export async function moderate(formData: FormData): Promise<void> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio/comments');
  const parsed = request.safeParse({ id: formData.get('id'), action: formData.get('decision'), from: formData.get('from') });
  if (!parsed.success) redirect('/studio/comments?error=invalid');
  const { id, action, from } = parsed.data;
  let outcome: string;
  try {
    const changed = await moderateComment(authorDataClient(), id, action);
    revalidateTag(cacheTags.post(changed.postSlug));
    revalidateTag(cacheTags.home);
    outcome = `done=${action}`;
  } catch (error) {
    if (!(error instanceof PostError)) throw error;
    outcome = `error=${error.code}`;
  }
  redirect(`/studio/comments?status=${from}&${outcome}`);
}
