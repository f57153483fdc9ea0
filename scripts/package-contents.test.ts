import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm pack` puts in the amplify-offline tarball another app installs: the CLI, the client
 * and server helpers and the sources, nothing of its tests or of Folio. (The package's own
 * `npm run contract` installs that tarball into a fresh app and runs it.)
 */
const packageDir = join(__dirname, '..', 'packages', 'amplify-offline');

interface PackEntry {
  files: { path: string }[];
}

const packed = (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' })) as PackEntry[])[0];
const paths = (packed?.files ?? []).map((file) => file.path).sort();

test('holds the bin, both helpers with their declarations, the sources and the README, and no tests or contract app', () => {
  expect(paths).toEqual(
    expect.arrayContaining([
      'README.md',
      'bin/amplify-offline.js',
      'client/index.d.ts',
      'client/index.js',
      'package.json',
      'server/index.d.ts',
      'server/index.js',
      'src/cli.ts',
      'src/index.ts',
    ]),
  );
  expect(paths.filter((path) => !/^(README\.md|package\.json|bin\/|client\/|server\/|src\/)/.test(path))).toEqual([]);
});

test('names nothing of Folio, the app it was developed in', () => {
  const mentions = paths.filter((path) => /folio/i.test(readFileSync(join(packageDir, path), 'utf8')));
  expect(mentions).toEqual([]);
});

test('declares the app-side packages as peers, and graphql 15 among them so that one graphql serves synthesis', () => {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
    engines: { node: string };
  };
  expect(Object.keys(manifest.peerDependencies).sort()).toEqual([
    '@aws-amplify/backend',
    '@aws-amplify/backend-cli',
    'aws-amplify',
    'aws-cdk-lib',
    'constructs',
    'graphql',
  ]);
  expect(manifest.peerDependencies.graphql).toMatch(/^\^15\./);
  expect(manifest.engines.node).toBe('>=22');
});
