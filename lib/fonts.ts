import localFont from 'next/font/local';

/**
 * Literata, a typeface designed for long reading on screens (OFL), served from this site: the
 * files come from the @fontsource-variable package at build time, so no page asks another host
 * for a font. One variable file (≈ 52 kB, Latin) covers every weight. next/font preloads it and
 * sizes the fallback serif to match, so the swap moves no text.
 */
export const readingFont = localFont({
  src: '../node_modules/@fontsource-variable/literata/files/literata-latin-wght-normal.woff2',
  weight: '200 900',
  style: 'normal',
  display: 'swap',
  variable: '--font-reading',
  fallback: ['Georgia', 'Cambria', 'Times New Roman', 'serif'],
  adjustFontFallback: 'Times New Roman',
});

/**
 * The italic as its own family, not preloaded: most pages show little or no italic text, and the
 * browser fetches this file only when some appears (em, cite, blockquote in a post).
 */
export const readingItalic = localFont({
  src: '../node_modules/@fontsource-variable/literata/files/literata-latin-wght-italic.woff2',
  weight: '200 900',
  style: 'italic',
  display: 'swap',
  preload: false,
  variable: '--font-reading-italic',
  fallback: ['Georgia', 'serif'],
  adjustFontFallback: 'Times New Roman',
});
