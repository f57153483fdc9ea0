import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

/**
 * What a browser would make of a renderer's HTML, as far as script is concerned: every element it
 * would create, in document order, with its attributes as the browser would read them. parse5 is
 * the HTML standard's parsing algorithm (tokenizer and tree construction, character references,
 * foreign content), as rehype and jsdom use it, so the checks see what Chromium would build.
 */
export interface HtmlElement {
  name: string;
  /** Namespaced attributes keep their prefix (`xlink:href`). */
  attributes: { name: string; value: string }[];
}

type Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['documentFragment'];

export function elementsOf(html: string): HtmlElement[] {
  const found: HtmlElement[] = [];
  const visit = (node: Node) => {
    if ('tagName' in node) {
      found.push({
        name: node.tagName,
        attributes: node.attrs.map((attr) => ({ name: attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name, value: attr.value })),
      });
      // A <template>'s children live in its content fragment.
      if (node.tagName === 'template' && 'content' in node) visit(node.content);
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
  };
  visit(parseFragment(html));
  return found;
}

/** Elements that run or load script, change where the page's URLs or forms go, or switch the parser into raw text. */
// prettier-ignore
export const FORBIDDEN_ELEMENTS = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'button',
  'style', 'svg', 'math', 'template', 'noscript', 'noembed', 'noframes', 'textarea', 'title', 'xmp', 'plaintext', 'portal',
];

/** Attributes a browser reads as a URL (srcset as a list of them). */
// prettier-ignore
const URL_ATTRIBUTES = [
  'href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'cite', 'ping', 'codebase',
  'lowsrc', 'dynsrc', 'longdesc', 'manifest', 'icon', 'usemap', 'profile', 'classid', 'archive',
];

const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:'];

/**
 * The scheme a browser would use for a URL attribute: parsed as the WHATWG URL parser does
 * (leading and trailing controls and spaces dropped, tabs and newlines removed anywhere, scheme
 * lower-cased), against an https base so relative URLs resolve to https. Null: not a URL a browser
 * could follow.
 */
export function effectiveProtocol(value: string): string | null {
  try {
    return new URL(value, 'https://folio.example/posts/a-post').protocol;
  } catch {
    return null;
  }
}

/** CSS that can run script or fetch (old IE expressions and behaviours, Firefox bindings, imports, url()). */
const DANGEROUS_STYLE = /expression\s*\(|url\s*\(|javascript:|behaviou?r\s*:|-moz-binding|@import|\\/i;

export interface SafetyOptions {
  /** Whether a `style` attribute may appear at all (its value is still checked). */
  allowStyle: boolean;
}

/** Every way the HTML could run script or send the reader elsewhere unasked, as readable findings; [] when none. */
export function unsafeFindings(html: string, { allowStyle }: SafetyOptions): string[] {
  const findings: string[] = [];
  for (const tag of elementsOf(html)) {
    if (FORBIDDEN_ELEMENTS.includes(tag.name)) findings.push(`<${tag.name}> element`);
    for (const { name, value } of tag.attributes) {
      if (name.startsWith('on')) findings.push(`${name} handler on <${tag.name}>`);
      if (name === 'style' && (!allowStyle || DANGEROUS_STYLE.test(value))) findings.push(`style="${value}" on <${tag.name}>`);
      if (name === 'srcdoc') findings.push(`srcdoc on <${tag.name}>`);
      const urls =
        name === 'srcset' || name === 'imagesrcset'
          ? value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
          : URL_ATTRIBUTES.includes(name)
            ? [value]
            : [];
      for (const url of urls) {
        const protocol = effectiveProtocol(url);
        if (protocol !== null && !SAFE_PROTOCOLS.includes(protocol)) findings.push(`${name}="${url.slice(0, 60)}" (${protocol}) on <${tag.name}>`);
      }
    }
  }
  return findings;
}
