import { unusedImages } from './cleanup';

const me = 'us-east-1:0b6c2f44-1111-4c2e-8a8e-3f6f7d0c9a01';
const name = (n: number) => `${String(n).repeat(32).slice(0, 32)}-800x600.jpg`;
const path = (n: number) => `media/${me}/${name(n)}`;
const day = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-11-26T12:00:00Z');
const stored = (n: number, ageMs: number) => ({ path: path(n), lastModified: new Date(now - ageMs) });

test('an old image that no text names is unused; a named or recent one is kept', () => {
  const items = [stored(1, 2 * day), stored(2, 2 * day), stored(3, 2 * day), stored(4, 60_000), { path: path(5) }];
  const texts = [
    `Intro\n\n![Harbour](/${path(1)})\n\nMore.`, // in a body
    `/${path(2)}`, // a cover or an avatar field
    '',
  ];
  expect(unusedImages(items, texts, day, now)).toEqual([path(3)]);
});

test('a URL that merely starts like a stored image does not keep it', () => {
  const items = [stored(6, 2 * day)];
  expect(unusedImages(items, [`/${path(6).replace('.jpg', '.png')}`], day, now)).toEqual([path(6)]);
});
