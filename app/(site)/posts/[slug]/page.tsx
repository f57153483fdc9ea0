import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Avatar } from '@/components/avatar';
import { CoverImage } from '@/components/cover-image';
import { PostBody } from '@/components/post-body';
import { TagList } from '@/components/post-summary';
import { amplifyConfig } from '@/lib/amplify-outputs';
import { readDeployment } from '@/lib/deployment';
import { formatDate } from '@/lib/format';
import { renderMarkdown } from '@/lib/markdown';
import { getAuthorCard, getPublishedPost, listApprovedComments } from '@/lib/public-posts';
import { CommentItem } from '@/components/comments/comment-item';
import { CommentsIsland } from '@/components/comments/comments-island';

export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { slug } = await params;
  const post = await getPublishedPost(slug);
  if (!post) return { title: 'Not found' };
  // Search results and link previews need a description: the author's excerpt, else the opening text.
  const description = post.excerpt || (await renderMarkdown(post.body)).summary || undefined;
  return {
    title: post.title,
    description,
    authors: [{ name: post.authorName, url: `/authors/${post.authorHandle}` }],
    keywords: post.tags,
    alternates: { canonical: `/posts/${post.slug}` },
    openGraph: {
      type: 'article',
      title: post.title,
      description,
      url: `/posts/${post.slug}`,
      publishedTime: post.publishedAt,
      authors: [post.authorName],
      tags: post.tags,
    },
    twitter: { card: 'summary_large_image', title: post.title, description },
  };
}

export default async function PostPage({ params }: Params) {
  const { slug } = await params;
  const post = await getPublishedPost(slug);
  if (!post) notFound();
  const [{ readingMinutes }, author, comments] = await Promise.all([
    renderMarkdown(post.body),
    getAuthorCard(post.authorHandle),
    listApprovedComments(post.postId, post.slug),
  ]);
  const { siteUrl } = readDeployment();
  const url = `${siteUrl}/posts/${post.slug}`;
  // Structured data for search engines; serialised with < escaped so no text can close the script.
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.excerpt || undefined,
    datePublished: post.publishedAt,
    author: { '@type': 'Person', name: post.authorName, url: `${siteUrl}/authors/${post.authorHandle}` },
    keywords: post.tags.join(', ') || undefined,
    mainEntityOfPage: url,
    url,
  }).replace(/</g, '\\u003c');
  return (
    <article className="post">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <header>
        <h1>{post.title}</h1>
        <p className="meta byline">
          <Avatar url={author?.avatar ?? ''} name={post.authorName} size="small" />
          <span>
            By <Link href={`/authors/${post.authorHandle}`}>{post.authorName}</Link> · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time> ·{' '}
            {readingMinutes} min read
          </span>
        </p>
        <CoverImage url={post.coverImage} alt={post.coverAlt} sizes="(min-width: 42rem) 42rem, 100vw" className="post-cover" priority />
      </header>
      <PostBody markdown={post.body} showToc />
      <TagList tags={post.tags} />
      {author ? (
        <aside className="author-card" aria-label="About the author">
          <Avatar url={author.avatar} name={author.name} size="large" />
          <div>
            <p className="author-card-name">
              <Link href={`/authors/${author.handle}`}>{author.name}</Link>
            </p>
            {author.bio ? <p className="author-bio">{author.bio}</p> : null}
          </div>
        </aside>
      ) : null}
      <section className="comments-section" id="comments" aria-labelledby="comments-heading">
        <h2 id="comments-heading">{comments.length === 0 ? 'Comments' : comments.length === 1 ? '1 comment' : `${comments.length} comments`}</h2>
        {comments.length === 0 ? (
          <p className="meta">No comments yet.</p>
        ) : (
          <ol className="comments">
            {comments.map((comment) => (
              <CommentItem key={comment.commentId} authorName={comment.authorName} createdAt={comment.createdAt} html={comment.html} />
            ))}
          </ol>
        )}
        <CommentsIsland postId={post.postId} slug={post.slug} api={amplifyConfig().API} />
      </section>
    </article>
  );
}
