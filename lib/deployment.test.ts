import { deploymentKind, deploymentLabel, pullRequestOf, readDeployment } from './deployment';

import nextConfig from '../next.config';

// next.config.ts decides the X-Robots-Tag header at build time from readDeployment.
async function headerRules() {
  if (!nextConfig.headers) throw new Error('next.config.ts must define headers()');
  return nextConfig.headers();
}

async function robotsHeader(env: Record<string, string>): Promise<string | undefined> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const rules = await headerRules();
    const everyPage = rules.find((rule) => rule.source === '/:path*');
    return everyPage?.headers.find((header) => header.key === 'X-Robots-Tag')?.value;
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('readDeployment', () => {
  it('treats the production branch as the only indexable deployment', () => {
    const production = readDeployment({ AWS_BRANCH: 'main', AWS_COMMIT_ID: 'abcdef1234567', FOLIO_SITE_URL: 'https://folio.example/' });
    expect(production).toMatchObject({ kind: 'production', indexable: true, siteUrl: 'https://folio.example' });
    expect(deploymentLabel(production)).toBeNull();
  });

  it('recognises a pull-request preview by its id or its pr-N branch', () => {
    const preview = readDeployment({
      AWS_BRANCH: 'pr-7',
      AWS_PULL_REQUEST_ID: '7',
      AWS_PULL_REQUEST_SOURCE_BRANCH: 'feature/tags',
      AWS_COMMIT_ID: '0123456789abcdef',
    });
    expect(preview).toMatchObject({ kind: 'preview', pullRequest: 7, indexable: false });
    expect(deploymentLabel(preview)).toBe('Preview of pull request #7 · branch feature/tags · commit 0123456 — not the live site');
    expect(readDeployment({ AWS_BRANCH: 'pr-12' })).toMatchObject({ kind: 'preview', pullRequest: 12 });
  });

  it('labels other branches and honours a configured production branch', () => {
    expect(deploymentLabel(readDeployment({ AWS_BRANCH: 'staging' }))).toBe('Branch deployment: staging — not the live site');
    expect(readDeployment({ AWS_BRANCH: 'live', FOLIO_PRODUCTION_BRANCH: 'live' }).kind).toBe('production');
    expect(readDeployment({ AWS_BRANCH: 'main', FOLIO_PRODUCTION_BRANCH: 'live' }).kind).toBe('branch');
  });

  it('is a local, unindexed run without Amplify variables', () => {
    expect(readDeployment({ PORT: '3100' })).toMatchObject({ kind: 'local', indexable: false, siteUrl: 'http://localhost:3100' });
  });
});

describe('deploymentKind', () => {
  it('is the one rule the app, the build and the backend share', () => {
    expect(deploymentKind(null, null, {})).toBe('local');
    expect(deploymentKind('pr-3', pullRequestOf('pr-3'), {})).toBe('preview');
    expect(deploymentKind('feature', pullRequestOf('feature', '9'), {})).toBe('preview');
    expect(deploymentKind('main', null, {})).toBe('production');
    expect(deploymentKind('main', null, { FOLIO_PRODUCTION_BRANCH: 'live' })).toBe('branch');
    expect(pullRequestOf('pr-x')).toBeNull();
    expect(pullRequestOf('main', 'abc')).toBeNull();
  });
});

/** next.config.ts's header rules as the production branch builds them. */
async function productionHeaderRules() {
  const saved = process.env.AWS_BRANCH;
  process.env.AWS_BRANCH = 'main';
  try {
    return await headerRules();
  } finally {
    if (saved === undefined) delete process.env.AWS_BRANCH;
    else process.env.AWS_BRANCH = saved;
  }
}

describe('next.config.ts X-Robots-Tag', () => {
  it.each([
    [{ AWS_BRANCH: 'main' }, undefined],
    [{ AWS_BRANCH: 'pr-7', AWS_PULL_REQUEST_ID: '7' }, 'noindex, nofollow'],
    [{ AWS_BRANCH: 'staging' }, 'noindex, nofollow'],
    [{ AWS_BRANCH: 'live', FOLIO_PRODUCTION_BRANCH: 'live' }, undefined],
  ])('for %p is %p, matching readDeployment', async (env, expected) => {
    expect(await robotsHeader(env)).toBe(expected);
    expect(readDeployment(env).indexable).toBe(expected === undefined);
  });
});

test('draft previews are never indexed nor cached, even in production', async () => {
  const rules = await productionHeaderRules();
  const preview = rules.find((rule) => rule.source === '/preview/:token*');
  expect(preview?.headers).toEqual(
    expect.arrayContaining([
      { key: 'X-Robots-Tag', value: 'noindex, nofollow' },
      { key: 'Cache-Control', value: 'private, no-store' },
    ]),
  );
});

test('search results pages are never indexed; the search page may be', async () => {
  const rules = await productionHeaderRules();
  const search = rules.filter((rule) => rule.source === '/search');
  expect(search).toEqual([{ source: '/search', has: [{ type: 'query', key: 'q' }], headers: [{ key: 'X-Robots-Tag', value: 'noindex, follow' }] }]);
  const everyPage = rules.find((rule) => rule.source === '/:path*');
  expect(everyPage?.headers.some((header) => header.key === 'X-Robots-Tag')).toBe(false);
});
