import type { Metadata } from 'next';
import Link from 'next/link';
import { authorDataClient } from '@/lib/amplify-server';
import { formatDate } from '@/lib/format';
import { listStudioPosts, type PostsDataClient } from '@/lib/posts';
import { requireAuthor } from '@/lib/session';
import { StatusBadge } from './_components/status-badge';

export const metadata: Metadata = { title: 'Studio', robots: { index: false } };

export default async function StudioHome({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const author = await requireAuthor('/studio');
  const { deleted } = await searchParams;
  const posts = await listStudioPosts(authorDataClient() as unknown as PostsDataClient);
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
      {posts.length === 0 ? (
        <p>No posts yet. Start with a new one.</p>
      ) : (
        <table className="posts">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {posts.map((post) => (
              <tr key={post.id}>
                <td>
                  <Link href={`/studio/posts/${post.id}`}>{post.title}</Link>
                </td>
                <td>
                  <StatusBadge status={post.displayStatus} scheduledAt={post.scheduledAt} />
                </td>
                <td>{formatDate(post.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
