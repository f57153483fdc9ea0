'use server';

import { revalidateTag } from 'next/cache';
import { authorDataClient } from '@/lib/amplify-server';
import { cacheTags } from '@/lib/cache-tags';
import { updateAuthorProfile } from '@/lib/authors';
import { PostError } from '@/lib/posts';
import { firstFieldErrors } from '@/lib/post-schema';
import { profileInputSchema, type ProfileFieldErrors } from '@/lib/profile-schema';
import { currentAuthor } from '@/lib/session';
import { cleanUpImagesLater } from '@/lib/media/cleanup';

export interface ProfileFormState {
  ok: boolean;
  message?: string;
  fieldErrors?: ProfileFieldErrors;
}

/** Saves the public name, bio and avatar shown on the author's page and bylines. */
export async function saveProfile(_previous: ProfileFormState, formData: FormData): Promise<ProfileFormState> {
  const author = await currentAuthor();
  if (!author) return { ok: false, message: 'Your session has ended. Sign in again.' };
  const parsed = profileInputSchema.safeParse({ name: formData.get('name'), bio: formData.get('bio'), avatar: formData.get('avatar') ?? '' });
  if (!parsed.success) {
    return { ok: false, message: 'Check the highlighted fields.', fieldErrors: firstFieldErrors<keyof ProfileFieldErrors>(parsed.error) };
  }
  const client = authorDataClient();
  try {
    const handle = await updateAuthorProfile(client, parsed.data);
    revalidateTag(cacheTags.author(handle));
    cleanUpImagesLater(client);
  } catch (error) {
    if (error instanceof PostError) return { ok: false, message: error.message };
    throw error;
  }
  return { ok: true, message: 'Profile saved.' };
}
