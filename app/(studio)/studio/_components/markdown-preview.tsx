'use client';

import { useEffect, useState } from 'react';
import { previewMarkdown } from '../actions';

/** The body rendered by the public page's own pipeline (on the server), refreshed as the author types. */
export function MarkdownPreview({ markdown }: { markdown: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      previewMarkdown(markdown).then(
        (rendered) => current && setHtml(rendered),
        () => current && setHtml(null),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [markdown]);
  return (
    <section className="editor-preview" aria-label="Preview" aria-busy={html === null}>
      {/* Safe: the HTML comes from renderMarkdown's sanitizing pipeline, the same as the public page. */}
      {html === null ? <p className="meta">Rendering…</p> : <div className="post-body" dangerouslySetInnerHTML={{ __html: html }} />}
    </section>
  );
}
