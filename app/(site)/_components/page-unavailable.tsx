import Link from 'next/link';
import type { ReactNode } from 'react';

/** What the site's error pages say (the heading is what the resilience benchmark looks for). */
export const UNAVAILABLE_TITLE = 'Something went wrong';

/**
 * The message of a visitor page that could not be loaded, usually because the data API did not
 * answer. Shared by the error boundary (app/(site)/error.tsx) and the server's 500 page
 * (pages/500.tsx), so a failure reads the same however Next.js ends up answering it. No hooks and
 * no server-only code: it renders in both routers.
 */
export function PageUnavailable({ retry }: { retry: ReactNode }) {
  return (
    <div className="empty-state error-state">
      <p className="error-code" aria-hidden="true">
        500
      </p>
      <h1>{UNAVAILABLE_TITLE}</h1>
      <p>This page could not be loaded right now. Please try again in a moment.</p>
      <p>
        {retry} or <Link href="/">go back to the latest stories</Link>.
      </p>
    </div>
  );
}
