import type { Metadata } from 'next';
import Link from 'next/link';
import { authorDataClient } from '@/lib/amplify-server';
import { listStudioPosts } from '@/lib/posts';
import { requireAuthor } from '@/lib/session';
import { PostTable } from './_components/post-table';

export const metadata: Metadata = { title: 'Studio', robots: { index: false } };

export default async function StudioHome({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const author = await requireAuthor('/studio');
  const { deleted } = await searchParams;
  const posts = await listStudioPosts(authorDataClient());
  return (
    <>
      <div className="actions" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>{author.isAdmin ? 'All posts' : 'Your posts'}</h1>
        <Link className="button" href="/studio/new">
          New post
        </Link>
      </div>
      {deleted ? (
        <p className="form-ok" role="status">
          The post was deleted.
        </p>
      ) : null}
      {posts.length === 0 ? <p>No posts yet. Start with a new one.</p> : <PostTable posts={posts} showAuthor={author.isAdmin} />}
    </>
  );
}
