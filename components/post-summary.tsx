import Link from 'next/link';
import { CoverImage } from '@/components/cover-image';
import { formatDate } from '@/lib/format';
import type { PublicPost } from '@/lib/posts';

export function PostSummary({ post }: { post: Omit<PublicPost, 'body'> }) {
  return (
    <article className={post.coverImage ? 'summary with-cover' : 'summary'}>
      {/* Decorative here: the linked title beside it says what the post is. */}
      <CoverImage url={post.coverImage} alt="" sizes="(min-width: 40rem) 10rem, 100vw" className="summary-cover" />
      <h2>
        <Link href={`/posts/${post.slug}`}>{post.title}</Link>
      </h2>
      <p className="meta">
        <Link href={`/authors/${post.authorHandle}`}>{post.authorName}</Link> · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
        {post.commentCount > 0 ? (
          <>
            {' · '}
            <Link href={`/posts/${post.slug}#comments`}>{post.commentCount === 1 ? '1 comment' : `${post.commentCount} comments`}</Link>
          </>
        ) : null}
      </p>
      {post.excerpt ? <p>{post.excerpt}</p> : null}
      <TagList tags={post.tags} />
    </article>
  );
}

export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={`/tags/${tag}`}>{tag}</Link>
        </li>
      ))}
    </ul>
  );
}
