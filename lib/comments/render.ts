import rehypeSanitize, { type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import type { Root } from 'hast';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/**
 * A comment's markdown as HTML: a reader's subset of what posts allow. Paragraphs, emphasis,
 * strikethrough-free CommonMark inline code and code blocks, quotes, lists and links; no headings
 * (their text stays), no images, no tables, no raw HTML (dropped by remark-rehype, as in
 * lib/markdown.ts). Links get rel="nofollow ugc noopener noreferrer": search engines should not
 * count links readers add, and no page opened from one gets a handle on Folio's.
 * rehype-sanitize runs last with its own narrow allow-list.
 */
const schema: SanitizeSchema = {
  tagNames: ['a', 'blockquote', 'br', 'code', 'em', 'li', 'ol', 'p', 'pre', 'strong', 'ul'],
  strip: ['script', 'style', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'template', 'noscript', 'title', 'img'],
  attributes: { a: ['href', ['rel', 'nofollow', 'ugc', 'noopener', 'noreferrer']], ol: ['start'] },
  protocols: { href: ['http', 'https', 'mailto'] },
  clobber: [],
  clobberPrefix: '',
  allowComments: false,
  allowDoctypes: false,
};

function rehypeCommentLinks() {
  return (tree: Root) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'a') node.properties = { ...node.properties, rel: ['nofollow', 'ugc', 'noopener', 'noreferrer'] };
    });
  };
}

const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeCommentLinks).use(rehypeSanitize, schema).use(rehypeStringify);

/** Renders a comment (already within COMMENT_LIMITS) to safe HTML. */
export function renderComment(markdown: string): string {
  return String(processor.processSync(markdown));
}
