import { tagsForPostChange } from './cache-tags';

test('a post change refreshes home, feed, sitemap, search, neighbours and exactly its own post, tag and author pages', () => {
  expect(tagsForPostChange({ slugs: ['new-slug', 'old-slug'], tags: ['books', 'writing', 'books'], authorHandles: ['ann-okafor'] }).sort()).toEqual(
    ['author:ann-okafor', 'feed', 'home', 'neighbours', 'post:new-slug', 'post:old-slug', 'search', 'sitemap', 'tag:books', 'tag:writing'].sort(),
  );
});

test('empty values add no tags', () => {
  expect(tagsForPostChange({ slugs: [''], tags: [], authorHandles: [] }).sort()).toEqual(['feed', 'home', 'neighbours', 'search', 'sitemap']);
});
