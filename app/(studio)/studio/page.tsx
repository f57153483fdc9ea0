import type { Metadata } from 'next';
import Link from 'next/link';
import { authorDataClient } from '@/lib/amplify-server';
import { formatDate } from '@/lib/format';
import { listStudioPosts, type PostsDataClient } from '@/lib/posts';
import { requireAuthor } from '@/lib/session';

export const metadata: Metadata = { title: 'Studio', robots: { index: false } };

export default async function StudioHome() {
  const author = await requireAuthor('/studio');
  const posts = await listStudioPosts(authorDataClient() as unknown as PostsDataClient);
  return (
    <>
      <div className="actions" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1>{author.isAdmin ? 'All posts' : 'Your posts'}</h1>
        <Link className="button" href="/studio/new">
          New post
        </Link>
      </div>
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
                  <span className={`status status-${post.status}`}>{post.status === 'PUBLISHED' ? 'Published' : 'Draft'}</span>
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
