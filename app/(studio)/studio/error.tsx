'use client';

import Link from 'next/link';
import { useEffect } from 'react';

export default function StudioError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="studio-problem" aria-labelledby="studio-error" role="alert">
      <h1 id="studio-error">Something went wrong</h1>
      <p>
        The studio could not load this page. Anything you were writing is kept on this device and will be offered again when you reopen the post.
        {error.digest ? ` (Reference: ${error.digest})` : ''}
      </p>
      <div className="actions">
        <button type="button" onClick={reset}>
          Try again
        </button>
        <Link className="button secondary" href="/studio">
          Back to your posts
        </Link>
      </div>
    </section>
  );
}
