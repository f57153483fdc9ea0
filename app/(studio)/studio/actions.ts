'use server';

import { revalidateTag } from 'next/cache';
import { notFound, redirect } from 'next/navigation';
import { z } from '@/lib/zod';
import { authorDataClient } from '@/lib/amplify-server';
import { renderMarkdown } from '@/lib/markdown';
import { fieldErrorsOf, POST_LIMITS, postInputSchema, type PostFieldErrors } from '@/lib/post-schema';
import { tagsForPostChange } from '@/lib/cache-tags';
import { ensureAuthorProfile } from '@/lib/authors';
import {
  createDraft,
  deletePost,
  cancelSchedule,
  ownSlugInUse,
  PostConflictError,
  PostError,
  publishPost,
  schedulePost,
  submitForReview,
  unpublishPost,
  updateDraft,
  getStudioPost,
  type PostsDataClient,
  type StudioPost,
} from '@/lib/posts';
import { refreshPreview, revokePreview, sharePreview } from '@/lib/previews';
import { livePostIdForSlug } from '@/lib/public-posts';
import { currentAuthor } from '@/lib/session';
import { canPublishOwn, canWrite } from '@/lib/roles';
import { cleanUpImagesLater } from '@/lib/media/cleanup';

/** The signed-in author's client: the backend's owner and group rules decide what it may touch. */
const studioClient = (): PostsDataClient => authorDataClient();

/** The slug rule shared by every save: free among live posts and the author's drafts. */
async function slugConflict(client: PostsDataClient, slug: string, id: string | undefined): Promise<string | null> {
  const livePostId = await livePostIdForSlug(slug);
  const taken = (livePostId !== null && livePostId !== id) || (await ownSlugInUse(client, slug, id));
  return taken ? 'Another post already uses this slug. Choose a different one.' : null;
}

/** Post ids are generated UUIDs; anything else never reaches the data API. */
const postId = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9-]+$/);

const editorRequest = z.object({
  /** Absent for a post that was never saved. */
  id: postId.optional(),
  /** The content version the edits are based on (StudioPost.version). */
  baseVersion: z.string().max(128).optional(),
  intent: z.enum(['autosave', 'draft', 'publish', 'review']),
  fields: z.object({
    title: z.string(),
    slug: z.string(),
    excerpt: z.string(),
    tags: z.string(),
    body: z.string(),
    // Absent from editors loaded before covers existed: such a save leaves the cover as it is.
    coverImage: z.string().optional(),
    coverAlt: z.string().optional(),
  }),
});

export type EditorRequest = z.input<typeof editorRequest>;

export type EditorSaveResult =
  | { ok: true; post: StudioPost; message: string }
  | {
      ok: false;
      reason: 'signed-out' | 'invalid' | 'conflict' | 'failed';
      message: string;
      fieldErrors?: PostFieldErrors;
      /** The newer version that made the save stale; the editor offers to compare and choose. */
      conflict?: StudioPost;
    };

function savedMessage(intent: EditorRequest['intent'], post: StudioPost, wasLive: boolean): string {
  if (intent === 'autosave') return '';
  if (intent === 'publish') return wasLive ? 'Published. The live post now shows these changes.' : 'Published. The post is live.';
  if (intent === 'review') return 'Submitted for review. An editor will publish it.';
  return post.status === 'PUBLISHED' ? 'Draft saved. The live post is unchanged until you update it.' : 'Draft saved.';
}

/**
 * Every save the editor makes — autosave, "Save draft", "Publish"/"Update live post", and the
 * save after a conflict was resolved — goes through here, so each one answers with the version
 * the server now holds. A save based on a version the server no longer has is refused with the
 * newer version (nothing is overwritten); publishing happens only after the draft saved.
 */
export async function saveFromEditor(request: EditorRequest): Promise<EditorSaveResult> {
  const author = await currentAuthor();
  if (!author) return { ok: false, reason: 'signed-out', message: 'Your session has ended. Sign in again (in another tab) to save; your text is kept here.' };
  const shape = editorRequest.safeParse(request);
  if (!shape.success) return { ok: false, reason: 'invalid', message: 'The editor sent a request the server does not understand. Reload the page.' };
  const { id, baseVersion, intent, fields } = shape.data;
  if (!canWrite(author.role)) {
    return { ok: false, reason: 'failed', message: 'Your account is a reader account, which does not write posts. An admin can give it a writing role.' };
  }
  // Refused before anything is written, so a new post is never saved by a request that then fails
  // (the backend refuses the publish itself too, whatever the token says).
  if (intent === 'publish' && !canPublishOwn(author.role)) {
    return { ok: false, reason: 'failed', message: 'Your role does not publish posts: submit the post for review, and an editor will publish it.' };
  }
  const parsed = postInputSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, reason: 'invalid', message: 'Not saved: check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  const content = fields.coverImage === undefined ? { ...parsed.data, coverImage: undefined, coverAlt: undefined } : parsed.data;
  if (!id && intent === 'autosave') return { ok: false, reason: 'invalid', message: 'Save the post once before autosave can keep it.' };
  const client = studioClient();
  try {
    const slugMessage = await slugConflict(client, parsed.data.slug, id);
    if (slugMessage) return { ok: false, reason: 'invalid', message: 'Not saved: check the highlighted fields.', fieldErrors: { slug: slugMessage } };
    let post: StudioPost;
    if (id) {
      post = await updateDraft(client, id, content, baseVersion);
    } else {
      const authorHandle = await ensureAuthorProfile(client, author);
      post = await createDraft(client, { ...content, authorName: author.name, authorHandle });
    }
    await refreshPreview(client, post.id);
    const wasLive = post.status === 'PUBLISHED';
    if (intent === 'publish') {
      for (const tag of tagsForPostChange(await publishPost(client, post.id))) revalidateTag(tag);
      post = (await getStudioPost(client, post.id)) ?? post;
    }
    if (intent === 'review') post = await submitForReview(client, post.id);
    if (intent !== 'autosave') cleanUpImagesLater(client);
    return { ok: true, post, message: savedMessage(intent, post, wasLive) };
  } catch (error) {
    if (error instanceof PostConflictError) return { ok: false, reason: 'conflict', message: error.message, conflict: error.current };
    if (error instanceof PostError && error.code === 'slug-taken') {
      return { ok: false, reason: 'invalid', message: error.message, fieldErrors: { slug: error.message } };
    }
    if (error instanceof PostError) return { ok: false, reason: 'failed', message: error.message };
    throw error;
  }
}

/** What the server holds now, so an idle editor can follow changes made in another tab. */
export async function latestPostVersion(id: string): Promise<StudioPost | null> {
  const author = await currentAuthor();
  const valid = postId.safeParse(id);
  if (!author || !valid.success) return null;
  return getStudioPost(studioClient(), valid.data);
}

/** Renders markdown exactly as the public post page does, for the editor's live preview. */
export async function previewMarkdown(markdown: string): Promise<{ html: string; words: number; readingMinutes: number } | null> {
  const author = await currentAuthor();
  if (!author || typeof markdown !== 'string') return null;
  const rendered = await renderMarkdown(markdown.slice(0, POST_LIMITS.body));
  return { html: rendered.html, words: rendered.words, readingMinutes: rendered.readingMinutes };
}

/**
 * The shared shape of the studio's one-click actions: re-check the caller (a server action is a
 * public endpoint), validate the post id, run the change as that author (the backend's owner
 * rules decide), and send the author to the page that shows the result. A post that does not
 * exist or is not theirs gets the studio's not-found page, never a crash.
 */
async function withAuthor(formData: FormData, run: (id: string, client: PostsDataClient) => Promise<string>): Promise<never> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio');
  const id = postId.safeParse(formData.get('id'));
  if (!id.success) notFound();
  let destination: string;
  try {
    destination = await run(id.data, studioClient());
  } catch (error) {
    if (error instanceof PostError && (error.code === 'not-found' || error.code === 'forbidden')) notFound();
    throw error;
  }
  redirect(destination);
}

export async function unpublish(formData: FormData): Promise<void> {
  await withAuthor(formData, async (id, client) => {
    for (const tag of tagsForPostChange(await unpublishPost(client, id))) revalidateTag(tag);
    return `/studio/posts/${id}?saved=unpublished`;
  });
}

/** Deletes a post after the author confirmed it in the editor's dialog. */
export async function deletePostAction(formData: FormData): Promise<void> {
  await withAuthor(formData, async (id, client) => {
    for (const tag of tagsForPostChange(await deletePost(client, id))) revalidateTag(tag);
    cleanUpImagesLater(client);
    return '/studio?deleted=1';
  });
}

export async function unschedule(formData: FormData): Promise<void> {
  await withAuthor(formData, async (id, client) => {
    await cancelSchedule(client, id);
    return `/studio/posts/${id}?saved=unscheduled`;
  });
}

/** Creates (or refreshes) the reviewers' preview link of a draft. */
export async function sharePreviewAction(formData: FormData): Promise<void> {
  await withAuthor(formData, async (id, client) => {
    await sharePreview(client, id);
    return `/studio/posts/${id}?saved=preview`;
  });
}

/** Revokes the preview link: the URL stops working at once. */
export async function revokePreviewAction(formData: FormData): Promise<void> {
  await withAuthor(formData, async (id, client) => {
    await revokePreview(client, id);
    return `/studio/posts/${id}?saved=revoked`;
  });
}

export interface ScheduleState {
  ok: boolean;
  message?: string;
}

const scheduleInput = z.object({
  id: postId,
  at: z.iso.datetime({ message: 'Choose a date and time.' }),
});

/** Schedules a draft to go live at the chosen instant. */
export async function schedule(_previous: ScheduleState, formData: FormData): Promise<ScheduleState> {
  const author = await currentAuthor();
  if (!author) return { ok: false, message: 'Your session has ended. Sign in again.' };
  const parsed = scheduleInput.safeParse({ id: formData.get('id'), at: formData.get('at') });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Choose a date and time.' };
  try {
    await schedulePost(studioClient(), parsed.data.id, new Date(parsed.data.at));
  } catch (error) {
    if (error instanceof PostError) return { ok: false, message: error.message };
    throw error;
  }
  redirect(`/studio/posts/${parsed.data.id}?saved=scheduled`);
}
