import { parseMediaUrl } from './media/rules';
import { checkResult as check, type PostsDataClient } from './posts/data-client';
import { PostError } from './posts/model';

/** Author profiles: the public handle, name and bio behind /authors/<handle>. */

export interface AuthorIdentity {
  userId: string;
  name: string;
  email: string;
}

/**
 * The author's public handle (the /authors/<handle> address), creating their profile on first use.
 * The backend assigns the handle (the first free one made from the name) and owns the record.
 */
export async function ensureAuthorProfile(client: PostsDataClient, author: AuthorIdentity, bio?: string): Promise<string> {
  const name = author.name.trim() || author.email.split('@')[0] || 'Author';
  const { data, errors } = await client.mutations.saveAuthorProfile({ name: name.slice(0, 80), bio: bio ?? null, createOnly: true });
  check(errors, 'create your author profile');
  if (!data) throw new PostError('Your author profile was not saved.', 'backend');
  return data.handle;
}

/** A stored avatar, or '' if none (or if the record holds something other than a Folio image). */
export const avatarOf = (profile: { avatar?: string | null }): string => (profile.avatar && parseMediaUrl(profile.avatar) ? profile.avatar : '');

/** The author's public profile (name, bio, avatar), or null before their first post. */
export async function getAuthorProfile(client: PostsDataClient, userId: string): Promise<{ handle: string; name: string; bio: string; avatar: string } | null> {
  const { data, errors } = await client.models.AuthorProfile.listAuthorProfilesByUserId({ userId });
  check(errors, 'read your profile');
  const profile = data[0];
  return profile ? { handle: profile.handle, name: profile.name, bio: profile.bio ?? '', avatar: avatarOf(profile) } : null;
}

/** Saves the caller's public name, bio and avatar (validated again in the backend). Returns the handle. */
export async function updateAuthorProfile(client: PostsDataClient, input: { name: string; bio: string; avatar: string }): Promise<string> {
  const { data, errors } = await client.mutations.saveAuthorProfile({ name: input.name, bio: input.bio || null, avatar: input.avatar || null });
  check(errors, 'save your profile');
  if (!data) throw new PostError('Your profile was not saved.', 'backend');
  return data.handle;
}
