import nextConfig from '../next.config';
import robots from './robots';

function withEnv<T>(env: Record<string, string>, run: () => T): T {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return run();
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('what search engines may list', () => {
  it('keeps crawlers off search results but not off the search page, on the production site', () => {
    const rules = withEnv({ AWS_BRANCH: 'main', FOLIO_SITE_URL: 'https://folio.example' }, () => robots()).rules;
    expect(rules).toEqual({ userAgent: '*', allow: '/', disallow: ['/studio', '/sign-in', '/search?'] });
  });

  it('keeps every crawler off a branch or preview deployment', () => {
    expect(withEnv({ AWS_BRANCH: 'feature-x' }, () => robots()).rules).toEqual({ userAgent: '*', disallow: '/' });
  });

  it('sends noindex with every search results page, and only with those', async () => {
    const headers = nextConfig.headers;
    if (!headers) throw new Error('next.config.ts must define headers()');
    const rules = await withEnv({ AWS_BRANCH: 'main' }, () => headers());
    const robotsRules = rules.filter((rule) => rule.headers.some((header) => header.key === 'X-Robots-Tag'));
    expect(robotsRules).toEqual([
      { source: '/search', has: [{ type: 'query', key: 'q' }], headers: [{ key: 'X-Robots-Tag', value: 'noindex, follow' }] },
      expect.objectContaining({ source: '/preview/:token*' }),
    ]);
  });
});
