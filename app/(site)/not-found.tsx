import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="empty-state error-state">
      <p className="error-code" aria-hidden="true">
        404
      </p>
      <h1>Page not found</h1>
      <p>There is no story at this address. It may have been moved or unpublished, or the link has a typo.</p>
      <form role="search" action="/search" className="search-form">
        <label htmlFor="not-found-search" className="visually-hidden">
          Search the stories
        </label>
        <input id="not-found-search" type="search" name="q" placeholder="Search the stories" />
        <button type="submit">Search</button>
      </form>
      <p className="empty-actions">
        <Link href="/">Back to the latest stories</Link>
      </p>
    </div>
  );
}
