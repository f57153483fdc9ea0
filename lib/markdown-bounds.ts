/**
 * Limits applied to a body before the markdown parser sees it, so that no text an author can save
 * makes the server's one thread spend seconds parsing. Both are far past what any writer uses.
 *
 * - Blockquotes: remark (micromark) checks every open container on every line, so a line of
 *   thousands of `>` costs time quadratic in their number (2,000 took ~0.65 s to render here, and
 *   the HTML serialiser ran out of stack first). Quotes deeper than MAX_QUOTE_DEPTH are read at
 *   that depth.
 * - Inline delimiters: pairing emphasis, strikethrough and link brackets is quadratic in how many
 *   of them one paragraph holds (20,000 characters of `*a` took 2.2 s to parse, `~a` 1.1 s, `[a]`
 *   0.66 s; a 100,000-character body would take about a minute). Past MAX_DELIMITERS of one kind
 *   in a block, the rest are escaped and show as the characters they are.
 */
export const MAX_QUOTE_DEPTH = 32;
export const MAX_DELIMITERS = 1000;

const TOO_DEEP = new RegExp(`^([ \\t]*(?:>[ \\t]*){${MAX_QUOTE_DEPTH}})(?:>[ \\t]*)+`, 'gm');
const DELIMITERS = ['*', '~', '[', ']'] as const;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The markdown with every line's blockquote markers past MAX_QUOTE_DEPTH removed; linear time. */
export function flattenDeepQuotes(markdown: string): string {
  return markdown.replace(TOO_DEEP, '$1');
}

/** How many times `character` occurs in `text`, counted without allocating. */
function occurrences(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at !== -1; at = text.indexOf(character, at + 1)) count++;
  return count;
}

/** Escapes each delimiter past the first MAX_DELIMITERS of its kind in `block`; unchanged if none are. */
function capBlock(block: string): string {
  let out = block;
  for (const delimiter of DELIMITERS) {
    let seen = 0;
    if (occurrences(out, delimiter) <= MAX_DELIMITERS) continue;
    out = out.replace(/\\?[*~[\]]/g, (match) => {
      if (match.length === 2 || match !== delimiter) return match; // already escaped, or another kind
      seen += 1;
      return seen > MAX_DELIMITERS ? `\\${match}` : match;
    });
  }
  return out;
}

/**
 * The markdown with inline delimiters capped per block (text between blank lines), linear in its
 * length. Fenced code is left alone: the parser does not pair delimiters there.
 */
export function capInlineDelimiters(markdown: string): string {
  if (!DELIMITERS.some((delimiter) => occurrences(markdown, delimiter) > MAX_DELIMITERS)) return markdown;
  const out: string[] = [];
  let block: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    if (block.length > 0) out.push(capBlock(block.join('\n')));
    block = [];
  };
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (marker) {
      flush();
      out.push(line);
      fence = marker;
    } else if (line.trim() === '') {
      flush();
      out.push(line);
    } else {
      block.push(line);
    }
  }
  flush();
  return out.join('\n');
}

/** Both limits, as the renderer and the search index apply them. */
export function boundMarkdown(markdown: string): string {
  return capInlineDelimiters(flattenDeepQuotes(markdown));
}
