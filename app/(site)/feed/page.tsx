import type { Metadata } from 'next';
import Link from 'next/link';
import { readDeployment } from '@/lib/deployment';
import { FEED_SIZE } from '@/lib/feed';
import { formatDate } from '@/lib/format';
import { listFeedPosts } from '@/lib/public-posts';
import './feed.css';

// Statically rendered and cached like the feed itself; publishing revalidates it by the feed's tag (lib/cache-tags.ts).
export const revalidate = 60;

export const metadata: Metadata = {
  title: 'Subscribe',
  description: 'Follow new posts on Folio in any feed reader: the feed address and what it carries.',
  alternates: { canonical: '/feed' },
};

/** The page the feed links point readers to: /feed.xml itself is for feed readers and shows as raw XML in a browser. */
export default async function FeedPage() {
  const feedUrl = `${readDeployment().siteUrl}/feed.xml`;
  const posts = await listFeedPosts(FEED_SIZE);
  return (
    <div className="feed-page">
      <h1>Subscribe</h1>
      <p className="feed-lede">
        A feed is a list of a site&rsquo;s newest posts that a feed reader app checks for you, so new stories come to you instead of you coming back to look.
        Paste the address below into any feed reader to follow Folio: there is nothing to sign up for, and you can stop at any time.
      </p>
      <section className="feed-address" aria-labelledby="feed-address-heading">
        <h2 id="feed-address-heading">The feed&rsquo;s address</h2>
        <p className="feed-url">
          <code>{feedUrl}</code>
        </p>
        <p className="feed-actions">
          <a className="button secondary" href="/feed.xml" type="application/rss+xml">
            Open the RSS feed
          </a>
          <span className="meta">RSS 2.0 · the newest {FEED_SIZE} posts, in full</span>
        </p>
      </section>
      <section aria-labelledby="feed-posts-heading">
        <h2 id="feed-posts-heading">In the feed now</h2>
        {posts.length === 0 ? (
          <p>Nothing has been published yet: the feed fills as soon as the first post goes live.</p>
        ) : (
          <ol className="feed-posts">
            {posts.map((post) => (
              <li key={post.slug}>
                <Link className="feed-post-title" href={`/posts/${post.slug}`}>
                  {post.title}
                </Link>
                <span className="meta">
                  <Link href={`/authors/${post.authorHandle}`}>{post.authorName}</Link> ·{' '}
                  <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
