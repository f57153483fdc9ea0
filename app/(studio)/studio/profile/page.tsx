import type { Metadata } from 'next';
import { authorDataClient } from '@/lib/amplify-server';
import { getAuthorProfile } from '@/lib/authors';
import { canWrite, ROLE_LABELS } from '@/lib/roles';
import { requireAuthor } from '@/lib/session';
import { ProfileForm } from './profile-form';
import { TwoStepSettings } from './two-step-settings';

export const metadata: Metadata = { title: 'Profile', robots: { index: false } };

export default async function ProfilePage() {
  const author = await requireAuthor('/studio/profile');
  // Readers have no public author page: their profile is their account.
  const profile = canWrite(author.role) ? await getAuthorProfile(authorDataClient(), author.userId) : null;
  return (
    <>
      <h1>Your profile</h1>
      <p className="meta">
        Signed in as {author.email} · {ROLE_LABELS[author.role]}
        {profile ? (
          <>
            {' '}
            · public page: <a href={`/authors/${profile.handle}`}>/authors/{profile.handle}</a>
          </>
        ) : null}
      </p>
      {canWrite(author.role) ? <ProfileForm name={profile?.name ?? author.name} bio={profile?.bio ?? ''} avatar={profile?.avatar ?? ''} /> : null}
      <TwoStepSettings email={author.email} />
    </>
  );
}
