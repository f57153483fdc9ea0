import { createHighlighterCore } from 'shiki/core';
import { renderMarkdown } from './markdown';

// The real highlighter, behind a mock so that a test can make its creation fail once.
jest.mock('shiki/core', () => {
  const actual = jest.requireActual<typeof import('shiki/core')>('shiki/core');
  return { ...actual, createHighlighterCore: jest.fn(actual.createHighlighterCore) };
});
const createHighlighter = jest.mocked(createHighlighterCore);

describe('renderMarkdown cache', () => {
  it('does not keep a failed render: the next call renders again, with a new highlighter', async () => {
    createHighlighter.mockRejectedValueOnce(new Error('highlighter failed to load'));
    const markdown = '```ts\nconst x = 1;\n```';
    await expect(renderMarkdown(markdown)).rejects.toThrow('highlighter failed to load');
    const retried = await renderMarkdown(markdown);
    expect(retried.html).toContain('<pre class="code-block shiki"');
    expect(createHighlighter).toHaveBeenCalledTimes(2);
  });

  it('shares one render between concurrent callers, each getting its own copy', async () => {
    const markdown = '## One\n\n## Two';
    const [first, second] = await Promise.all([renderMarkdown(markdown), renderMarkdown(markdown)]);
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
    expect(first.headings[0]).not.toBe(second.headings[0]);
  });
});
