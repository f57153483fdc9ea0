'use server';

import { revalidateTag } from 'next/cache';
import { z } from '@/lib/zod';
import { authorDataClient } from '@/lib/amplify-server';
import { cacheTags } from '@/lib/cache-tags';
import { addComment, type CommentEvent } from '@/lib/comments';
import { commentInputSchema } from '@/lib/comments/schema';
import { PostError } from '@/lib/posts';
import { currentAuthor } from '@/lib/session';

/**
 * The comment form's two calls. A post page is cached and cookie-free; these run only when a
 * reader scrolls to the comments (the island asks who is signed in) and when they post.
 */

/** Who is signed in, for the form to greet them; null when nobody is. */
export async function commentSession(): Promise<{ name: string } | null> {
  const author = await currentAuthor();
  return author ? { name: author.name } : null;
}

export interface CommentFormState {
  ok: boolean;
  message?: string;
  fieldError?: string;
  /** The comment just posted (approved ones carry their HTML). */
  posted?: CommentEvent;
}

const target = z.object({
  postId: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9-]+$/),
  slug: z.string().trim().min(1).max(200),
});

export async function postComment(_previous: CommentFormState, formData: FormData): Promise<CommentFormState> {
  const author = await currentAuthor();
  if (!author) return { ok: false, message: 'Your session has ended. Sign in again to comment; your text is still here.' };
  const where = target.safeParse({ postId: formData.get('postId'), slug: formData.get('slug') });
  if (!where.success) return { ok: false, message: 'This form does not belong to a post. Reload the page.' };
  const parsed = commentInputSchema.safeParse({ body: formData.get('body') });
  if (!parsed.success) return { ok: false, fieldError: parsed.error.issues[0]?.message ?? 'Write a comment.' };
  try {
    const posted = await addComment(authorDataClient(), where.data.postId, parsed.data.body);
    if (posted.status === 'APPROVED') {
      // The post's page shows it; listings show the new count.
      revalidateTag(cacheTags.post(posted.postSlug));
      revalidateTag(cacheTags.home);
    }
    return {
      ok: true,
      posted,
      message: posted.status === 'APPROVED' ? 'Your comment is up.' : 'Thanks! Your comment will appear once a moderator approves it.',
    };
  } catch (error) {
    if (error instanceof PostError) return { ok: false, message: error.message };
    throw error;
  }
}
