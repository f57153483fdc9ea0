import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from './safe-next';

describe('safeNextPath', () => {
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
});
