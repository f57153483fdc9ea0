'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { watchCommentEvents, type LiveState } from '@/lib/live';

const WORDS: Record<LiveState, string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live: new comments appear here as they arrive.',
  disconnected: 'Not connected: new comments appear when you reload the page. Reconnecting…',
};

/**
 * Keeps the moderation queue current: any comment event reloads the page's data (the server
 * lists only what this account may moderate; the event itself carries nothing private).
 */
export function LiveQueue() {
  const router = useRouter();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(
    () =>
      watchCommentEvents({
        authMode: 'userPool',
        onEvent: () => router.refresh(),
        onState: setState,
      }),
    [router],
  );
  return (
    <p className="meta live-state" role="status" data-state={state}>
      {WORDS[state]}
    </p>
  );
}
