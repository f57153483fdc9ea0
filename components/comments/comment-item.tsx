import { formatDate } from '@/lib/format';

/**
 * One approved comment. Its HTML was rendered from the reader's markdown and sanitized by the
 * comments function (lib/comments/render.ts), the only writer of public comments.
 */
export function CommentItem({ authorName, createdAt, html }: { authorName: string; createdAt: string; html: string }) {
  return (
    <li className="comment">
      <p className="meta">
        <strong>{authorName}</strong> · <time dateTime={createdAt}>{formatDate(createdAt)}</time>
      </p>
      <div className="comment-body" dangerouslySetInnerHTML={{ __html: html }} />
    </li>
  );
}
