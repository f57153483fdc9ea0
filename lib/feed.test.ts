import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildRss } from './feed';
import { renderMarkdown } from './markdown';
import type { PublicPost } from './posts';

const post = (overrides: Partial<PublicPost>): PublicPost => ({
  postId: 'p1',
  commentCount: 0,
  slug: 'cdata',
  title: 'A title',
  excerpt: 'An excerpt',
  body: 'A body.',
  tags: ['code'],
  coverImage: '',
  coverAlt: '',
  authorName: 'Ann Okafor',
  authorHandle: 'ann-okafor',
  publishedAt: '2026-11-01T10:00:00.000Z',
  ...overrides,
});

describe('the RSS feed', () => {
  it('stays well-formed XML whatever the text holds: several ]]> in body, title, excerpt and byline, ampersands and angle brackets', async () => {
    const hostile = 'x ]]> y ]]> z & <b>bold</b> ]]>';
    const xml = await buildRss(
      [post({ title: hostile, excerpt: hostile, authorName: `Ann ${hostile}`, body: `Code: \`a[b[c]]>d\`\n\n    ]]> in a block ]]>\n\n${hostile}` })],
      'https://blog.example',
      renderMarkdown,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const item = (
      new XMLParser({ ignoreAttributes: false }).parse(xml) as { rss: { channel: { item: { title: string; description: string; 'content:encoded': string } } } }
    ).rss.channel.item;
    // Readers read these as HTML: the escaped text shows exactly as the author typed it, tags included.
    expect(item.title).toBe('x ]]&gt; y ]]&gt; z &amp; &lt;b&gt;bold&lt;/b&gt; ]]&gt;');
    expect(item.description).toBe(item.title);
    expect(item['content:encoded']).toContain('a[b[c]]&gt;d');
    expect(item['content:encoded']).not.toContain(']]>');
  });

  it('makes links inside posts absolute to the site', async () => {
    const xml = await buildRss([post({ body: '[next](/posts/next)' })], 'https://blog.example', renderMarkdown);
    expect(xml).toContain('href="https://blog.example/posts/next"');
  });
});
