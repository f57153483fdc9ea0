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

/**
 * A post's reading time from its markdown, without rendering it: the remark parse behind search
 * (a few ms for a long post) rather than the full render with highlighting, so a listing of ten
 * posts can show every one's. The post page uses the same figure, so a listing and the post agree.
 */
export function readingMinutesOf(markdown: string): number {
  return minutesFor(countWords(markdownToText(markdown, Number.MAX_SAFE_INTEGER / 8)));
}
