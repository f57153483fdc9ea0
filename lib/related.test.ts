import { rankRelated, type TagIndexEntry } from './related';
import { shareLinks } from './share';

const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
const entries = (...items: [string, number][]): TagIndexEntry[] => items.map(([slug, day]) => ({ slug, publishedAt: at(day) }));

describe('rankRelated', () => {
  it('puts the posts sharing most tags first, the newer first among equals, and never the post itself', () => {
    const ranked = rankRelated(
      'self',
      new Map([
        ['garden', entries(['self', 9], ['roses', 8], ['bees', 5], ['soil', 3])],
        ['summer', entries(['self', 9], ['bees', 5], ['picnic', 7])],
        ['flowers', entries(['self', 9], ['bees', 5], ['roses', 8])],
      ]),
    );
    expect(ranked.map((candidate) => [candidate.slug, candidate.sharedTags])).toEqual([
      ['bees', 3],
      ['roses', 2],
      ['picnic', 1],
      ['soil', 1],
    ]);
  });

  it('counts a post once per tag even if the index lists it twice', () => {
    const ranked = rankRelated('self', new Map([['garden', entries(['roses', 8], ['roses', 8])]]));
    expect(ranked).toEqual([{ slug: 'roses', sharedTags: 1, publishedAt: at(8) }]);
  });

  it('finds nothing for a post without tags or whose tags hold only itself', () => {
    expect(rankRelated('self', new Map())).toEqual([]);
    expect(rankRelated('self', new Map([['solo', entries(['self', 1])]]))).toEqual([]);
  });
});

describe('shareLinks', () => {
  it('links to each network with the address and title encoded, and loads nothing itself', () => {
    const links = shareLinks('https://folio.example/posts/a-b?x=1', 'Roses & "bees"');
    expect(links.map((link) => link.name)).toEqual(['bluesky', 'facebook', 'linkedin', 'x', 'email']);
    for (const link of links) {
      expect(link.href).toMatch(/^(https:\/\/|mailto:\?)/);
      const target = new URL(link.href);
      // The post's address survives the round trip through the query string intact.
      expect([...target.searchParams.values()].join(' ')).toContain('https://folio.example/posts/a-b?x=1');
    }
    expect(new URL(links[0]!.href).searchParams.get('text')).toBe('Roses & "bees" https://folio.example/posts/a-b?x=1');
    expect(new URL(links[3]!.href).searchParams.get('text')).toBe('Roses & "bees"');
  });
});
