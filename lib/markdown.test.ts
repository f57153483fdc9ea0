import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'hast';
import { renderToStaticMarkup } from 'react-dom/server';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { PostBody } from '../components/post-body';
import { renderMarkdown, schema, TOKEN_CLASS, WORDS_PER_MINUTE } from './markdown';
import { capInlineDelimiters, flattenDeepQuotes, MAX_DELIMITERS, MAX_QUOTE_DEPTH } from './markdown-bounds';
import { READING_SAMPLE_CHARS, readingMinutesOf } from './reading-time';
import { markdownToText } from './search';
import { CODE_TOKENS_CSS, codeTokenCss } from './testing/code-token-css';
import { longPostSections } from './testing/markdown-sample';

const html = async (markdown: string) => (await renderMarkdown(markdown)).html;
const words = (count: number) => Array.from({ length: count }, (_, i) => `word${i}`).join(' ');

describe('GFM', () => {
  it('renders tables with alignment', async () => {
    const out = await html('| Name | Qty |\n| :--- | ---: |\n| Apples | 3 |\n| Pears | 10 |');
    expect(out).toContain('<table>');
    expect(out).toContain('<th align="left">Name</th>');
    expect(out).toContain('<th align="right">Qty</th>');
    expect(out).toContain('<td align="left">Apples</td>');
    expect(out).toContain('<td align="right">10</td>');
    expect(out.match(/<tr>/g)).toHaveLength(3);
  });

  it('renders task lists as disabled checkboxes', async () => {
    const out = await html('- [x] written\n- [ ] reviewed\n- plain item');
    expect(out).toContain('<ul class="contains-task-list">');
    expect(out).toContain('<li class="task-list-item"><input type="checkbox" checked disabled> written</li>');
    expect(out).toContain('<li class="task-list-item"><input type="checkbox" disabled> reviewed</li>');
    expect(out).toContain('<li>plain item</li>');
    expect(out).not.toMatch(/<input(?![^>]*disabled)/);
  });

  it('renders strikethrough and autolink literals', async () => {
    const out = await html('~~old~~ see www.example.com, https://example.org/a?b=1 or hello@example.com');
    expect(out).toContain('<del>old</del>');
    expect(out).toContain('<a href="http://www.example.com" rel="noopener noreferrer">www.example.com</a>');
    expect(out).toContain('<a href="https://example.org/a?b=1" rel="noopener noreferrer">https://example.org/a?b=1</a>');
    expect(out).toContain('<a href="mailto:hello@example.com">hello@example.com</a>');
  });

  it('renders footnotes with working fragment links', async () => {
    const out = await html('Claim[^src].\n\n[^src]: The source.');
    expect(out).toContain('href="#user-content-fn-src"');
    expect(out).toContain('id="user-content-fn-src"');
    expect(out).toContain('href="#user-content-fnref-src"');
    expect(out).toContain('id="user-content-fnref-src"');
  });
});

describe('headings', () => {
  const doc = [
    '# Title',
    '## Getting started',
    'Intro.',
    '### Install *it*',
    '#### Too deep for the TOC',
    '## Getting started',
    '## `code` & <b>tags</b>',
  ].join('\n\n');

  it('gives headings ids and an accessible anchor link', async () => {
    const out = await html(doc);
    expect(out).toContain(
      '<h2 id="getting-started">Getting started<a class="heading-anchor" href="#getting-started">' +
        '<span aria-hidden="true">#</span><span class="sr-only">Section titled Getting started</span></a></h2>',
    );
    expect(out).toContain('<h2 id="getting-started-1">'); // duplicates are disambiguated
    expect(out).toContain('<h3 id="install-it">Install <em>it</em><a class="heading-anchor" href="#install-it">');
    expect(out).toContain('<h4 id="too-deep-for-the-toc">');
  });

  it('lists h2/h3 for the table of contents, without anchor text', async () => {
    const { headings } = await renderMarkdown(doc);
    expect(headings).toEqual([
      { depth: 2, id: 'getting-started', text: 'Getting started' },
      { depth: 3, id: 'install-it', text: 'Install it' },
      { depth: 2, id: 'getting-started-1', text: 'Getting started' },
      { depth: 2, id: 'code--tags', text: 'code & tags' },
    ]);
  });

  it('keeps the footnotes label out of the table of contents', async () => {
    const { headings, html: out } = await renderMarkdown('## One\n\nText[^1]\n\n[^1]: Note');
    expect(headings.map((h) => h.id)).toEqual(['one']);
    expect(out).toContain('<h2 class="sr-only" id="footnote-label">Footnotes</h2>');
  });
});

const readCss = (path: string) => readFileSync(join(__dirname, '..', path), 'utf8');
const markdownCss = readCss('app/markdown.css');

describe('code blocks', () => {
  const samples = {
    ts: 'export const pattern = /^\\d+(?:\\.\\d+)?$/u; // digits\nenum Kind { A = 1 }\nclass C<T> extends Base implements I { #x?: T; static readonly y = `a${1}b`; }',
    tsx: 'export function App({ name }: Props) {\n  return <div className="x" onClick={() => void 0}>{name}</div>;\n}',
    js: '/** @param {string} a */\nasync function* f(a = "s", ...rest) { yield await import("./m.js"); }\nnew RegExp("[a-z]\\\\w", "g"); null ?? undefined;',
    jsx: 'const el = <Foo.Bar {...props} data-x="1">text &amp; more</Foo.Bar>;',
    json: '{ "a": [1, 2.5e3, true, null], "b": { "c": "d\\n" } }',
    sh: '#!/bin/sh\nset -eu\nfor f in *.md; do echo "${f%.md}" | grep -q x && exit 1; done # loop\nexport A=$(date +%s)',
    css: '@media (max-width: 40em) { .a > #b:hover::after, [data-x="y"] { color: #fff !important; margin: calc(1px + 2em); } }',
    html: '<!doctype html>\n<a href="/x" class=y>&copy; <b>bold</b></a><script>let x = 1;</script><style>p { color: red }</style>',
    yaml: '# comment\nkey: value\nlist:\n  - 1\n  - "two"\nanchor: &a { x: true }\nref: *a\nblock: |\n  text',
    diff: 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-old\n+new\n context',
    python:
      '@decorator\nasync def f(a: int = 1, *args, **kw) -> str:\n    """Doc."""\n    return f"{a!r:>10}" + r"\\d" if a else None  # comment\nclass X(Base): pass',
  };
  const everyLanguage = Object.entries(samples)
    .map(([lang, code]) => `\`\`\`${lang}\n${code}\n\`\`\``)
    .join('\n\n');

  // Shiki compiles a grammar's patterns as it first meets them, inside the 500 ms each line may take
  // (tokenizeTimeLimit); on a busy machine a line can run out of time in one theme and not the other,
  // giving a colour pair no rule is written for. Warming up first keeps these tests deterministic.
  beforeAll(() => html(`${everyLanguage}\n\n\`\`\`ts\nconst answer: number = 42;\n\`\`\`\n\nWarm-up.`));

  it('highlights known languages with token classes, never inline styles', async () => {
    const out = await html('```ts\nconst answer: number = 42; // "<why>"\n```');
    expect(out).toMatch(/^<pre class="code-block shiki" tabindex="0"><code class="language-ts"><span class="line">/);
    const tokenSpans = [...out.matchAll(/<span class="([^"]+)">([^<]*)<\/span>/g)];
    expect(tokenSpans.length).toBeGreaterThan(3);
    for (const [, name] of tokenSpans) expect(name).toMatch(TOKEN_CLASS);
    // `const` is a keyword: red in github-light, pink in github-dark.
    const keyword = tokenSpans.find(([, , content]) => content === 'const')?.[1] ?? '';
    expect(readCss(CODE_TOKENS_CSS)).toContain(`\n.${keyword} { --shiki-light: #D73A49; --shiki-dark: #F97583; }\n`);
    expect(out).toContain('&#x3C;why>'); // code text is escaped
    expect(out).not.toContain('style=');
  });

  it('resolves language aliases and ignores the case of language names', async () => {
    expect(await html('```sh\necho "$HOME"\n```')).toContain('class="language-sh"');
    expect(await html('```sh\necho "$HOME"\n```')).toMatch(/<span class="tok-/);
    expect(await html('```TS\nlet x = 1\n```')).toMatch(
      /^<pre class="code-block shiki" tabindex="0"><code class="language-ts"><span class="line"><span class="tok-/,
    );
  });

  it('leaves unknown languages and unlabelled blocks plain and escaped', async () => {
    const unknown = await html('```brainfuck\n<script>alert(1)</script> & ++\n```');
    expect(unknown).toBe('<pre class="code-block" tabindex="0"><code class="language-brainfuck">&#x3C;script>alert(1)&#x3C;/script> &#x26; ++\n</code></pre>');
    expect(await html('```\nplain <b>\n```')).toBe('<pre class="code-block" tabindex="0"><code>plain &#x3C;b>\n</code></pre>');
    // Shiki's own plain-text and ANSI "languages" are not highlighted either.
    expect(await html('```text\nplain <b>\n```')).toBe('<pre class="code-block" tabindex="0"><code class="language-text">plain &#x3C;b>\n</code></pre>');
    expect(await html('```ansi\n\u001b[31mred\n```')).toBe('<pre class="code-block" tabindex="0"><code class="language-ansi">\u001b[31mred\n</code></pre>');
  });

  it('leaves blocks over 100,000 characters plain', async () => {
    const out = await html(`\`\`\`ts\n${'let x = 1;\n'.repeat(10_000)}\`\`\``);
    expect(out.startsWith('<pre class="code-block" tabindex="0"><code class="language-ts">let x = 1;\n')).toBe(true);
    expect(out).not.toContain('<span');
  });

  it(`has a current ${CODE_TOKENS_CSS} (run \`npm run css:code-tokens\` if not)`, async () => {
    const css = await codeTokenCss();
    expect(css.split('\n').filter((line) => line.startsWith('.tok-')).length).toBeGreaterThan(20);
    expect(readCss(CODE_TOKENS_CSS)).toBe(css);
  });

  it(`has a rule in ${CODE_TOKENS_CSS} for every class of a post with code in each language`, async () => {
    const out = await html(everyLanguage);
    expect(out.match(/<pre class="code-block shiki"/g)).toHaveLength(Object.keys(samples).length);
    const css = readCss(CODE_TOKENS_CSS);
    const classes = new Set([...out.matchAll(/class="(tok-[0-9a-z]+)"/g)].map(([, name]) => name));
    expect(classes.size).toBeGreaterThan(8);
    expect([...classes].filter((name) => !css.includes(`\n.${name} {`))).toEqual([]);
  });

  it('picks the dark colours from data-theme, or from the system when no theme is chosen', () => {
    const light =
      '.post-body .shiki span { color: var(--shiki-light); font-style: var(--shiki-light-font-style); font-weight: var(--shiki-light-font-weight); text-decoration: var(--shiki-light-text-decoration); }';
    const dark = light.replaceAll('light', 'dark');
    expect(markdownCss).toContain(`\n${light}\n`);
    expect(markdownCss).toContain(`\n:where(:root[data-theme='dark']) ${dark}\n`);
    const media = markdownCss.indexOf('\n@media (prefers-color-scheme: dark) {\n');
    expect(media).toBeGreaterThan(-1);
    expect(markdownCss.indexOf(`\n  :where(:root:not([data-theme='light'])) ${dark}\n`)).toBeGreaterThan(media);
  });
});

describe('code colours', () => {
  /** WCAG 2.x contrast ratio of two #rrggbb colours. */
  function contrast(a: string, b: string): number {
    const luminance = (hex: string) => {
      const [r, g, bl] = [0, 2, 4]
        .map((at) => parseInt(hex.slice(1 + at, 3 + at), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
    };
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high! + 0.05) / (low! + 0.05);
  }

  it('every token colour in both themes reaches WCAG AA (4.5:1) on its code-block background', () => {
    const css = readFileSync(CODE_TOKENS_CSS, 'utf8');
    const backgrounds = { light: '#ffffff', dark: '#24292e' };
    const failing: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const colours = [...css.matchAll(new RegExp(`--shiki-${theme}: (#[0-9a-fA-F]{6})`, 'g'))].map((match) => match[1]!.toLowerCase());
      expect(colours.length).toBeGreaterThan(5);
      for (const colour of new Set(colours)) {
        const ratio = contrast(colour, backgrounds[theme]);
        if (ratio < 4.5) failing.push(`${theme} ${colour} ${ratio.toFixed(2)}`);
      }
    }
    expect(failing).toEqual([]);
  });
});

describe('links and images', () => {
  it('marks absolute http(s) links as external and leaves relative links alone', async () => {
    const out = await html(
      '[a](https://example.com/x) [b](http://example.com) [c](//cdn.example.com/y) [d](/posts/hello) [e](../up) [f](#section) [g](mailto:me@example.com)',
    );
    expect(out).toContain('<a href="https://example.com/x" rel="noopener noreferrer">a</a>');
    expect(out).toContain('<a href="http://example.com" rel="noopener noreferrer">b</a>');
    expect(out).toContain('<a href="//cdn.example.com/y" rel="noopener noreferrer">c</a>');
    expect(out).toContain('<a href="/posts/hello">d</a>');
    expect(out).toContain('<a href="../up">e</a>');
    expect(out).toContain('<a href="#section">f</a>');
    expect(out).toContain('<a href="mailto:me@example.com">g</a>');
    expect(out).not.toContain('target=');
  });

  it('keeps link titles', async () => {
    expect(await html('[a](/x "The title")')).toContain('<a href="/x" title="The title">a</a>');
  });

  it('keeps image alt text, loads the first image at once and lazy-loads the rest', async () => {
    const out = await html('![A red bicycle](/media/bike.jpg "Bike") ![](https://img.example.com/a.png)');
    expect(out).toContain('<img src="/media/bike.jpg" alt="A red bicycle" title="Bike" decoding="async">');
    expect(out).toContain('<img src="https://img.example.com/a.png" alt="" loading="lazy" decoding="async">');
  });

  it('summarises the opening paragraphs in whole words, for a description', async () => {
    const rendered = await renderMarkdown(`## Heading first\n\nShort opening.\n\n${'A sentence with several words in it. '.repeat(8)}\n\nNever reached.`);
    expect(rendered.summary.startsWith('Short opening. A sentence with several words in it.')).toBe(true);
    expect(rendered.summary.length).toBeLessThanOrEqual(160);
    expect(rendered.summary.endsWith('…')).toBe(true);
    expect(rendered.summary).not.toContain('Heading first');
    expect((await renderMarkdown('Just this.')).summary).toBe('Just this.');
  });

  it('draws a Folio image at its recorded size from the optimizer, with a srcset for the reading column', async () => {
    const url = '/media/us-east-1:0b6c2f44-1111-4c2e-8a8e-3f6f7d0c9a01/0123456789abcdef0123456789abcdef-1600x900.jpg';
    const out = await html(`![Harbour at dawn](${url})`);
    const encoded = encodeURIComponent(url);
    // Column widths up to the first that covers the image's 1600 pixels; never wider.
    const widths = [640, 750, 828, 1080, 1200, 1920];
    expect(out).toContain(`src="/_next/image?url=${encoded}&#x26;w=1920&#x26;q=75"`);
    expect(out).toContain(`srcset="${widths.map((width) => `/_next/image?url=${encoded}&#x26;w=${width}&#x26;q=75 ${width}w`).join(', ')}"`);
    expect(out).toContain('sizes="(min-width: 42rem) 42rem, 100vw" width="1600" height="900"');
    expect(out).toContain('alt="Harbour at dawn"');
  });

  it('refuses srcset, sizes and dimensions that the pipeline did not make', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'img',
          properties: { src: '/x.png', alt: 'x', srcSet: 'https://evil.example/a.png 1x', sizes: '1px', width: 'auto', height: '1e9' },
          children: [],
        },
      ],
    };
    const processor = unified().use(rehypeSanitize, schema).use(rehypeStringify);
    expect(processor.stringify(processor.runSync(tree))).toBe('<img src="/x.png" alt="x">');
  });
});

describe('reading time', () => {
  it('is ceil(words / 220), at least one minute', async () => {
    expect(WORDS_PER_MINUTE).toBe(220);
    expect((await renderMarkdown('')).readingMinutes).toBe(1);
    expect((await renderMarkdown(words(220))).readingMinutes).toBe(1);
    expect((await renderMarkdown(words(221))).readingMinutes).toBe(2);
    expect((await renderMarkdown(`## Heading\n\n${words(1098)}`)).readingMinutes).toBe(5); // 1100 words
    expect((await renderMarkdown(`${words(439)}\n\n## Next`)).readingMinutes).toBe(2); // anchors' hidden text is not counted
  });

  it('counts words, not markup', async () => {
    // 4 words: the link URL, emphasis markers and table pipes are not words.
    expect((await renderMarkdown('**one** [two](https://example.com/a/b/c) `three`\n\n| four |\n| - |')).readingMinutes).toBe(1);
    expect((await renderMarkdown(`| ${words(300).split(' ').join(' | ')} |\n${'| - '.repeat(300)}|`)).readingMinutes).toBe(2);
  });
});

describe('sanitization', () => {
  const corpus: Record<string, string> = {
    scriptBlock: '<script>alert(1)</script>',
    scriptInline: 'Hello <script>alert(1)</script> world',
    scriptUpper: '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    imgOnerror: '<img src=x onerror=alert(1)>',
    imgOnerrorInline: 'text <img src=x onerror="alert(1)"> text',
    markdownJsLink: '[x](javascript:alert(1))',
    markdownJsLinkUpper: '[x](JaVaScRiPt:alert(1))',
    markdownJsEntity: '[x](&#106;avascript:alert(1))',
    markdownJsTab: '[x](jav&#x09;ascript:alert(1))',
    markdownJsColonEntity: '[x](javascript&colon;alert(1))',
    markdownJsReference: '[x][r]\n\n[r]: javascript:alert(1)',
    markdownJsImage: '![x](javascript:alert(1))',
    markdownVbscript: '[x](vbscript:msgbox(1))',
    htmlJsTab: '<a href="jav&#x09;ascript:alert(1)">click</a>',
    htmlJsEntity: '<a href="&#106;avascript:alert(1)">click</a>',
    svgOnload: '<svg onload=alert(1)>',
    svgInline: 'x <svg><script>alert(1)</script></svg> y',
    iframe: '<iframe src="https://evil.example"></iframe>',
    iframeInline: 'a <iframe src="javascript:alert(1)"></iframe> b',
    object: '<object data="x.swf"></object><embed src="x.swf">',
    style: '<style>body{display:none}</style>',
    styleAttr: '<div style="position:fixed;inset:0">overlay</div>',
    styleAttrInline: 'a <span style="position:fixed">b</span> c',
    commentBlock: '<!-- x -->',
    commentInline: 'before <!-- x --> after',
    math: '<math><mi>x</mi><annotation-xml encoding="text/html"><script>alert(1)</script></annotation-xml></math>',
    dataLink: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    dataImage: '![x](data:text/html,<script>alert(1)</script>)',
    dataHtml: '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    form: '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    formaction: '<a href="/ok" target="_blank" formaction="javascript:alert(1)">t</a><button formaction="javascript:alert(1)">b</button>',
    templateNoscript: '<template><script>alert(1)</script></template><noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    baseMeta: '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">',
  };
  const forbidden = ['<script', 'onerror', 'onload', 'javascript:', '<iframe', '<style', ' style=', '<svg', '<!--', 'data:text', '<form'];
  const extra = ['<object', '<embed', '<math', '<button', '<template', '<noscript', '<base', '<meta', 'target=', 'formaction', 'vbscript:', '<div'];

  it.each(Object.entries(corpus))('neutralises %s', async (_name, markdown) => {
    const out = await html(markdown);
    for (const needle of [...forbidden, ...extra]) expect(out.toLowerCase()).not.toContain(needle);
    for (const href of out.matchAll(/(?:href|src)="([^"]*)"/g)) expect(href[1]).toMatch(/^(?:https?:|mailto:|\/|\.|#|[\w-]+(?:[/?#]|$))/i);
  });

  it('neutralises the whole corpus in one document', async () => {
    const out = await html(Object.values(corpus).join('\n\n'));
    for (const needle of forbidden) expect(out.toLowerCase()).not.toContain(needle);
    // Refused link URLs leave the text, not a dead <a>.
    expect(out).not.toMatch(/<a(?![^>]*href=)[^>]*>/);
  });

  it('drops raw HTML but keeps the text around it', async () => {
    expect(await html('Hello <b>bold</b> <!-- c --> world')).toBe('<p>Hello bold  world</p>');
    expect(await html('[x](javascript:alert(1))')).toBe('<p>x</p>');
  });

  it('leaves a `<javascript:…>` autolink as inert text', async () => {
    // CommonMark makes this an autolink; the sanitizer removes its href, so only text remains.
    expect(await html('<javascript:alert(1)>')).toBe('<p>javascript:alert(1)</p>');
  });

  // The schema is the final gate for everything the plugins produce. Feed it hostile hast
  // directly, as if raw HTML had got through (or a plugin misbehaved).
  it('schema refuses hostile markup that reaches the sanitizer', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'comment', value: ' x ' },
        {
          type: 'element',
          tagName: 'span',
          properties: { class: ['tok-1itgoe', 'evil'], style: '--shiki-light:red', onClick: 'alert(1)', ariaHidden: 'true' },
          children: [{ type: 'text', value: 'span' }],
        },
        {
          type: 'element',
          tagName: 'a',
          properties: { href: 'javascript:alert(1)', target: '_blank', rel: ['opener', 'noopener'], id: 'location', formAction: 'x' },
          children: [{ type: 'text', value: 'link' }],
        },
        { type: 'element', tagName: 'img', properties: { src: 'data:image/png;base64,AAAA', onError: 'alert(1)', loading: 'eager', alt: 'a' }, children: [] },
        { type: 'element', tagName: 'input', properties: { type: 'text', name: 'password' }, children: [] },
        { type: 'element', tagName: 'pre', properties: { className: ['shiki'], style: 'position:fixed', tabIndex: 5 }, children: [] },
        { type: 'element', tagName: 'script', properties: {}, children: [{ type: 'text', value: 'alert(1)' }] },
        { type: 'element', tagName: 'svg', properties: { onLoad: 'alert(1)' }, children: [{ type: 'text', value: 'svg text' }] },
        { type: 'element', tagName: 'div', properties: { style: 'position:fixed' }, children: [{ type: 'text', value: 'div text' }] },
      ],
    };
    const processor = unified().use(rehypeSanitize, schema).use(rehypeStringify);
    const out = processor.stringify(processor.runSync(tree));
    expect(out).toBe(
      '<span class="tok-1itgoe" aria-hidden="true">span</span>' +
        '<a rel="noopener">link</a>' +
        '<img alt="a">' +
        '<input type="checkbox" disabled>' +
        '<pre class="shiki"></pre>' +
        'div text',
    );
  });
});

describe('PostBody', () => {
  const doc = '## One\n\n### One A\n\n## Two & <b>three</b>\n\nText with <b>html</b>.';

  it('renders sanitized HTML inside .post-body with a table of contents', async () => {
    const out = renderToStaticMarkup(await PostBody({ markdown: doc, showToc: true }));
    expect(out).toContain(
      '<nav aria-label="Contents" class="post-toc"><p class="post-toc-title" aria-hidden="true">Contents</p>' +
        '<ol><li><a href="#one">One</a><ol><li><a href="#one-a">One A</a></li></ol></li><li><a href="#two--three">Two &amp; three</a></li></ol></nav>',
    );
    expect(out).toContain('<div class="post-body"><h2 id="one">');
    expect(out).toContain('<p>Text with html.</p>');
  });

  it('omits the table of contents unless asked and there are 3+ headings', async () => {
    expect(renderToStaticMarkup(await PostBody({ markdown: doc }))).not.toContain('<nav');
    expect(renderToStaticMarkup(await PostBody({ markdown: '## A\n\n## B', showToc: true }))).not.toContain('<nav');
  });
});

describe('cache', () => {
  it('returns equal results, and callers cannot corrupt the cached copy', async () => {
    const markdown = '## A\n\n## B\n\n### C';
    const first = await renderMarkdown(markdown);
    first.headings.pop();
    first.headings[0]!.text = 'changed';
    const second = await renderMarkdown(markdown);
    expect(second.headings).toEqual([
      { depth: 2, id: 'a', text: 'A' },
      { depth: 2, id: 'b', text: 'B' },
      { depth: 3, id: 'c', text: 'C' },
    ]);
    expect(second.html).toBe(first.html);
  });
});

describe('a long post', () => {
  it('renders a 50 KB post with every construct, keeping all its sections and a matching reading time', async () => {
    const sections = longPostSections(50 * 1024);
    const result = await renderMarkdown(sections.join('\n\n'));
    expect(result.headings.map((heading) => heading.text)).toEqual(sections.map((_, i) => `Section ${i}`));
    expect(result.html.match(/<table>/g)).toHaveLength(sections.length);
    expect(result.html.match(/<pre/g)).toHaveLength(sections.length);
    expect(result.readingMinutes).toBe(Math.ceil(result.words / WORDS_PER_MINUTE));
    expect(result.words).toBeGreaterThan(sections.length * 60);
  });
});

describe('reading time without rendering (listings and the post page)', () => {
  it('agrees with the rendered count on prose, headings, lists, links, code and tables', async () => {
    const bodies = [
      '',
      words(220),
      words(221),
      `## Heading\n\n${words(1098)}`,
      `${words(439)}\n\n## Next`,
      '**one** [two](https://example.com/a/b/c) `three`\n\n| four |\n| - |',
      `- ${words(200).split(' ').join('\n- ')}\n\n\`\`\`ts\nconst answer = 42;\n\`\`\`\n\n> ${words(30)}`,
    ];
    for (const body of bodies) expect(readingMinutesOf(body)).toBe((await renderMarkdown(body)).readingMinutes);
  });

  it('reads only the opening of a very long body and scales it, within a minute of the full count', async () => {
    // Prose keeps its words' average length all the way through; 2,000 paragraphs of 12 words.
    const paragraph = 'The river moved the gravel bar again, so the old map lied.';
    const long = Array.from({ length: 2_000 }, () => paragraph).join('\n\n');
    expect(long.length).toBeGreaterThan(READING_SAMPLE_CHARS * 5);
    expect(Math.abs(readingMinutesOf(long) - Math.ceil(24_000 / WORDS_PER_MINUTE))).toBeLessThanOrEqual(1);
  });

  it('reads quotes nested thousands deep at MAX_QUOTE_DEPTH (the parser is quadratic in depth), and still counts their words', () => {
    expect(readingMinutesOf(`${'>'.repeat(20_000)} deep words here`)).toBe(1);
    expect(markdownToText(`${'> '.repeat(40)}deep words here`)).toBe('deep words here');
  });
});

describe('quotes nested deeper than anyone writes', () => {
  it('render at MAX_QUOTE_DEPTH levels with their words, instead of exhausting the stack', async () => {
    const { html } = await renderMarkdown(`${'>'.repeat(5_000)} deep words here\n\nAfter the quote.`);
    expect(html.match(/<blockquote>/g)).toHaveLength(MAX_QUOTE_DEPTH);
    expect(html).toContain('deep words here');
    expect(html).toContain('<p>After the quote.</p>');
  });

  it('leave quotes up to that depth, and everything else, as written', () => {
    const ordinary = `> a quote\n> > a reply\n\n${'> '.repeat(MAX_QUOTE_DEPTH)}at the limit\n\n\`\`\`\n>>> prompt\n\`\`\``;
    expect(flattenDeepQuotes(ordinary)).toBe(ordinary);
    expect(flattenDeepQuotes(`  ${'> '.repeat(MAX_QUOTE_DEPTH + 3)}x`)).toBe(`  ${'> '.repeat(MAX_QUOTE_DEPTH)}x`);
    expect(flattenDeepQuotes(`a\n${'>'.repeat(100)}b\nc`)).toBe(`a\n${'>'.repeat(MAX_QUOTE_DEPTH)}b\nc`);
  });
});

describe('paragraphs with more emphasis, strikethrough or link delimiters than anyone writes', () => {
  it('pair only the first MAX_DELIMITERS of each kind and show the rest as typed', async () => {
    const { html } = await renderMarkdown(`${'*a'.repeat(20_000)}\n\nThe next paragraph.`);
    const emphasised = html.match(/<em>/g)?.length ?? 0;
    expect(emphasised).toBeGreaterThan(0);
    expect(emphasised).toBeLessThanOrEqual(MAX_DELIMITERS / 2);
    expect(html).toContain('*a*a*a');
    expect(html).toContain('<p>The next paragraph.</p>');
  });

  it('leave ordinary paragraphs, other blocks and fenced code as written', () => {
    const stars = `${'*a* '.repeat(MAX_DELIMITERS / 2)}`;
    const code = `\`\`\`\n${'*'.repeat(MAX_DELIMITERS * 2)}\n\`\`\``;
    expect(capInlineDelimiters(`${stars}\n\n${code}\n\n${stars}`)).toBe(`${stars}\n\n${code}\n\n${stars}`);
    const capped = capInlineDelimiters(`~~${'[a] '.repeat(MAX_DELIMITERS + 5)}~~\n\n*kept*`);
    expect(capped.match(/\\\[/g)).toHaveLength(5);
    expect(capped.match(/\\\]/g)).toHaveLength(5);
    expect(capped.endsWith('~~\n\n*kept*')).toBe(true);
  });
});
