import type { Metadata } from 'next';
import Link from 'next/link';
import { SearchResult } from '@/components/search-result';
import { listSearchCorpus } from '@/lib/public-posts';
import { MAX_QUERY_LENGTH, searchIndexFor, type SearchOutcome } from '@/lib/search';

type SearchParams = Promise<{ q?: string | string[] }>;

// The search page itself may be listed; results pages (?q=) are kept out of indexes by an
// X-Robots-Tag header (next.config.ts) and by robots.txt.
export const metadata: Metadata = {
  title: 'Search',
  description: 'Search every story on Folio by its words, tags and authors.',
  alternates: { canonical: '/search' },
};

const NOTHING: SearchOutcome = { hits: [], didYouMean: null, popularTags: [] };

export default async function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  const { q } = await searchParams;
  const query = (typeof q === 'string' ? q : '').slice(0, MAX_QUERY_LENGTH);
  const { hits, didYouMean, popularTags } = query.trim() ? searchIndexFor(await listSearchCorpus()).search(query) : NOTHING;
  return (
    <>
      <h1>Search</h1>
      <form role="search" action="/search" className="search-form">
        <label htmlFor="q">Search stories</label>
        <input id="q" name="q" type="search" defaultValue={query} maxLength={MAX_QUERY_LENGTH} />
        <button type="submit">Search</button>
      </form>
      {query ? null : (
        <p className="meta">Titles, tags, authors and the text of every story are searched; plurals, other forms of a word and small typos still match.</p>
      )}
      {query ? (
        <p role="status" className="meta">
          {hits.length === 0 ? `No stories match “${query}”.` : `${hits.length} ${hits.length === 1 ? 'story matches' : 'stories match'} “${query}”.`}
        </p>
      ) : null}
      {didYouMean || popularTags.length > 0 ? (
        <div className={hits.length === 0 ? 'search-suggestions empty-state' : 'search-suggestions'}>
          {didYouMean ? (
            <p>
              Did you mean <Link href={`/search?q=${encodeURIComponent(didYouMean)}`}>{didYouMean}</Link>?
            </p>
          ) : null}
          {popularTags.length > 0 ? (
            <>
              <p id="popular-tags">Or browse a popular tag:</p>
              <ul className="tags" aria-labelledby="popular-tags">
                {popularTags.map((tag) => (
                  <li key={tag}>
                    <Link href={`/tags/${tag}`}>{tag}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <ul className="post-list">
        {hits.map((hit) => (
          <li key={hit.post.slug}>
            <SearchResult hit={hit} />
          </li>
        ))}
      </ul>
    </>
  );
}
