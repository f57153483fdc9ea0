import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'amplify/seed/seed.ts'], {
    cwd: root,
    // A clean environment: only what the step itself needs, like Amplify's build.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    encoding: 'utf8',
  });

test('the seed script refuses the production branch without reading anything', () => {
  const empty = mkdtempSync(join(tmpdir(), 'folio-seed-prod-'));
  try {
    const result = run({ AWS_BRANCH: 'main', AMPLIFY_OUTPUTS_FILE: join(empty, 'missing.json') });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('main is the production branch: not seeding.');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}, 60_000);

test('on a preview it goes on to read the outputs (and fails clearly when there are none)', () => {
  const result = run({ AWS_BRANCH: 'pr-7', AWS_PULL_REQUEST_ID: '7', AMPLIFY_OUTPUTS_FILE: '/nonexistent/amplify_outputs.json' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('/nonexistent/amplify_outputs.json');
}, 60_000);
