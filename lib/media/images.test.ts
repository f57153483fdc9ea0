import { COLUMN_WIDTHS, fixedImage, responsiveImage } from './images';

const image = (width: number, height: number) => ({
  url: `/media/us-east-1:0b6c2f44-1111-4c2e-8a8e-3f6f7d0c9a01/${'a'.repeat(32)}-${width}x${height}.jpg`,
  width,
  height,
});
const widthsIn = (srcSet: string) => srcSet.split(', ').map((entry) => Number(/ (\d+)w$/.exec(entry)?.[1]));

test('a column image offers every column width up to the first that covers it, never enlarging further', () => {
  expect(widthsIn(responsiveImage(image(800, 600), '100vw').srcSet)).toEqual([640, 750, 828]);
  expect(widthsIn(responsiveImage(image(500, 500), '100vw').srcSet)).toEqual([640]);
  expect(widthsIn(responsiveImage(image(4000, 3000), '100vw').srcSet)).toEqual([...COLUMN_WIDTHS]);
});

test('only the image above the fold loads eagerly with high priority', () => {
  expect(responsiveImage(image(1600, 900), '100vw', true)).toMatchObject({ loading: 'eager', fetchPriority: 'high', width: 1600, height: 900 });
  expect(responsiveImage(image(1600, 900), '100vw')).toMatchObject({ loading: 'lazy' });
  expect(responsiveImage(image(1600, 900), '100vw')).not.toHaveProperty('fetchPriority');
});

test('a fixed-size image gets 1x and 2x copies from the allowed small widths, keeping its proportions', () => {
  const avatar = fixedImage(image(600, 800), 40);
  expect(avatar.srcSet).toMatch(/&w=48&q=75 1x, .+&w=96&q=75 2x$/);
  expect([avatar.width, avatar.height]).toEqual([40, 53]);
});
