/**
 * Server-side markdown pipeline for post bodies:
 *
 *   remark-parse → remark-gfm → remark-rehype → code block markup → syntax highlighting
 *   (@shikijs/rehype) → rehype-slug
 *   → heading anchors → link/image attributes → rehype-sanitize (final gate)
 *   → unwrap links whose URL was refused → TOC + word count → rehype-stringify
 *
 * Security model
 * - Raw HTML in markdown is DROPPED, not sanitized: remark-rehype runs without
 *   `allowDangerousHtml`, so `raw` nodes (inline tags, HTML blocks and HTML comments) never reach
 *   the HTML tree. Posts are written in markdown, so authors lose nothing they need, and we avoid
 *   re-parsing author HTML (rehype-raw/parse5), which is where mutation-XSS and parser-differential
 *   bypasses live. Text inside dropped inline tags (`<a href=…>text</a>`) is kept as plain text.
 * - rehype-sanitize runs LAST, after every plugin (including the highlighter), with an explicit
 *   allow-list schema (`schema` below) rather than GitHub's default one: it is the single gate
 *   every element and attribute must pass, so a bug in an earlier plugin cannot smuggle markup
 *   out. Nothing is allowed that this pipeline does not itself produce; in particular no `style`
 *   attribute anywhere: Shiki's colours are turned into classes (`tok-…`, by
 *   @shikijs/transformers' transformerStyleToClass), resolved by the fixed rules in
 *   app/code-tokens.css (generated) and app/markdown.css.
 * - URLs: `href` allows http, https, mailto and relative URLs; `src` allows http, https and
 *   relative. Entities are decoded by the markdown parser before the check, so
 *   `&#106;avascript:` is seen as `javascript:` and `jav&#x09;ascript:` as `jav%09ascript:`;
 *   neither is an allowed scheme and the attribute is removed.
 */
import rehypeShikiFromHighlighter, { type RehypeShikiCoreOptions } from '@shikijs/rehype/core';
import { transformerStyleToClass } from '@shikijs/transformers';
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { LRUCache } from 'lru-cache';
import { boundMarkdown } from './markdown-bounds';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeSanitize, { type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { createHighlighterCore, isSpecialLang, type HighlighterCore, type ShikiTransformer } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import langCss from 'shiki/langs/css.mjs';
import langDiff from 'shiki/langs/diff.mjs';
import langHtml from 'shiki/langs/html.mjs';
import langJavascript from 'shiki/langs/javascript.mjs';
import langJson from 'shiki/langs/json.mjs';
import langJsx from 'shiki/langs/jsx.mjs';
import langPython from 'shiki/langs/python.mjs';
import langShell from 'shiki/langs/shellscript.mjs';
import langTsx from 'shiki/langs/tsx.mjs';
import langTypescript from 'shiki/langs/typescript.mjs';
import langYaml from 'shiki/langs/yaml.mjs';
import themeDark from 'shiki/themes/github-dark.mjs';
import themeLight from 'shiki/themes/github-light.mjs';
import { unified, type Plugin } from 'unified';
import { BODY_IMAGE_SIZES, responsiveImage } from './media/images';
import { parseMediaUrl } from './media/rules';
import { SKIP, visit } from 'unist-util-visit';
import { countWords, minutesFor } from './reading-time';

export interface RenderedMarkdown {
  html: string;
  headings: { depth: 2 | 3; id: string; text: string }[];
  /** Words a reader reads (code, tables and link text included; heading anchors not). */
  words: number;
  readingMinutes: number;
  /** The opening paragraphs' text, at most SUMMARY_CHARS: a description when the author wrote none. */
  summary: string;
}

export const SUMMARY_CHARS = 160;

export { WORDS_PER_MINUTE } from './reading-time';

// ---------------------------------------------------------------------------------------------
// Syntax highlighting
// ---------------------------------------------------------------------------------------------

/** Code blocks longer than this are shown plain: highlighting cost grows with size. */
const MAX_HIGHLIGHT_CHARS = 100_000;

/**
 * Token classes: transformerStyleToClass turns each token's inline style into `tok-<hash>`, the
 * hash being of the style itself, so a class means the same in every process and every build.
 * The sanitizer allows exactly this shape on token spans; app/code-tokens.css defines them all.
 */
export const TOKEN_CLASS = /^tok-[0-9a-z]{1,6}$/;

/**
 * Thrown from the transformer below to leave a block as plain, escaped code. @shikijs/rehype has
 * no per-block opt-out; a block whose highlighting fails is left untouched, and `onError` ignores
 * exactly this error (any other still fails the render).
 */
class LeavePlain extends Error {}

/**
 * Folio's markup for a highlighted block, set before transformerStyleToClass sees the `<pre>`, so
 * the theme's inline colours on it are dropped rather than turned into a class (app/markdown.css
 * colours `pre.code-block`). Blocks over MAX_HIGHLIGHT_CHARS, and Shiki's built-in plain and ANSI
 * "languages", stay as the markdown produced them, like any language we do not load.
 */
const folioCodeBlock: ShikiTransformer = {
  name: 'folio:code-block',
  preprocess(code, options) {
    if (code.length > MAX_HIGHLIGHT_CHARS || isSpecialLang(options.lang)) throw new LeavePlain();
  },
  pre(pre) {
    pre.properties = { className: ['code-block', 'shiki'], tabIndex: 0 };
  },
  code(code) {
    code.properties = { className: [`language-${this.options.lang}`] };
  },
};

/** Exported for lib/testing/code-token-css.ts, which reads its registry to write app/code-tokens.css. */
export const tokenClasses = transformerStyleToClass({ classPrefix: 'tok-' });

/**
 * Both themes' colours become CSS variables (`defaultColor: false`) and then classes, so nothing
 * carries a `style` attribute; app/markdown.css applies the light or dark variables according to
 * `data-theme`. The tokenize limits bound the time a pathological line can take.
 */
export const highlightOptions = {
  themes: { light: 'github-light', dark: 'github-dark' },
  // Token colours below WCAG AA (4.5:1) on the code-block background, replaced (lib/markdown.test.ts
  // checks every one): github-light's orange on white (3.49 → 4.83) and github-dark's comment grey on
  // #24292e (3.05 → 5.34), darkened or lightened just enough; and the colours both themes draw on a
  // token background of their own (carriage returns, ignored/untracked lines in diffs), which class
  // tokens do not carry, so they become that background colour as text instead.
  colorReplacements: {
    'github-light': { '#e36209': '#b35900', '#fafbfc': '#b31d28', '#f6f8fa': '#005cc5' },
    'github-dark': { '#6a737d': '#959da5', '#24292e': '#f97583', '#2f363d': '#79b8ff' },
  },
  defaultColor: false,
  mergeSameStyleTokens: true, // neighbours with identical styling share a span: smaller HTML
  tokenizeMaxLineLength: 2_000,
  tokenizeTimeLimit: 500,
  transformers: [folioCodeBlock, tokenClasses],
  onError: (error: unknown) => {
    if (!(error instanceof LeavePlain)) throw error;
  },
} satisfies RehypeShikiCoreOptions;

/** Exported, like the options above, for lib/testing/code-token-css.ts. */
export const highlightThemes = [themeLight, themeDark];

/**
 * One highlighter per server process. The JavaScript regex engine avoids loading WebAssembly,
 * and only the fixed languages and themes below are loaded.
 */
function createHighlighter(): Promise<HighlighterCore> {
  return createHighlighterCore({
    themes: highlightThemes,
    langs: [langTypescript, langTsx, langJavascript, langJsx, langJson, langShell, langCss, langHtml, langYaml, langDiff, langPython],
    engine: createJavaScriptRegexEngine(),
  });
}

/**
 * Runs before Shiki: every fenced block becomes `<pre class="code-block" tabindex="0">`, so keyboard
 * users can scroll wide code (Shiki replaces the blocks it highlights, see folioCodeBlock), and
 * language names are lower-cased so that ```TS is highlighted like ```ts.
 */
const rehypeCodeBlocks: Plugin<[], Root> = function () {
  return (tree) => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'pre') return undefined;
      node.properties = { className: ['code-block'], tabIndex: 0 };
      for (const code of node.children) {
        if (code.type !== 'element' || code.tagName !== 'code' || !Array.isArray(code.properties.className)) continue;
        code.properties.className = code.properties.className.map((name) =>
          typeof name === 'string' && name.startsWith('language-') ? name.toLowerCase() : name,
        );
      }
      return SKIP;
    });
  };
};

// ---------------------------------------------------------------------------------------------
// Links, images, headings
// ---------------------------------------------------------------------------------------------

/** Any absolute http(s) URL, including protocol-relative `//host/…`, counts as external. */
const EXTERNAL_URL = /^(?:https?:)?\/\//i;

const rehypeLinksAndImages: Plugin<[], Root> = function () {
  return (tree) => {
    // The first image is often in the first screenful (and the largest thing in it): it loads at
    // once; the rest wait until they are scrolled near.
    let firstImage = true;
    visit(tree, 'element', (node) => {
      if (node.tagName === 'a') {
        const href = node.properties.href;
        if (typeof href === 'string' && EXTERNAL_URL.test(href.trim())) node.properties.rel = ['noopener', 'noreferrer'];
      } else if (node.tagName === 'img') {
        if (!firstImage) node.properties.loading = 'lazy';
        firstImage = false;
        node.properties.decoding = 'async';
        if (typeof node.properties.alt !== 'string') node.properties.alt = ''; // always present, even if empty
        // A Folio image is drawn at the size its name records, from resized versions (lib/media/).
        const image = typeof node.properties.src === 'string' ? parseMediaUrl(node.properties.src) : null;
        if (image) {
          const responsive = responsiveImage(image, BODY_IMAGE_SIZES);
          node.properties.src = responsive.src;
          node.properties.srcSet = responsive.srcSet;
          node.properties.sizes = BODY_IMAGE_SIZES;
          node.properties.width = image.width;
          node.properties.height = image.height;
        }
      }
    });
  };
};

/**
 * After sanitizing: a link whose URL was refused (`javascript:` …) is left as `<a>` without
 * `href`; unwrap it so readers get plain text rather than a dead, unfocusable "link".
 */
const rehypeUnwrapDeadLinks: Plugin<[], Root> = function () {
  return (tree) => {
    visit(tree, 'element', (node, index, parent) => {
      if (node.tagName !== 'a' || node.properties.href !== undefined || !parent || index === undefined) return undefined;
      parent.children.splice(index, 1, ...node.children);
      return index; // revisit the same position, now holding the link's first child
    });
  };
};

function text(value: string): Text {
  return { type: 'text', value };
}

const FOOTNOTE_LABEL_ID = 'footnote-label';
const isFootnoteLabel = (element: Readonly<Element>) => element.properties.id === FOOTNOTE_LABEL_ID;

/**
 * Visible "#" after the heading text, hidden from assistive technology; the link's accessible
 * name comes from visually hidden text ("Section titled …") instead.
 */
function anchorContent(heading: Readonly<Element>): ElementContent[] {
  return [
    { type: 'element', tagName: 'span', properties: { ariaHidden: 'true' }, children: [text('#')] },
    {
      type: 'element',
      tagName: 'span',
      properties: { className: ['sr-only'] },
      children: [text(`Section titled ${hastToString(heading).trim()}`)],
    },
  ];
}

function isHeadingAnchor(node: Element): boolean {
  const className = node.properties.className;
  return node.tagName === 'a' && Array.isArray(className) && className.includes('heading-anchor');
}

interface Metadata {
  headings: RenderedMarkdown['headings'];
  words: number;
  summary: string;
}

/** Whole words up to `max` characters, with an ellipsis when cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * Runs after the sanitizer, so the table of contents only ever points at ids that survived it.
 * Collects h2/h3 for the table of contents and counts words for the reading time, ignoring the
 * heading anchors' hidden text.
 */
const rehypeMetadata: Plugin<[], Root> = function () {
  return (tree, file) => {
    const headings: Metadata['headings'] = [];
    let words = 0;
    const visibleText = (node: Root | Element): string => {
      let out = '';
      visit(node, (child) => {
        if (child.type === 'element' && isHeadingAnchor(child)) return SKIP;
        if (child.type === 'text') out += `${child.value} `;
        return undefined;
      });
      return out;
    };
    words = countWords(visibleText(tree));
    visit(tree, 'element', (node) => {
      if ((node.tagName === 'h2' || node.tagName === 'h3') && typeof node.properties.id === 'string' && !isFootnoteLabel(node)) {
        headings.push({
          depth: node.tagName === 'h2' ? 2 : 3,
          id: node.properties.id,
          text: visibleText(node).replace(/\s+/g, ' ').trim(),
        });
      }
    });
    let summary = '';
    visit(tree, 'element', (node) => {
      if (summary.length >= SUMMARY_CHARS) return SKIP;
      if (node.tagName !== 'p') return undefined;
      const text = visibleText(node).replace(/\s+/g, ' ').trim();
      if (text) summary = summary ? `${summary} ${text}` : text;
      return SKIP;
    });
    const metadata: Metadata = { headings, words, summary: clip(summary, SUMMARY_CHARS) };
    file.data.folioMarkdown = metadata;
  };
};

// ---------------------------------------------------------------------------------------------
// Sanitizer schema
// ---------------------------------------------------------------------------------------------

/**
 * Deliberately narrow: only the elements and attributes that markdown + GFM and the plugins above
 * generate. Elements not listed are unwrapped (their text kept); those in `strip` are removed with
 * their content. No `style`, no event handlers, no `target`/`formaction`, no `data:` URLs.
 */
const MEDIA_SRCSET_ITEM = '\\/_next\\/image\\?url=%2Fmedia%2F[\\w%.-]+&w=\\d+&q=\\d+ \\d+w';
const MEDIA_SRCSET = new RegExp(`^${MEDIA_SRCSET_ITEM}(?:, ${MEDIA_SRCSET_ITEM})*$`);

export const schema: SanitizeSchema = {
  // Word lists, kept packed.
  // prettier-ignore
  tagNames: [
    'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'input',
    'li', 'ol', 'p', 'pre', 'section', 'span', 'strong', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  // prettier-ignore
  strip: [
    'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'button', 'select', 'textarea',
    'svg', 'math', 'template', 'noscript', 'noembed', 'noframes', 'title', 'xmp', 'plaintext', 'base', 'link', 'meta',
  ],
  ancestors: { tbody: ['table'], td: ['table'], th: ['table'], thead: ['table'], tr: ['table'] },
  attributes: {
    a: [
      'href',
      'title',
      ['rel', 'noopener', 'noreferrer'],
      ['className', 'heading-anchor', 'data-footnote-backref'],
      // GFM footnotes (ids are generated with remark-rehype's `user-content-` prefix).
      ['id', /^user-content-fnref-/],
      'dataFootnoteRef',
      'dataFootnoteBackref',
      ['ariaDescribedBy', FOOTNOTE_LABEL_ID],
      ['ariaLabel', /^Back to reference /],
    ],
    img: [
      'src',
      'alt',
      'title',
      ['loading', 'lazy'],
      ['decoding', 'async'],
      // Only the optimizer's versions of Folio's own images (rehypeLinksAndImages sets these).
      ['srcSet', MEDIA_SRCSET],
      ['sizes', BODY_IMAGE_SIZES],
      ['width', /^\d{1,5}$/],
      ['height', /^\d{1,5}$/],
    ],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    h1: ['id'],
    h2: ['id', ['className', 'sr-only']],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    li: [
      ['className', 'task-list-item'],
      ['id', /^user-content-fn-/],
    ],
    ul: [['className', 'contains-task-list']],
    ol: [['className', 'contains-task-list'], 'start'],
    section: ['dataFootnotes', ['className', 'footnotes']],
    pre: [
      ['className', 'code-block', 'shiki'],
      ['tabIndex', 0],
    ],
    code: [['className', /^language-[\w+#.-]+$/]],
    span: [
      ['className', 'sr-only'],
      // Shiki writes `class` (as HTML does) rather than hast's `className` on the spans it makes.
      ['class', 'line', TOKEN_CLASS],
      ['ariaHidden', 'true'],
    ],
    td: [['align', 'left', 'center', 'right']],
    th: [['align', 'left', 'center', 'right']],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  protocols: { href: ['http', 'https', 'mailto'], src: ['http', 'https'] },
  // Ids only come from this pipeline (raw HTML is dropped): heading slugs and footnotes, which
  // remark-rehype already prefixes. Prefixing heading ids again would break `#fragment` links.
  clobber: [],
  clobberPrefix: '',
  allowComments: false,
  allowDoctypes: false,
};

// ---------------------------------------------------------------------------------------------
// Pipeline
// ---------------------------------------------------------------------------------------------

function createProcessor(highlighter: HighlighterCore) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      // No allowDangerousHtml: raw HTML and comments are dropped here (see the header comment).
      .use(remarkRehype)
      .use(rehypeCodeBlocks)
      // The cast only widens the type: @shikijs/rehype declares HighlighterGeneric<any, any>, which a
      // fine-grained HighlighterCore (<never, never>) does not satisfy (shikijs/shiki#985).
      .use(rehypeShikiFromHighlighter, highlighter as Parameters<typeof rehypeShikiFromHighlighter>[0], highlightOptions)
      .use(rehypeSlug)
      .use(rehypeAutolinkHeadings, {
        behavior: 'append',
        properties: { className: ['heading-anchor'] },
        content: anchorContent,
        test: (element: Readonly<Element>) => !isFootnoteLabel(element),
      })
      .use(rehypeLinksAndImages)
      .use(rehypeSanitize, schema)
      .use(rehypeUnwrapDeadLinks)
      .use(rehypeMetadata)
      .use(rehypeStringify)
      .freeze()
  );
}

let processorPromise: Promise<ReturnType<typeof createProcessor>> | undefined;

/** The processor needs the highlighter, so it is built once the highlighter has loaded. */
function getProcessor() {
  processorPromise ??= createHighlighter()
    .then(createProcessor)
    .catch((error: unknown) => {
      processorPromise = undefined; // let the next render retry
      throw error;
    });
  return processorPromise;
}

async function render(markdown: string): Promise<RenderedMarkdown> {
  const file = await (await getProcessor()).process(boundMarkdown(markdown.replace(/\r\n?/g, '\n')));
  const metadata = file.data.folioMarkdown as Metadata | undefined;
  return {
    html: String(file),
    headings: metadata?.headings ?? [],
    words: metadata?.words ?? 0,
    readingMinutes: minutesFor(metadata?.words ?? 0),
    summary: metadata?.summary ?? '',
  };
}

/**
 * Rendering is a pure function of the markdown and costs roughly 5–10 ms per KB (parsing
 * dominates), while post pages render on every request; keep the most recent results. The cache
 * holds promises, so concurrent requests for the same post share one render.
 */
const cache = new LRUCache<string, Promise<RenderedMarkdown>>({ max: 64 });

export async function renderMarkdown(markdown: string): Promise<RenderedMarkdown> {
  let pending = cache.get(markdown);
  if (!pending) {
    const rendering = render(markdown);
    cache.set(markdown, rendering);
    // A failed render is not kept, so the next request tries again.
    rendering.catch(() => {
      if (cache.peek(markdown) === rendering) cache.delete(markdown);
    });
    pending = rendering;
  }
  const result = await pending;
  // Callers get their own copy; the cached value stays intact.
  return { ...result, headings: result.headings.map((heading) => ({ ...heading })) };
}
