import Link from 'next/link';

/** A page of a listing past its end (an old or hand-made address): say so and offer the way back. */
export function NoPostsHere() {
  return (
    <>
      <h2>No stories on this page</h2>
      <p>This page of the list is empty: the posts it held may have moved as new ones were published.</p>
      <p className="empty-actions">
        <Link href="/">Read the latest stories</Link>
        <Link href="/search">Search</Link>
      </p>
    </>
  );
}
