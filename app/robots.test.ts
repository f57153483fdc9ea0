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

// The X-Robots-Tag header rules (search results, previews) are tested with the others in lib/deployment.test.ts.
describe('robots.txt', () => {
  it('keeps crawlers off search results but not off the search page, on the production site', () => {
    const rules = withEnv({ AWS_BRANCH: 'main', FOLIO_SITE_URL: 'https://folio.example' }, () => robots()).rules;
    expect(rules).toEqual({ userAgent: '*', allow: '/', disallow: ['/studio', '/sign-in', '/search?'] });
  });

  it('keeps every crawler off a branch or preview deployment', () => {
    expect(withEnv({ AWS_BRANCH: 'feature-x' }, () => robots()).rules).toEqual({ userAgent: '*', disallow: '/' });
  });
});
