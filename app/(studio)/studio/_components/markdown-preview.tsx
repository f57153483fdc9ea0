'use client';

import { useEffect, useState } from 'react';
import { POST_LIMITS } from '@/lib/post-schema';
import { previewMarkdown } from '../actions';

export interface RenderedBody {
  html: string;
  words: number;
  readingMinutes: number;
}

/**
 * The body rendered by the public page's own pipeline (on the server), refreshed after the
 * author pauses. A body over the limit is not sent at all: it could not be saved either, and
 * Next.js refuses server-action requests over 1 MB.
 */
export function useRenderedBody(markdown: string): RenderedBody | null | 'too-long' {
  const [rendered, setRendered] = useState<RenderedBody | null>(null);
  const tooLong = markdown.length > POST_LIMITS.body;
  useEffect(() => {
    if (tooLong) return;
    let current = true;
    const timer = setTimeout(() => {
      previewMarkdown(markdown).then(
        (result) => current && setRendered(result),
        () => current && setRendered(null),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [markdown, tooLong]);
  return tooLong ? 'too-long' : rendered;
}

export function MarkdownPreview({ rendered }: { rendered: RenderedBody | null | 'too-long' }) {
  return (
    <section className="editor-preview" aria-label="Preview" aria-busy={rendered === null}>
      {rendered === 'too-long' ? (
        <p className="meta">The body is over the length limit; shorten it to see the preview.</p>
      ) : rendered === null ? (
        <p className="meta">Rendering…</p>
      ) : (
        // Safe: the HTML comes from renderMarkdown's sanitizing pipeline, the same as the public page.
        <div className="post-body" dangerouslySetInnerHTML={{ __html: rendered.html }} />
      )}
    </section>
  );
}
