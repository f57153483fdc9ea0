import { parseMediaUrl } from './media/rules';
import { checkResult as check, type PostsDataClient } from './posts/data-client';
import { PostError } from './posts/model';
import { slugify } from './slug';

/** Author profiles: the public handle, name and bio behind /authors/<handle>. */

export interface AuthorIdentity {
  userId: string;
  name: string;
  email: string;
}

/**
 * The author's public handle (the /authors/<handle> address), creating their profile on first
 * use. Handles are the profile's key, so a taken one is refused by DynamoDB and the next free
 * variant is tried.
 */
export async function ensureAuthorProfile(client: PostsDataClient, author: AuthorIdentity, bio?: string): Promise<string> {
  const existing = await client.models.AuthorProfile.listAuthorProfilesByUserId({ userId: author.userId });
  check(existing.errors, 'read your author profile');
  const current = existing.data[0];
  if (current) return current.handle;
  const base = slugify(author.name) || slugify(author.email.split('@')[0] ?? '') || 'author';
  const candidates = [base, ...Array.from({ length: 8 }, (_, index) => `${base}-${index + 2}`), `${base}-${author.userId.slice(0, 8)}`];
  for (const handle of candidates) {
    const created = await client.models.AuthorProfile.create({ handle, userId: author.userId, name: author.name, bio: bio ?? null });
    try {
      check(created.errors, 'create your author profile');
      return handle;
    } catch (error) {
      if (!(error instanceof PostError && error.code === 'slug-taken')) throw error;
    }
  }
  throw new PostError('Could not find a free author handle.', 'backend');
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

export async function updateAuthorProfile(client: PostsDataClient, handle: string, input: { name: string; bio: string; avatar: string }): Promise<void> {
  const update = { handle, name: input.name, bio: input.bio || null, avatar: input.avatar || null };
  check((await client.models.AuthorProfile.update(update)).errors, 'save your profile');
}
