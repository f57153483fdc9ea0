'use client';

import type { ResourcesConfig } from 'aws-amplify';
import dynamic from 'next/dynamic';
import { useEffect, useRef, useState } from 'react';

// The form and its calls load only when the comments come into view: the post page's first
// load stays the page itself.
const CommentPanel = dynamic(() => import('./comment-panel').then((module) => module.CommentPanel), {
  ssr: false,
  loading: () => <p className="meta">Loading the comment form…</p>,
});

/**
 * The live part of a post's comments: the form, what the reader posts, and comments approved
 * while the page is open. `api` is the data API's public configuration (endpoint, API key).
 */
export function CommentsIsland({ postId, slug, api }: { postId: string; slug: string; api: ResourcesConfig['API'] }) {
  const anchor = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = anchor.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={anchor} className="comments-island">
      {near ? <CommentPanel postId={postId} slug={slug} api={api} /> : null}
    </div>
  );
}
