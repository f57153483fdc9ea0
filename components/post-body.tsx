import { renderMarkdown, type RenderedMarkdown } from '@/lib/markdown';

type Heading = RenderedMarkdown['headings'][number];
type TocEntry = Heading & { children: Heading[] };

/** Nest each h3 under the h2 before it; an h3 before any h2 stays at the top level. */
function tocTree(headings: Heading[]): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const heading of headings) {
    const parent = entries[entries.length - 1];
    if (heading.depth === 3 && parent && parent.depth === 2) parent.children.push(heading);
    else entries.push({ ...heading, children: [] });
  }
  return entries;
}

/** Table of contents; heading text is rendered by React (escaped), only ids become fragments. */
function TableOfContents({ headings }: { headings: Heading[] }) {
  return (
    <nav aria-label="Contents" className="post-toc">
      {/* Visible title only: the landmark is already named "Contents" by aria-label. */}
      <p className="post-toc-title" aria-hidden="true">
        Contents
      </p>
      <ol>
        {tocTree(headings).map((entry) => (
          <li key={entry.id}>
            <a href={`#${entry.id}`}>{entry.text}</a>
            {entry.children.length > 0 ? (
              <ol>
                {entry.children.map((child) => (
                  <li key={child.id}>
                    <a href={`#${child.id}`}>{child.text}</a>
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * Renders a post body (markdown) on the server. With `showToc`, posts with three or more
 * h2/h3 headings get a table of contents before the body.
 */
export async function PostBody({ markdown, showToc = false }: { markdown: string; showToc?: boolean }) {
  const { html, headings } = await renderMarkdown(markdown);
  return (
    <>
      {showToc && headings.length >= 3 ? <TableOfContents headings={headings} /> : null}
      {/*
        dangerouslySetInnerHTML is safe here because `html` never contains author-controlled
        markup: renderMarkdown drops raw HTML from the markdown, and its last step before
        serialising is rehype-sanitize with an allow-list schema (lib/markdown.ts) that admits no
        scripts, event handlers, `style` attributes or non-http(s)/mailto URLs. Text is escaped by
        the serializer. Keep it that way: do not pass other strings here.
      */}
      <div className="post-body" dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}
