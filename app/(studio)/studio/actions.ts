'use server';

import { revalidateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { authorDataClient } from '@/lib/amplify-server';
import { renderMarkdown } from '@/lib/markdown';
import { fieldErrorsOf, POST_LIMITS, postInputSchema, type PostFieldErrors } from '@/lib/post-schema';
import { tagsForPostChange } from '@/lib/cache-tags';
import {
  createDraft,
  deletePost,
  cancelSchedule,
  ensureAuthorProfile,
  ownSlugInUse,
  PostConflictError,
  PostError,
  publishPost,
  refreshPreview,
  revokePreview,
  schedulePost,
  sharePreview,
  unpublishPost,
  updateDraft,
  type PostsDataClient,
  type StudioPost,
} from '@/lib/posts';
import { livePostIdForSlug } from '@/lib/public-posts';
import { currentAuthor } from '@/lib/session';

export interface PostFormState {
  ok: boolean;
  message?: string;
  fieldErrors?: PostFieldErrors;
  values?: Record<string, string>;
  /** The newer version that made a save stale; the form offers to compare and choose. */
  conflict?: StudioPost;
}

function studioClient(): PostsDataClient {
  // The cookie client's model methods match PostsDataClient; the backend's owner rules decide access.
  return authorDataClient() as unknown as PostsDataClient;
}

function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of ['title', 'slug', 'excerpt', 'tags', 'body']) values[key] = String(formData.get(key) ?? '');
  return values;
}

/** The slug rule shared by saves and autosaves: free among live posts and the author's drafts. */
async function slugConflict(client: PostsDataClient, slug: string, id: string): Promise<string | null> {
  const livePostId = await livePostIdForSlug(slug);
  const taken = (livePostId !== null && livePostId !== id) || (await ownSlugInUse(client, slug, id || undefined));
  return taken ? 'Another post already uses this slug. Choose a different one.' : null;
}

export type AutosaveResult =
  | { ok: true; updatedAt: string }
  | { ok: false; reason: 'signed-out' | 'invalid' | 'conflict' | 'failed'; message: string; fieldErrors?: PostFieldErrors };

/**
 * The editor's background save of an existing draft. Same validation, slug rule and stale-version
 * check as a manual save; never publishes and never redirects.
 */
export async function autosaveDraft(input: Record<string, string>): Promise<AutosaveResult> {
  const author = await currentAuthor();
  if (!author) return { ok: false, reason: 'signed-out', message: 'Your session has ended. Sign in again to save.' };
  const parsed = postInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid', message: 'Not saved: check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  const id = String(input.id ?? '');
  if (!id) return { ok: false, reason: 'invalid', message: 'Save the post once before autosave can keep it.' };
  const client = studioClient();
  try {
    const slugMessage = await slugConflict(client, parsed.data.slug, id);
    if (slugMessage) return { ok: false, reason: 'invalid', message: 'Not saved: check the highlighted fields.', fieldErrors: { slug: slugMessage } };
    const saved = await updateDraft(client, id, parsed.data, input.updatedAt || undefined);
    await refreshPreview(client, id);
    return { ok: true, updatedAt: saved.updatedAt };
  } catch (error) {
    if (error instanceof PostConflictError) return { ok: false, reason: 'conflict', message: error.message };
    if (error instanceof PostError) return { ok: false, reason: 'failed', message: error.message };
    throw error;
  }
}

/** Renders markdown exactly as the public post page does, for the editor's live preview. */
export async function previewMarkdown(markdown: string): Promise<string> {
  const author = await currentAuthor();
  if (!author) return '';
  return (await renderMarkdown(markdown.slice(0, POST_LIMITS.body))).html;
}

/** Saves the editor's draft (creating the post on first save), then publishes when asked. */
export async function savePost(_previous: PostFormState, formData: FormData): Promise<PostFormState> {
  const values = formValues(formData);
  const author = await currentAuthor();
  if (!author) return { ok: false, message: 'Your session has ended. Sign in again to save.', values };
  const parsed = postInputSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  }
  const client = studioClient();
  const id = String(formData.get('id') ?? '');
  let postId = id;
  try {
    // Checked before saving so the author hears about it now, not at publish time.
    const slugMessage = await slugConflict(client, parsed.data.slug, id);
    if (slugMessage) return { ok: false, message: 'Check the highlighted fields.', fieldErrors: { slug: slugMessage }, values };
    if (id) {
      postId = (await updateDraft(client, id, parsed.data, String(formData.get('updatedAt') ?? '') || undefined)).id;
    } else {
      const authorHandle = await ensureAuthorProfile(client, author);
      postId = (await createDraft(client, { ...parsed.data, authorName: author.name, authorHandle })).id;
    }
    await refreshPreview(client, postId);
    if (formData.get('intent') === 'publish') {
      const result = await publishPost(client, postId);
      const change = { slugs: [result.post.slug, ...result.previousSlugs], tags: result.affectedTags, authorHandles: [result.post.authorHandle] };
      for (const tag of tagsForPostChange(change)) revalidateTag(tag);
    }
  } catch (error) {
    if (error instanceof PostConflictError) return { ok: false, message: error.message, conflict: error.current, values };
    if (error instanceof PostError && error.code === 'slug-taken') {
      return { ok: false, message: error.message, fieldErrors: { slug: error.message }, values };
    }
    if (error instanceof PostError) return { ok: false, message: error.message, values };
    throw error;
  }
  redirect(`/studio/posts/${postId}?saved=${formData.get('intent') === 'publish' ? 'published' : 'draft'}`);
}

export async function unpublish(formData: FormData): Promise<void> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio');
  const id = String(formData.get('id') ?? '');
  const result = await unpublishPost(studioClient(), id);
  for (const tag of tagsForPostChange(result)) revalidateTag(tag);
  redirect(`/studio/posts/${id}?saved=unpublished`);
}

/** Deletes a post after the author confirmed it in the editor's dialog. */
export async function deletePostAction(formData: FormData): Promise<void> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio');
  const result = await deletePost(studioClient(), String(formData.get('id') ?? ''));
  for (const tag of tagsForPostChange(result)) revalidateTag(tag);
  redirect('/studio?deleted=1');
}

export interface ScheduleState {
  ok: boolean;
  message?: string;
}

const scheduleInput = z.object({
  id: z.string().min(1),
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

export async function unschedule(formData: FormData): Promise<void> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio');
  const id = String(formData.get('id') ?? '');
  await cancelSchedule(studioClient(), id);
  redirect(`/studio/posts/${id}?saved=unscheduled`);
}

/** Creates (or refreshes) the reviewers' preview link of a draft. */
export async function sharePreviewAction(formData: FormData): Promise<void> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio');
  const id = String(formData.get('id') ?? '');
  await sharePreview(studioClient(), id);
  redirect(`/studio/posts/${id}?saved=preview`);
}

/** Revokes the preview link: the URL stops working at once. */
export async function revokePreviewAction(formData: FormData): Promise<void> {
  const author = await currentAuthor();
  if (!author) redirect('/sign-in?next=/studio');
  const id = String(formData.get('id') ?? '');
  await revokePreview(studioClient(), id);
  redirect(`/studio/posts/${id}?saved=revoked`);
}
