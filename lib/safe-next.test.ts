import fc from 'fast-check';
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from './safe-next';

describe('[red-team sessions] safeNextPath', () => {
  it.each(['/studio', '/studio/posts/1?tab=2', '/studio#top'])('keeps the same-site path %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });
  it.each([
    'https://evil.example',
    '//evil.example/studio',
    '/\\evil.example',
    'javascript:alert(1)',
    'studio',
    '/studio\nSet-Cookie: x=1',
    '',
    null,
    undefined,
  ])('falls back to the studio for %p', (path) => {
    expect(safeNextPath(path)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
  it('normalises dot segments without leaving the site', () => {
    expect(safeNextPath('/studio/../../etc')).toBe('/etc');
  });
  it.each(['/.//evil.com', '/..//evil.com', '/studio/..//evil.com', '/%2e//evil.com', '/%2e%2e//evil.com', '/%2E%2E//evil.com/x', '/./\\evil.com'])(
    'never lets a path that normalises to //host through: %p',
    (path) => {
      expect(safeNextPath(path)).toBe(DEFAULT_AFTER_SIGN_IN);
    },
  );
});

describe('[red-team sessions] safeNextPath, over generated paths', () => {
  const SITE = 'https://folio.example';
  // Paths assembled from the pieces open redirects are made of: slashes, dots and their encodings, hosts, schemes.
  const piece = fc.constantFrom(
    '/',
    '//',
    '.',
    '..',
    '%2e',
    '%2E',
    '%2f',
    '%5c',
    '\\',
    'evil.com',
    '@',
    ':',
    'https:',
    '?',
    '#',
    'studio',
    'posts',
    '%09',
    ' ',
    '\t',
    '~',
  );
  const path = fc.array(piece, { maxLength: 10 }).map((pieces) => `/${pieces.join('')}`);
  const anything = fc.oneof(path, fc.string(), fc.webUrl(), fc.webPath());

  it('always answers a same-site path that a browser resolves on this site', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const result = safeNextPath(input);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result.includes('\\')).toBe(false);
        expect(new URL(result, SITE).origin).toBe(SITE);
      }),
      { numRuns: 5_000 },
    );
  });

  it('is stable: what it answers, it answers again unchanged', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const result = safeNextPath(input);
        expect(safeNextPath(result)).toBe(result);
      }),
      { numRuns: 2_000 },
    );
  });
});
