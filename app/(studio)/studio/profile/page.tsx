import type { Metadata } from 'next';
import { authorDataClient } from '@/lib/amplify-server';
import { getAuthorProfile } from '@/lib/authors';
import { requireAuthor } from '@/lib/session';
import { ProfileForm } from './profile-form';
import { TwoStepSettings } from './two-step-settings';

export const metadata: Metadata = { title: 'Profile', robots: { index: false } };

export default async function ProfilePage() {
  const author = await requireAuthor('/studio/profile');
  const profile = await getAuthorProfile(authorDataClient(), author.userId);
  return (
    <>
      <h1>Your profile</h1>
      <p className="meta">
        Signed in as {author.email}
        {profile ? (
          <>
            {' '}
            · public page: <a href={`/authors/${profile.handle}`}>/authors/{profile.handle}</a>
          </>
        ) : null}
      </p>
      <ProfileForm name={profile?.name ?? author.name} bio={profile?.bio ?? ''} avatar={profile?.avatar ?? ''} />
      <TwoStepSettings email={author.email} />
    </>
  );
}
