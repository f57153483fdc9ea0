// `npm run bench:markdown`: how long the public markdown pipeline takes on a long post — first
// render (highlighter loading included), a warm render of new input, and a cached repeat.
import { performance } from 'node:perf_hooks';
import { renderMarkdown } from '../lib/markdown';
import { longPostSections } from '../lib/testing/markdown-sample';

async function timed(markdown: string) {
  const start = performance.now();
  const result = await renderMarkdown(markdown);
  return { result, ms: performance.now() - start };
}

async function main() {
  for (const kilobytes of [5, 50, 100]) {
    const markdown = longPostSections(kilobytes * 1024).join('\n\n');
    const first = await timed(markdown);
    const warm = await timed(`${markdown}\n\nOne more paragraph.`);
    const cached = await timed(markdown);
    console.log(
      `renderMarkdown ${(markdown.length / 1024).toFixed(0)} KB → ${(first.result.html.length / 1024).toFixed(0)} KB HTML: ` +
        `first ${first.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms, cached ${cached.ms.toFixed(2)} ms`,
    );
  }
}

void main();
