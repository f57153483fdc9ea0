import Link from 'next/link';
import { Avatar } from '@/components/avatar';
import { CoverImage } from '@/components/cover-image';
import { formatDate } from '@/lib/format';
import type { PostSummary as Summary } from '@/lib/public-posts';

/**
 * The card in listings: cover (when there is one), title, excerpt, byline with avatar, date, reading
 * time, tags. Its links do not prefetch: a listing has dozens (post, author, comments, tags per
 * card), and fetching every one at load kept a phone's main thread busy (Lighthouse mobile TBT
 * 443–746 ms on home, 218–373 ms without). In the App Router that also means no prefetch on
 * hover: a card's page is fetched when it is clicked, one request for a page that is cached.
 */
export function PostSummary({
  post,
  featured = false,
  readingMinutes,
  authorAvatar = '',
  headingLevel = 2,
  compact = false,
}: {
  post: Summary;
  /** The newest post on the home page: the whole width, a larger cover and title. */
  featured?: boolean;
  /** Shown when known (listings read the body; related posts do not). */
  readingMinutes?: number;
  authorAvatar?: string;
  headingLevel?: 2 | 3;
  /**
   * The short "keep reading" row under a post: no tags (the post lists its own) and no comment
   * count (that row is cached until the next publish, so a count there would go stale).
   */
  compact?: boolean;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const classes = ['card', featured ? 'card-featured' : '', post.coverImage ? 'with-cover' : 'without-cover'].filter(Boolean).join(' ');
  return (
    <article className={classes}>
      {/* Decorative here: the linked title says what the post is. The featured cover is the page's largest image. */}
      <CoverImage
        url={post.coverImage}
        alt=""
        sizes={featured ? '(min-width: 64rem) 38rem, 100vw' : '(min-width: 64rem) 22rem, (min-width: 40rem) 50vw, 100vw'}
        className="card-cover"
        priority={featured}
      />
      <div className="card-body">
        <Heading className="card-title">
          <Link href={`/posts/${post.slug}`} prefetch={false}>
            {post.title}
          </Link>
        </Heading>
        {post.excerpt ? <p className="card-excerpt">{post.excerpt}</p> : null}
        <div className="card-meta meta">
          <Avatar url={authorAvatar} name={post.authorName} size="small" />
          <p>
            <Link href={`/authors/${post.authorHandle}`} className="card-author" prefetch={false}>
              {post.authorName}
            </Link>
            <span className="card-facts">
              <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
              {readingMinutes ? <span>{readingMinutes} min read</span> : null}
              {!compact && post.commentCount > 0 ? (
                <Link href={`/posts/${post.slug}#comments`} prefetch={false}>
                  {post.commentCount === 1 ? '1 comment' : `${post.commentCount} comments`}
                </Link>
              ) : null}
            </span>
          </p>
        </div>
        {compact ? null : <TagList tags={post.tags} />}
      </div>
    </article>
  );
}

export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={`/tags/${tag}`} prefetch={false}>
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
