'use client';

import type { ResourcesConfig } from 'aws-amplify';
import Link from 'next/link';
import { useActionState, useEffect, useId, useState } from 'react';
import { commentSession, postComment, type CommentFormState } from '@/app/(site)/posts/[slug]/comment-actions';
import type { CommentEvent } from '@/lib/comments';
import { configureLiveData, watchCommentEvents, type LiveState } from '@/lib/live';
import { COMMENT_LIMITS } from '@/lib/comments/schema';
import { CommentItem } from './comment-item';

/**
 * Comments approved since the page was rendered (live), the comment form for a signed-in reader
 * (or the way to sign in), and the outcome of what they post.
 */
export function CommentPanel({ postId, slug, api }: { postId: string; slug: string; api: ResourcesConfig['API'] }) {
  const [session, setSession] = useState<{ name: string } | null | undefined>(undefined);
  const [state, action, pending] = useActionState<CommentFormState, FormData>(postComment, { ok: true });
  const [body, setBody] = useState('');
  const [fresh, setFresh] = useState<CommentEvent[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const id = useId();
  useEffect(() => {
    commentSession().then(setSession, () => setSession(null));
  }, []);
  useEffect(() => {
    configureLiveData(api);
    return watchCommentEvents({
      postId,
      authMode: 'apiKey',
      onState: setLive,
      onEvent: (event) =>
        setFresh((current) => {
          const others = current.filter((comment) => comment.id !== event.id);
          return event.status === 'APPROVED' && event.html ? [...others, event] : others;
        }),
    });
  }, [api, postId]);
  // The reader's own approved comment shows once, whichever of the answer and the event came first.
  const shown = state.ok && state.posted?.status === 'APPROVED' ? [...fresh.filter((comment) => comment.id !== state.posted?.id), state.posted] : fresh;
  // A posted comment clears the form (its outcome stays announced below it).
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the form's text follows the server's answer
    if (state.ok && state.posted) setBody('');
  }, [state]);

  const newComments = (
    <>
      {/* Mounted while empty, so screen readers announce the first comment that arrives. */}
      <div aria-live="polite">
        {shown.length > 0 ? (
          <ol className="comments fresh" aria-label="New comments">
            {shown.map((comment) => (
              <CommentItem key={comment.id} authorName={comment.authorName} createdAt={comment.createdAt} html={comment.html ?? ''} />
            ))}
          </ol>
        ) : null}
      </div>
      {live === 'disconnected' ? (
        <p className="meta" role="status">
          Not connected: new comments show when you reload the page. Reconnecting…
        </p>
      ) : null}
    </>
  );
  if (session === undefined) return <div data-live={live}>{newComments}</div>;
  if (session === null) {
    return (
      <div data-live={live}>
        {newComments}
        <p className="comment-signin">
          <Link href={`/sign-in?next=${encodeURIComponent(`/posts/${slug}`)}`}>Sign in</Link> to join the conversation.
        </p>
      </div>
    );
  }
  const errorId = `${id}-error`;
  return (
    <div data-live={live}>
      {newComments}
      <form action={action} className="comment-form">
        <input type="hidden" name="postId" value={postId} />
        <input type="hidden" name="slug" value={slug} />
        <div className="field">
          <label htmlFor={`${id}-body`}>Add a comment as {session.name}</label>
          <textarea
            id={`${id}-body`}
            name="body"
            className="short"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            maxLength={COMMENT_LIMITS.body}
            required
            aria-invalid={state.fieldError ? true : undefined}
            aria-describedby={`${id}-hint${state.fieldError ? ` ${errorId}` : ''}`}
          />
          <p className="hint" id={`${id}-hint`}>
            Markdown: *emphasis*, **bold**, `code`, [links](https://example.com), lists and quotes. Up to {COMMENT_LIMITS.body} characters.
          </p>
          {state.fieldError ? (
            <p className="error" id={errorId}>
              {state.fieldError}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" disabled={pending}>
            {pending ? 'Posting…' : 'Post comment'}
          </button>
          <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'form-ok' : 'form-error'}>
            {state.message ?? ''}
          </p>
        </div>
      </form>
    </div>
  );
}
