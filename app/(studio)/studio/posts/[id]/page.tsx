import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorDataClient } from '@/lib/amplify-server';
import { readDeployment } from '@/lib/deployment';
import { LocalTime } from '@/components/local-time';
import { getStudioPost, isOverdue } from '@/lib/posts';
import { previewTokenOf } from '@/lib/previews';
import { canPublish } from '@/lib/roles';
import { requireAuthor } from '@/lib/session';
import { DeletePostButton } from '../../_components/delete-post-button';
import { PostForm } from '../../_components/post-form';
import { ScheduleForm } from '../../_components/schedule-form';
import { StatusBadge } from '../../_components/status-badge';
import { revokePreviewAction, sharePreviewAction, unpublish, unschedule } from '../../actions';

export const metadata: Metadata = { title: 'Edit post', robots: { index: false } };

const SAVED_MESSAGES: Record<string, string> = {
  draft: 'Draft saved.',
  published: 'Published. The post is live.',
  unpublished: 'Unpublished. The post is back to draft.',
  scheduled: 'Scheduled. The post goes live at the chosen time.',
  review: 'Submitted for review. An editor will publish it.',
  preview: 'Preview link ready. It shows the latest saved draft.',
  revoked: 'Preview link revoked. The old address no longer works.',
  unscheduled: 'Schedule cancelled. The post is a draft.',
};

export default async function EditPostPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const { id } = await params;
  const { saved } = await searchParams;
  const author = await requireAuthor(`/studio/posts/${id}`);
  const client = authorDataClient();
  const post = await getStudioPost(client, id);
  if (!post) notFound();
  const previewToken = await previewTokenOf(client, id);
  const previewUrl = previewToken ? `${readDeployment().siteUrl}/preview/${previewToken}` : null;
  const mayPublish = canPublish(author.role, post.ownerId === author.userId);
  const editorMessage = saved === 'draft' || saved === 'published' || saved === 'review' ? SAVED_MESSAGES[saved] : undefined;
  return (
    <>
      <h1>Edit post</h1>
      <p className="meta">
        <StatusBadge status={post.displayStatus} scheduledAt={post.scheduledAt} overdue={isOverdue(post)} />{' '}
        {post.status === 'PUBLISHED' ? <Link href={`/posts/${post.slug}`}>View live post</Link> : null}
      </p>
      {isOverdue(post) ? (
        <p className="form-error" role="alert">
          This post was due to go live at <LocalTime iso={post.scheduledAt ?? ''} /> but is not live: the scheduler could not publish it (an invalid draft, or a
          slug another live post now holds). Fix it and publish, or cancel the schedule.
        </p>
      ) : null}
      {saved && !editorMessage && SAVED_MESSAGES[saved] ? (
        <p className="form-ok" role="status">
          {SAVED_MESSAGES[saved]}
        </p>
      ) : null}
      {/* The editor reports its own saves (the first save of a new post arrives here with ?saved=). */}
      <PostForm post={post} siteUrl={readDeployment().siteUrl} authorName={author.name} savedMessage={editorMessage} mayPublish={mayPublish} />
      <section className="preview-link" aria-label="Preview link">
        {previewUrl ? (
          <>
            <p>
              Reviewers can read the latest saved draft at <a href={previewUrl}>{previewUrl}</a> (not indexed, not cached).
            </p>
            <form action={revokePreviewAction}>
              <input type="hidden" name="id" value={post.id} />
              <button type="submit" className="secondary">
                Revoke preview link
              </button>
            </form>
          </>
        ) : (
          <form action={sharePreviewAction}>
            <input type="hidden" name="id" value={post.id} />
            <button type="submit" className="secondary">
              Share a preview link
            </button>
          </form>
        )}
      </section>
      {mayPublish && (post.status === 'DRAFT' || post.status === 'REVIEW') ? <ScheduleForm id={post.id} /> : null}
      {mayPublish && post.status === 'SCHEDULED' ? (
        <form action={unschedule} className="schedule-form">
          <input type="hidden" name="id" value={post.id} />
          <button type="submit" className="secondary">
            Cancel schedule
          </button>
        </form>
      ) : null}
      <div className="actions danger-zone">
        {mayPublish && post.status === 'PUBLISHED' ? (
          <form action={unpublish}>
            <input type="hidden" name="id" value={post.id} />
            <button type="submit" className="secondary">
              Unpublish
            </button>
          </form>
        ) : null}
        {mayPublish || post.status !== 'PUBLISHED' ? <DeletePostButton id={post.id} title={post.title} /> : null}
      </div>
    </>
  );
}
