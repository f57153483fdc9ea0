/**
 * Server-side markdown pipeline for post bodies:
 *
 *   remark-parse → remark-gfm → remark-rehype → syntax highlighting (Shiki) → rehype-slug
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
 *   attribute anywhere: Shiki's colours are emitted as classes (`sl-…`/`sd-…`), resolved by the
 *   fixed palette in app/markdown.css.
 * - URLs: `href` allows http, https, mailto and relative URLs; `src` allows http, https and
 *   relative. Entities are decoded by the markdown parser before the check, so
 *   `&#106;avascript:` is seen as `javascript:` and `jav&#x09;ascript:` as `jav%09ascript:`;
 *   neither is an allowed scheme and the attribute is removed.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeSanitize, { type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { createHighlighterCore, type HighlighterCore, type ThemedTokenWithVariants } from 'shiki/core';
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
import { SKIP, visit } from 'unist-util-visit';

export interface RenderedMarkdown {
  html: string;
  headings: { depth: 2 | 3; id: string; text: string }[];
  /** Words a reader reads (code, tables and link text included; heading anchors not). */
  words: number;
  readingMinutes: number;
}

export const WORDS_PER_MINUTE = 220;

// ---------------------------------------------------------------------------------------------
// Syntax highlighting
// ---------------------------------------------------------------------------------------------

const LIGHT_THEME = 'github-light';
const DARK_THEME = 'github-dark';
/** Code blocks longer than this are shown plain: highlighting cost grows with size. */
const MAX_HIGHLIGHT_CHARS = 100_000;

/**
 * Token classes: `sl-<hex>` / `sd-<hex>` colour a token in the light / dark theme;
 * `fl-<i|b|u|s>` / `fd-<i|b|u|s>` give italic, bold, underline or strikethrough per theme.
 * The sanitizer allows exactly these shapes on `span`, nothing else.
 */
export const TOKEN_CLASS = /^(?:s[ld]-[0-9a-f]{3,8}|f[ld]-[ibus])$/;

let highlighterPromise: Promise<HighlighterCore> | undefined;

/**
 * One highlighter per server process. The JavaScript regex engine avoids loading WebAssembly,
 * and only the fixed languages and themes below are loaded.
 */
function getHighlighter(): Promise<HighlighterCore> {
  highlighterPromise ??= createHighlighterCore({
    themes: [themeLight, themeDark],
    langs: [langTypescript, langTsx, langJavascript, langJsx, langJson, langShell, langCss, langHtml, langYaml, langDiff, langPython],
    engine: createJavaScriptRegexEngine(),
  }).catch((error: unknown) => {
    highlighterPromise = undefined; // let the next render retry
    throw error;
  });
  return highlighterPromise;
}

function hex(color: string | undefined): string | undefined {
  const value = color?.trim().toLowerCase().replace(/^#/, '');
  return value && /^[0-9a-f]{3,8}$/.test(value) ? value : undefined;
}

const FONT_STYLES: [bit: number, letter: string][] = [
  [1, 'i'], // italic
  [2, 'b'], // bold
  [4, 'u'], // underline
  [8, 's'], // strikethrough
];

function tokenClasses(token: ThemedTokenWithVariants, defaults: { light?: string; dark?: string }): string[] {
  const classes: string[] = [];
  for (const [variant, prefix, fallback] of [
    ['light', 'l', defaults.light],
    ['dark', 'd', defaults.dark],
  ] as const) {
    const style = token.variants[variant];
    if (!style) continue;
    const color = hex(style.color);
    // The theme's default foreground is inherited from the <pre>; no class needed.
    if (color && color !== fallback) classes.push(`s${prefix}-${color}`);
    const fontStyle = style.fontStyle ?? 0;
    for (const [bit, letter] of FONT_STYLES) {
      if (fontStyle > 0 && (fontStyle & bit) !== 0) classes.push(`f${prefix}-${letter}`);
    }
  }
  return classes;
}

function text(value: string): Text {
  return { type: 'text', value };
}

function highlightedLines(highlighter: HighlighterCore, code: string, lang: string): ElementContent[] {
  const lines = highlighter.codeToTokensWithThemes(code, {
    lang,
    themes: { light: LIGHT_THEME, dark: DARK_THEME },
    tokenizeMaxLineLength: 2_000,
    tokenizeTimeLimit: 500,
  });
  const defaults = { light: hex(highlighter.getTheme(LIGHT_THEME).fg), dark: hex(highlighter.getTheme(DARK_THEME).fg) };
  const out: ElementContent[] = [];
  lines.forEach((tokens, index) => {
    if (index > 0) out.push(text('\n'));
    const children: ElementContent[] = [];
    let previousKey: string | undefined;
    for (const token of tokens) {
      const classes = tokenClasses(token, defaults);
      const key = classes.join(' ');
      const last = children[children.length - 1];
      // Merge neighbours with identical styling to keep the HTML small.
      if (last && previousKey === key) {
        const target = last.type === 'element' ? last.children[0] : last;
        if (target && target.type === 'text') {
          target.value += token.content;
          continue;
        }
      }
      children.push(
        classes.length > 0 ? { type: 'element', tagName: 'span', properties: { className: classes }, children: [text(token.content)] } : text(token.content),
      );
      previousKey = key;
    }
    out.push({ type: 'element', tagName: 'span', properties: { className: ['line'] }, children });
  });
  return out;
}

function codeLanguage(code: Element): string | undefined {
  const className = code.properties.className;
  const classes = Array.isArray(className) ? className : [];
  for (const name of classes) {
    if (typeof name === 'string' && name.startsWith('language-')) return name.slice('language-'.length).toLowerCase();
  }
  return undefined;
}

/**
 * Replaces every fenced code block (`pre > code`) with Shiki-highlighted markup when its language
 * is one we load; any other block stays plain (its text is escaped by the serializer). Every block
 * becomes `<pre class="code-block" tabindex="0">` so keyboard users can scroll wide code.
 */
const rehypeHighlight: Plugin<[], Root> = function () {
  return async (tree) => {
    const blocks: { pre: Element; code: Element }[] = [];
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'pre') return;
      const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      if (code) blocks.push({ pre: node, code });
      return SKIP;
    });
    if (blocks.length === 0) return;

    const highlighter = await getHighlighter();
    const loaded = new Set(highlighter.getLoadedLanguages());
    for (const { pre, code } of blocks) {
      const lang = codeLanguage(code);
      const source = hastToString(code).replace(/\n$/, '');
      const highlight = lang !== undefined && loaded.has(lang) && source.length <= MAX_HIGHLIGHT_CHARS;
      pre.properties = { className: highlight ? ['code-block', 'shiki'] : ['code-block'], tabIndex: 0 };
      if (highlight) {
        code.children = highlightedLines(highlighter, source, lang);
        code.properties = { className: [`language-${lang}`] };
      }
    }
  };
};

// ---------------------------------------------------------------------------------------------
// Links, images, headings
// ---------------------------------------------------------------------------------------------

/** Any absolute http(s) URL, including protocol-relative `//host/…`, counts as external. */
const EXTERNAL_URL = /^(?:https?:)?\/\//i;

const rehypeLinksAndImages: Plugin<[], Root> = function () {
  return (tree) => {
    visit(tree, 'element', (node) => {
      if (node.tagName === 'a') {
        const href = node.properties.href;
        if (typeof href === 'string' && EXTERNAL_URL.test(href.trim())) node.properties.rel = ['noopener', 'noreferrer'];
      } else if (node.tagName === 'img') {
        node.properties.loading = 'lazy';
        node.properties.decoding = 'async';
        if (typeof node.properties.alt !== 'string') node.properties.alt = ''; // always present, even if empty
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
    const metadata: Metadata = { headings, words };
    file.data.folioMarkdown = metadata;
  };
};

function countWords(value: string): number {
  return value.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu)?.length ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Sanitizer schema
// ---------------------------------------------------------------------------------------------

/**
 * Deliberately narrow: only the elements and attributes that markdown + GFM and the plugins above
 * generate. Elements not listed are unwrapped (their text kept); those in `strip` are removed with
 * their content. No `style`, no event handlers, no `target`/`formaction`, no `data:` URLs.
 */
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
    img: ['src', 'alt', 'title', ['loading', 'lazy'], ['decoding', 'async']],
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
      ['className', 'line', 'sr-only', TOKEN_CLASS],
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

function createProcessor() {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      // No allowDangerousHtml: raw HTML and comments are dropped here (see the header comment).
      .use(remarkRehype)
      .use(rehypeHighlight)
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

let processor: ReturnType<typeof createProcessor> | undefined;

function getProcessor() {
  processor ??= createProcessor();
  return processor;
}

async function render(markdown: string): Promise<RenderedMarkdown> {
  const file = await getProcessor().process(markdown.replace(/\r\n?/g, '\n'));
  const metadata = file.data.folioMarkdown as Metadata | undefined;
  return {
    html: String(file),
    headings: metadata?.headings ?? [],
    words: metadata?.words ?? 0,
    readingMinutes: Math.max(1, Math.ceil((metadata?.words ?? 0) / WORDS_PER_MINUTE)),
  };
}

/**
 * Rendering is a pure function of the markdown and costs roughly 5–10 ms per KB (parsing
 * dominates), while post pages render on every request; keep the most recent results.
 */
const CACHE_SIZE = 64;
const cache = new Map<string, Promise<RenderedMarkdown>>();

export async function renderMarkdown(markdown: string): Promise<RenderedMarkdown> {
  let pending = cache.get(markdown);
  if (pending) {
    cache.delete(markdown); // re-insert: most recently used last
  } else {
    pending = render(markdown);
    pending.catch(() => cache.delete(markdown));
  }
  cache.set(markdown, pending);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  const result = await pending;
  // Callers get their own copy; the cached value stays intact.
  return { ...result, headings: result.headings.map((heading) => ({ ...heading })) };
}

/**
 * Every token class the highlighter can emit for the two themes (colours other than each theme's
 * default foreground, plus font styles). The test suite checks app/markdown.css defines them all,
 * so a theme upgrade that introduces a colour cannot silently render it uncoloured.
 */
export async function syntaxTokenClasses(): Promise<string[]> {
  const highlighter = await getHighlighter();
  const classes = new Set<string>();
  for (const [name, prefix] of [
    [LIGHT_THEME, 'l'],
    [DARK_THEME, 'd'],
  ] as const) {
    const theme = highlighter.getTheme(name);
    const fg = hex(theme.fg);
    for (const setting of theme.settings) {
      const color = hex(setting.settings?.foreground);
      if (color && color !== fg) classes.add(`s${prefix}-${color}`);
    }
    for (const [, letter] of FONT_STYLES) classes.add(`f${prefix}-${letter}`);
  }
  return [...classes].sort();
}
