import type { Metadata } from 'next';
import { PostSummary } from '@/components/post-summary';
import { listAllSummaries } from '@/lib/public-posts';
import { MAX_QUERY_LENGTH, searchSummaries } from '@/lib/search';

export const metadata: Metadata = { title: 'Search', robots: { index: false, follow: true }, alternates: { canonical: '/search' } };

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  const query = (typeof q === 'string' ? q : '').slice(0, MAX_QUERY_LENGTH);
  const results = query ? searchSummaries(await listAllSummaries(), query) : [];
  return (
    <>
      <h1>Search</h1>
      <form role="search" action="/search" className="search-form">
        <label htmlFor="q">Search stories</label>
        <input id="q" name="q" type="search" defaultValue={query} maxLength={MAX_QUERY_LENGTH} />
        <button type="submit">Search</button>
      </form>
      {query ? (
        <p role="status" className="meta">
          {results.length === 0 ? `No stories match “${query}”.` : `${results.length} ${results.length === 1 ? 'story matches' : 'stories match'} “${query}”.`}
        </p>
      ) : null}
      <ul className="post-list">
        {results.map((post) => (
          <li key={post.slug}>
            <PostSummary post={post} />
          </li>
        ))}
      </ul>
    </>
  );
}
