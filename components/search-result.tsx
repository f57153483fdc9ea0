import Link from 'next/link';
import { CoverImage } from '@/components/cover-image';
import { TagList } from '@/components/post-summary';
import { formatDate } from '@/lib/format';
import type { SearchHit, Segment } from '@/lib/search';

/** Text runs with the matching words in <mark>; every run is React text, so nothing in it is markup. */
export function Highlighted({ segments }: { segments: Segment[] }) {
  return segments.map((segment, i) => (segment.mark ? <mark key={i}>{segment.text}</mark> : segment.text));
}

export function SearchResult({ hit }: { hit: SearchHit }) {
  const { post } = hit;
  return (
    <article className={post.coverImage ? 'summary with-cover' : 'summary'}>
      {/* Decorative here: the linked title beside it says what the post is. */}
      <CoverImage url={post.coverImage} alt="" sizes="(min-width: 40rem) 10rem, 100vw" className="summary-cover" />
      <h2>
        <Link href={`/posts/${post.slug}`}>
          <Highlighted segments={hit.title} />
        </Link>
      </h2>
      <p className="meta">
        <Link href={`/authors/${post.authorHandle}`}>{post.authorName}</Link> · <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
      </p>
      {hit.snippet.length > 0 ? (
        <p className="search-snippet">
          <Highlighted segments={hit.snippet} />
        </p>
      ) : null}
      <TagList tags={post.tags} />
    </article>
  );
}
