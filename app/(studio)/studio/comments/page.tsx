import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LocalTime } from '@/components/local-time';
import { authorDataClient } from '@/lib/amplify-server';
import { moderationList, type CommentStatus } from '@/lib/comments';
import { renderComment } from '@/lib/comments/render';
import { canManageEveryone, canWrite } from '@/lib/roles';
import { requireAuthor } from '@/lib/session';
import { moderate } from './actions';
import { LiveQueue } from './live-queue';

export const metadata: Metadata = { title: 'Comments', robots: { index: false } };

const TABS: { status: CommentStatus; label: string }[] = [
  { status: 'PENDING', label: 'Waiting' },
  { status: 'APPROVED', label: 'Approved' },
  { status: 'HIDDEN', label: 'Hidden' },
];

const DONE: Record<string, string> = {
  approve: 'Approved: the comment is on the post.',
  hide: 'Hidden: visitors no longer see the comment.',
  delete: 'Deleted.',
};

const ERRORS: Record<string, string> = {
  'not-found': 'That comment is gone, or is not yours to moderate.',
  conflict: 'The comment changed meanwhile; nothing was done. Try again.',
  invalid: 'The request was not understood. Reload the page.',
};

/** The moderation queue: comments on the caller's posts (on everyone's, for editors and admins). */
export default async function CommentsPage({ searchParams }: { searchParams: Promise<{ status?: string; done?: string; error?: string }> }) {
  const author = await requireAuthor('/studio/comments');
  if (!canWrite(author.role)) redirect('/studio');
  const { status: wanted, done, error } = await searchParams;
  const status = TABS.find((tab) => tab.status === wanted)?.status ?? 'PENDING';
  const everyone = canManageEveryone(author.role);
  const comments = await moderationList(
    authorDataClient(),
    status,
    everyone ? { everyone: true } : { everyone: false, postOwner: `${author.userId}::${author.username}` },
  );
  return (
    <>
      <h1>Comments</h1>
      <p className="meta">{everyone ? 'Comments on every post.' : 'Comments on your posts.'} Approved comments show under their post.</p>
      <LiveQueue />
      <nav aria-label="Comment status" className="actions">
        {TABS.map((tab) => (
          <Link key={tab.status} href={`/studio/comments?status=${tab.status}`} aria-current={tab.status === status ? 'page' : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
      {done && DONE[done] ? (
        <p className="form-ok" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {ERRORS[error] ?? 'The comment could not be changed.'}
        </p>
      ) : null}
      {comments.length === 0 ? (
        <p>{status === 'PENDING' ? 'No comments are waiting.' : 'None.'}</p>
      ) : (
        <ol className="comments moderation">
          {comments.map((comment) => (
            <li key={comment.id} className="comment">
              <p className="meta">
                <strong>{comment.authorName}</strong> on <Link href={`/posts/${comment.postSlug}#comments`}>{comment.postTitle}</Link> ·{' '}
                <LocalTime iso={comment.createdAt} />
              </p>
              <div className="comment-body" dangerouslySetInnerHTML={{ __html: renderComment(comment.body) }} />
              <div className="actions">
                {status !== 'APPROVED' ? <ModerateButton id={comment.id} from={status} decision="approve" label="Approve" primary /> : null}
                {status !== 'HIDDEN' ? <ModerateButton id={comment.id} from={status} decision="hide" label="Hide" /> : null}
                <ModerateButton id={comment.id} from={status} decision="delete" label="Delete" />
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** One moderation decision: a form of its own, so what was decided travels as a plain field. */
function ModerateButton({
  id,
  from,
  decision,
  label,
  primary = false,
}: {
  id: string;
  from: CommentStatus;
  decision: string;
  label: string;
  primary?: boolean;
}) {
  return (
    <form action={moderate}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="decision" value={decision} />
      <button type="submit" className={primary ? undefined : 'secondary'}>
        {label}
      </button>
    </form>
  );
}
