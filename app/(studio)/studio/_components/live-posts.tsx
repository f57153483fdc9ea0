'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { watchPostChanges, type LiveState } from '@/lib/live';

const WORDS: Record<LiveState, string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live: changes made elsewhere show here.',
  disconnected: 'Not connected: changes made elsewhere show when you reload. Reconnecting…',
};

/** Keeps the studio's post list current when a post changes in another tab or on another device. */
export function LivePosts() {
  const router = useRouter();
  const [state, setState] = useState<LiveState>('connecting');
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const stop = watchPostChanges({
      // An autosave burst is one refresh.
      onChange: () => {
        clearTimeout(pending.current);
        pending.current = setTimeout(() => router.refresh(), 300);
      },
      onState: setState,
    });
    return () => {
      clearTimeout(pending.current);
      stop();
    };
  }, [router]);
  return (
    <p className="meta live-state" role="status" data-state={state}>
      {WORDS[state]}
    </p>
  );
}
