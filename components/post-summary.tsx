import Link from 'next/link';
import { formatDate } from '@/lib/format';
import type { PublicPost } from '@/lib/posts';

export function PostSummary({ post }: { post: PublicPost }) {
  return (
    <article>
      <h2>
        <Link href={`/posts/${post.slug}`}>{post.title}</Link>
      </h2>
      <p className="meta">
        {post.authorName} · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
      </p>
      {post.excerpt ? <p>{post.excerpt}</p> : null}
    </article>
  );
}
