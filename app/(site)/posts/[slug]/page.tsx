import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Avatar } from '@/components/avatar';
import { CoverImage } from '@/components/cover-image';
import { PostBody } from '@/components/post-body';
import { PostSummary, TagList } from '@/components/post-summary';
import { amplifyConfig } from '@/lib/amplify-outputs';
import { readDeployment } from '@/lib/deployment';
import { formatDate } from '@/lib/format';
import { renderMarkdown } from '@/lib/markdown';
import { shareLinks } from '@/lib/share';
import {
  getAuthorCard,
  getPostNeighbours,
  getPublishedPost,
  listApprovedComments,
  listRelatedPosts,
  type PostNeighbours,
  type PostSummary as Summary,
} from '@/lib/public-posts';
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
  const [author, comments, neighbours, related] = await Promise.all([
    getAuthorCard(post.authorHandle),
    listApprovedComments(post.postId, post.slug),
    // What follows the post is a way on, not the post: if it cannot be read, the post still shows.
    getPostNeighbours(post.publishedAt).catch((error: unknown) => lacking<PostNeighbours>('previous/next', error, { previous: null, next: null })),
    listRelatedPosts(post).catch((error: unknown) => lacking<Summary[]>('related posts', error, [])),
  ]);
  // The rendered text's count, as the studio shows it; PostBody's render of the same body is cached.
  const { readingMinutes } = await renderMarkdown(post.body);
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
    <article className="post wide-block">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />
      <header className="post-header">
        {post.tags[0] ? (
          <p className="post-kicker">
            <Link href={`/tags/${post.tags[0]}`}>{post.tags[0]}</Link>
          </p>
        ) : null}
        <h1>{post.title}</h1>
        {post.excerpt ? <p className="post-dek">{post.excerpt}</p> : null}
        <p className="meta byline">
          <Avatar url={author?.avatar ?? ''} name={post.authorName} size="small" />
          <span>
            By <Link href={`/authors/${post.authorHandle}`}>{post.authorName}</Link> · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time> ·{' '}
            {readingMinutes} min read
          </span>
        </p>
        <CoverImage url={post.coverImage} alt={post.coverAlt} sizes="(min-width: 42rem) 42rem, 100vw" className="post-cover" priority />
      </header>
      <div className="post-layout">
        <PostBody markdown={post.body} showToc />
      </div>
      <footer className="post-footer">
        <TagList tags={post.tags} />
        <ShareLinks url={url} title={post.title} />
      </footer>
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
      <PostNav neighbours={neighbours} />
      {related.length > 0 ? (
        <section className="related-posts" aria-labelledby="related-heading">
          <h2 id="related-heading" className="section-title">
            Keep reading
          </h2>
          <ul className="post-grid related-grid">
            {related.map((summary) => (
              <li key={summary.slug}>
                <PostSummary post={summary} headingLevel={3} compact />
              </li>
            ))}
          </ul>
        </section>
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

function lacking<T>(what: string, error: unknown, fallback: T): T {
  console.error(`Reading ${what} failed: ${String(error)}`);
  return fallback;
}

function ShareLinks({ url, title }: { url: string; title: string }) {
  return (
    <div className="share-links">
      <p id="share-heading">Share</p>
      <ul aria-labelledby="share-heading">
        {shareLinks(url, title).map((link) => (
          <li key={link.name}>
            <a href={link.href} rel="noopener noreferrer" target={link.name === 'email' ? undefined : '_blank'}>
              {link.label}
              {link.name === 'email' ? null : <span className="visually-hidden"> (opens in a new tab)</span>}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Previous (older) and next (newer) by publication date; either may be missing at the ends. */
function PostNav({ neighbours }: { neighbours: PostNeighbours }) {
  if (!neighbours.previous && !neighbours.next) return null;
  return (
    <nav className="post-nav" aria-label="Previous and next stories">
      {neighbours.previous ? (
        <Link href={`/posts/${neighbours.previous.slug}`} rel="prev" className="post-nav-previous">
          <span className="post-nav-label">← Previous story</span>
          <span className="post-nav-title">{neighbours.previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {neighbours.next ? (
        <Link href={`/posts/${neighbours.next.slug}`} rel="next" className="post-nav-next">
          <span className="post-nav-label">Next story →</span>
          <span className="post-nav-title">{neighbours.next.title}</span>
        </Link>
      ) : null}
    </nav>
  );
}
