import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Avatar } from '../../components/avatar';
import { CommentItem } from '../../components/comments/comment-item';
import { PostSummary } from '../../components/post-summary';
import { renderComment } from '../comments/render';
import { buildRss } from '../feed';
import { renderMarkdown } from '../markdown';
import type { PublicPost } from '../posts';
import { effectiveProtocol, elementsOf, unsafeFindings } from './html-safety';
import { XSS_CORPUS } from './xss-corpus';

/**
 * Every payload of the corpus through every renderer that turns user text into HTML, checked on
 * the tags and attributes a browser would see (./html-safety.ts): no script-capable or
 * page-hijacking element, no `on*` handler, no URL attribute whose scheme (after the URL parser's
 * normalisation) is other than http, https or mailto (relative URLs resolve to https), and no
 * `style` attribute where the renderer allows none (the markdown and comment renderers allow none;
 * the React components' style attributes, if any, may carry no expression, url(), binding or
 * CSS escape). The studio's live preview uses the post renderer, so it is covered with it.
 */
const SITE = 'https://folio.example';

const post = (payload: string): PublicPost => ({
  postId: 'red-team',
  slug: payload,
  title: payload,
  excerpt: payload,
  body: payload,
  tags: [payload],
  coverImage: payload,
  coverAlt: payload,
  authorName: payload,
  authorHandle: payload,
  publishedAt: '2026-01-01T00:00:00.000Z',
  commentCount: 1,
});

interface FeedItem {
  title: unknown;
  description: unknown;
  'content:encoded': unknown;
}

async function feedItem(payload: string): Promise<FeedItem> {
  const xml = await buildRss([post(payload)], SITE, renderMarkdown);
  // A feed that is not well-formed XML is one a reader may repair in any way it likes.
  expect(XMLValidator.validate(xml)).toBe(true);
  return (new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as { rss: { channel: { item: FeedItem } } }).rss.channel.item;
}

interface Renderer {
  render: (payload: string) => string | Promise<string>;
  allowStyle: boolean;
}

const RENDERERS: Record<string, Renderer> = {
  'the post body (lib/markdown.ts)': { render: async (payload) => (await renderMarkdown(payload)).html, allowStyle: false },
  'a comment (lib/comments/render.ts)': { render: renderComment, allowStyle: false },
  'a comment as shown, with its byline (components/comments/comment-item.tsx)': {
    render: (payload) =>
      renderToStaticMarkup(createElement(CommentItem, { authorName: payload, createdAt: '2026-01-01T00:00:00.000Z', html: renderComment(payload) })),
    allowStyle: false,
  },
  'a post summary: title, excerpt, byline, tags, cover, links (components/post-summary.tsx)': {
    render: (payload) => renderToStaticMarkup(createElement(PostSummary, { post: post(payload) })),
    allowStyle: true,
  },
  'an avatar from a profile (components/avatar.tsx)': {
    render: (payload) => renderToStaticMarkup(createElement(Avatar, { url: payload, name: payload, size: 'large' })),
    allowStyle: true,
  },
  "the feed's item content (lib/feed.ts)": { render: async (payload) => String((await feedItem(payload))['content:encoded']), allowStyle: false },
  // RSS readers show an item's title and description as HTML (lib/feed.ts says so too).
  "the feed's item title and description (lib/feed.ts)": {
    render: async (payload) => {
      const item = await feedItem(payload);
      return `${String(item.title)}\n${String(item.description)}`;
    },
    allowStyle: false,
  },
};

const cases = Object.keys(RENDERERS).flatMap((renderer) => Object.entries(XSS_CORPUS).map(([name, payload]) => [renderer, name, payload] as const));

describe('the XSS checker itself (so that a pass below means something)', () => {
  it.each([
    ['<script>alert(1)</script>', /^<script> element$/],
    ['<p><IMG SRC=x OnError=alert(1)></p>', /^onerror handler on <img>$/],
    ['<img/src="x"/onerror=alert(1)>', /^onerror handler on <img>$/],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', /\(javascript:\) on <a>$/],
    ['<a href=" &#106;avascript:alert(1)">x</a>', /\(javascript:\) on <a>$/],
    ['<a href="java&Tab;script&colon;alert(1)">x</a>', /\(javascript:\) on <a>$/],
    ['<img src="data:image/svg+xml,x">', /\(data:\) on <img>$/],
    ['<img srcset="/a.png 1x, javascript:x 2x">', /^srcset="javascript:x" \(javascript:\) on <img>$/],
    ['<p style="color:red">x</p>', /^style="color:red" on <p>$/],
    ['<svg><a xlink:href="javascript:x">y</a></svg>', /^<svg> element$/],
  ])('flags %s', (html, finding) => {
    expect(unsafeFindings(html, { allowStyle: false })).toContainEqual(expect.stringMatching(finding));
  });

  it('reads an unquoted value up to whitespace, as browsers do: `/onerror=` inside it is not an attribute', () => {
    expect(elementsOf('<img/src=x/onerror=alert(1)>')).toEqual([{ name: 'img', attributes: [{ name: 'src', value: 'x/onerror=alert(1)' }] }]);
  });

  it('passes what the renderers are meant to produce', () => {
    const html =
      '<p>Hi &#x3C;script> <a href="https://example.com" rel="noopener">x</a> <a href="/posts/a">y</a> <a href="mailto:a@b.c">z</a> <img src="/media/a.png" alt=""></p><!-- <script> -->';
    expect(unsafeFindings(html, { allowStyle: false })).toEqual([]);
    expect(elementsOf(html).map((tag) => tag.name)).toEqual(['p', 'a', 'a', 'a', 'img']);
    expect(effectiveProtocol('\u0001 java\nscript:x')).toBe('javascript:');
  });
});

describe('[red-team xss] every payload through every renderer of user text', () => {
  it.each(cases)('[red-team xss] %s renders "%s" inert', async (renderer, _name, payload) => {
    const { render, allowStyle } = RENDERERS[renderer]!;
    const html = await render(payload);
    expect(unsafeFindings(html, { allowStyle })).toEqual([]);
  });
});
