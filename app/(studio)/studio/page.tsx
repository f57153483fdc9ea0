import type { Metadata } from 'next';
import Link from 'next/link';
import { authorDataClient } from '@/lib/amplify-server';
import { listStudioPosts } from '@/lib/posts';
import { canManageEveryone, canPublishOwn, canWrite, ROLE_LABELS } from '@/lib/roles';
import { requireAuthor } from '@/lib/session';
import { LivePosts } from './_components/live-posts';
import { PostTable } from './_components/post-table';

export const metadata: Metadata = { title: 'Studio', robots: { index: false } };

export default async function StudioHome({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const author = await requireAuthor('/studio');
  if (!canWrite(author.role)) {
    return (
      <>
        <h1>Your account</h1>
        <p>
          You are signed in as a {ROLE_LABELS[author.role].toLowerCase()}: you can read everything published here and manage your account on your{' '}
          <Link href="/studio/profile">profile</Link>. Writing is by invitation: an admin can give your account the contributor or author role, and the
          studio&apos;s posts then appear here.
        </p>
      </>
    );
  }
  const { deleted } = await searchParams;
  const posts = await listStudioPosts(authorDataClient());
  const everyone = canManageEveryone(author.role);
  return (
    <>
      <div className="actions" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>{everyone ? 'All posts' : 'Your posts'}</h1>
        <Link className="button" href="/studio/new">
          New post
        </Link>
      </div>
      {canPublishOwn(author.role) ? null : <p className="meta">As a contributor you write drafts and submit them for review; an editor publishes them.</p>}
      <LivePosts />
      {deleted ? (
        <p className="form-ok" role="status">
          The post was deleted.
        </p>
      ) : null}
      {posts.length === 0 ? <p>No posts yet. Start with a new one.</p> : <PostTable posts={posts} showAuthor={everyone} />}
    </>
  );
}
