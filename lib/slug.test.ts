import { SLUG_PATTERN, slugify } from './slug';

describe('slugify', () => {
  it('lowercases words and joins them with single hyphens', () => {
    expect(slugify('  Hello,   World! ')).toBe('hello-world');
  });
  it('drops accents and spells out ampersands', () => {
    expect(slugify('Crème brûlée & café')).toBe('creme-brulee-and-cafe');
  });
  it('produces slugs the schema accepts, within the length limit', () => {
    const slug = slugify('A '.repeat(100) + 'very long title', 20);
    expect(slug.length).toBeLessThanOrEqual(20);
    expect(slug).toMatch(SLUG_PATTERN);
  });
  it('returns an empty string when nothing usable is left', () => {
    expect(slugify('!!!')).toBe('');
  });
});
