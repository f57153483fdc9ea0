import type { EditorFields } from './editor-fields';

/** Search engines cut titles and descriptions around these lengths. */
const TITLE_SHOWN = 60;
const DESCRIPTION_SHOWN = 160;

/** The start of the body as plain text: what a search engine would show when there is no excerpt. */
function bodySnippet(markdown: string): string {
  // Only the start matters, and the body may be a huge paste: never scan all of it on each keystroke.
  return markdown
    .slice(0, 4 * DESCRIPTION_SHOWN)
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);

/**
 * How the post will look in a search result and as a shared card, from the same fields the
 * public page's metadata uses (title, excerpt as description, the generated share image).
 */
export function SharePreview({ fields, siteUrl, authorName }: { fields: EditorFields; siteUrl: string; authorName: string }) {
  const title = fields.title.trim() || 'Untitled post';
  const description = fields.excerpt.trim();
  const shownDescription = clip(description || bodySnippet(fields.body), DESCRIPTION_SHOWN);
  const url = `${siteUrl}/posts/${fields.slug || 'your-slug'}`;
  const notes: string[] = [];
  if (title.length > TITLE_SHOWN) notes.push(`Search results show about ${TITLE_SHOWN} characters of a title; this one has ${title.length}.`);
  if (!description) notes.push('No excerpt: search engines will pick text from the post, and share cards will have no description.');
  return (
    <details className="share-preview">
      <summary>Search and social preview</summary>
      <div className="share-preview-grid">
        <figure className="search-result" aria-label="Search result preview">
          <p className="search-result-url">{url}</p>
          <p className="search-result-title">{clip(`${title} · Folio`, TITLE_SHOWN + 8)}</p>
          <p className="search-result-description">{shownDescription || 'No description yet.'}</p>
        </figure>
        <figure className="social-card" aria-label="Share card preview">
          <div className="social-card-image">
            <span className="social-card-brand">Folio</span>
            <span className="social-card-title">{title}</span>
            <span className="social-card-author">by {authorName}</span>
          </div>
          <figcaption>
            <strong>{title}</strong>
            {description ? <span>{clip(description, DESCRIPTION_SHOWN)}</span> : null}
            <span className="meta">{new URL(url).host}</span>
          </figcaption>
        </figure>
      </div>
      {notes.length > 0 ? (
        <ul className="hint share-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
