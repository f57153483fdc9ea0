import { markdownToText } from './search';

/** Words per minute of an adult reading on screen, the figure behind every "min read". */
export const WORDS_PER_MINUTE = 220;

/** Words as a reader counts them: letters or digits, with inner apostrophes, hyphens and marks. */
export function countWords(value: string): number {
  return value.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu)?.length ?? 0;
}

export function minutesFor(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

/** How much of a body the listing estimate parses; the rest is counted at the same words per character. */
export const READING_SAMPLE_CHARS = 20_000;

/**
 * A listing card's reading time, without rendering the post: the words of the body's opening
 * (the remark parse search uses, bounded like search's so a huge or pathological body costs a
 * few milliseconds, not seconds), scaled to the whole body's length. For ordinary posts it is
 * the post page's figure (renderMarkdown counts the rendered text; a test compares them); it can
 * differ by a minute for very long posts or ones whose footnotes add words when rendered.
 */
export function readingMinutesOf(markdown: string): number {
  if (markdown.length <= READING_SAMPLE_CHARS) return minutesFor(countWords(markdownToText(markdown, READING_SAMPLE_CHARS)));
  const sample = markdown.slice(0, READING_SAMPLE_CHARS);
  const words = countWords(markdownToText(sample, READING_SAMPLE_CHARS));
  return minutesFor(Math.round((words * markdown.length) / READING_SAMPLE_CHARS));
}
