import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorDataClient } from '@/lib/amplify-server';
import { getStudioPost, type PostsDataClient } from '@/lib/posts';
import { requireAuthor } from '@/lib/session';
import { DeletePostButton } from '../../_components/delete-post-button';
import { PostForm } from '../../_components/post-form';
import { StatusBadge } from '../../_components/status-badge';
import { unpublish } from '../../actions';

export const metadata: Metadata = { title: 'Edit post', robots: { index: false } };

const SAVED_MESSAGES: Record<string, string> = {
  draft: 'Draft saved.',
  published: 'Published. The post is live.',
  unpublished: 'Unpublished. The post is back to draft.',
};

export default async function EditPostPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const { id } = await params;
  const { saved } = await searchParams;
  await requireAuthor(`/studio/posts/${id}`);
  const post = await getStudioPost(authorDataClient() as unknown as PostsDataClient, id);
  if (!post) notFound();
  return (
    <>
      <h1>Edit post</h1>
      <p className="meta">
        <StatusBadge status={post.displayStatus} />{' '}
        {post.status === 'PUBLISHED' ? <Link href={`/posts/${post.slug}`}>View live post</Link> : null}
      </p>
      {saved && SAVED_MESSAGES[saved] ? (
        <p className="form-ok" role="status">
          {SAVED_MESSAGES[saved]}
        </p>
      ) : null}
      <PostForm key={post.updatedAt} post={post} />
      <div className="actions danger-zone">
        {post.status === 'PUBLISHED' ? (
          <form action={unpublish}>
            <input type="hidden" name="id" value={post.id} />
            <button type="submit" className="secondary">
              Unpublish
            </button>
          </form>
        ) : null}
        <DeletePostButton id={post.id} title={post.title} />
      </div>
    </>
  );
}
