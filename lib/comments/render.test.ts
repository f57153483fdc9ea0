import { renderComment } from './render';

describe('renderComment', () => {
  it('renders the reader subset: paragraphs, emphasis, code, quotes, lists and links', () => {
    const html = renderComment('Hello *there* and **you**.\n\n> quoted\n\n- one\n- two\n\n`code` and [a link](https://example.com)');
    expect(html).toContain('<p>Hello <em>there</em> and <strong>you</strong>.</p>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<a href="https://example.com" rel="nofollow ugc noopener noreferrer">a link</a>');
  });

  it('keeps the text of headings but not the heading, and drops images', () => {
    const html = renderComment('# Big\n\n![tracker](https://evil.example/p.gif)');
    expect(html).not.toContain('<h1');
    expect(html).toContain('Big');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example');
  });

  it('never lets script through: raw HTML, javascript: links, event handlers', () => {
    for (const attack of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[click](&#106;avascript:alert(1))',
      '<a href="javascript:alert(1)">x</a>',
      '<svg onload=alert(1)>',
    ]) {
      const html = renderComment(attack);
      expect(html).not.toMatch(/<script|onerror|onload|javascript:|<svg|<img/i);
    }
  });
});
