import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PostBody } from '@/components/post-body';
import { formatDate } from '@/lib/format';
import { getPublishedPost } from '@/lib/public-posts';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const post = await getPublishedPost((await params).slug);
  if (!post) return { title: 'Not found' };
  return { title: post.title, description: post.excerpt || undefined };
}

export default async function PostPage({ params }: Params) {
  const post = await getPublishedPost((await params).slug);
  if (!post) notFound();
  return (
    <article>
      <h1>{post.title}</h1>
      <p className="meta">
        By {post.authorName} · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
      </p>
      <PostBody markdown={post.body} />
      {post.tags.length > 0 ? (
        <ul className="tags" aria-label="Tags">
          {post.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
