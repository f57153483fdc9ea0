import Link from 'next/link';
import { formatDate } from '@/lib/format';
import type { PublicPost } from '@/lib/posts';

export function PostSummary({ post }: { post: Omit<PublicPost, 'body'> }) {
  return (
    <article>
      <h2>
        <Link href={`/posts/${post.slug}`}>{post.title}</Link>
      </h2>
      <p className="meta">
        <Link href={`/authors/${post.authorHandle}`}>{post.authorName}</Link> · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
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
