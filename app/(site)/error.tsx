'use client';

import { PageUnavailable } from './_components/page-unavailable';

/**
 * Shown in the browser when a render fails there: a client-side navigation whose server render
 * failed, or a per-request page (search, draft preview) whose server render failed, which Next.js
 * answers with a 500 and an empty shell that the browser fills in with this boundary. A visitor
 * page generated on demand and cached (archives, posts, tags, authors) never reaches it on the
 * server: Next.js answers that failure with pages/500.tsx (docs/resilience.md).
 */
export default function SiteError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageUnavailable
      retry={
        <button type="button" onClick={reset}>
          Try again
        </button>
      }
    />
  );
}
