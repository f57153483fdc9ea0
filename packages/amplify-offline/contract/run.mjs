#!/usr/bin/env node
// @ts-check
// The package's contract, end to end, as another app meets it: pack the package, install the
// tarball into a fresh copy of a small Gen 2 app (./app: an owner-only Todo and an API-key Note)
// next to the app's own peers from the npm registry, run `npx amplify-offline start` there, and
// run the app's journey with the unchanged aws-amplify client (sign-up with the e-mailed code,
// SRP sign-in, CRUD, owner rules, API key). Needs the npm registry and a few minutes, so it is
// run by hand (`npm run contract` in this folder), not by the unit tests. `--keep` keeps the copy.
// `--peer NAME@VERSION` (repeatable) first installs that version of one of the app's own packages,
// e.g. `--peer @aws-amplify/backend@1.0.0 --peer @aws-amplify/backend-cli@1.0.0`, so older
// releases can be checked (their own dependencies resolve as npm resolves them today);
// `--pin NAME@VERSION` (repeatable) pins one of those dependencies too, through the app's
// `overrides`, as an app whose lockfile dates from then would have it.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readyLine, stop } from './ready-line.mjs';

const here = resolve(fileURLToPath(import.meta.url), '..');
const packageRoot = resolve(here, '..');
const work = mkdtempSync(join(tmpdir(), 'amplify-offline-contract-'));
const app = join(work, 'app');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const keep = process.argv.includes('--keep');
const peers = process.argv.flatMap((arg, at) => (arg === '--peer' ? [process.argv[at + 1] ?? ''] : []));
const pins = process.argv.flatMap((arg, at) => (arg === '--pin' ? [process.argv[at + 1] ?? ''] : []));
const SPEC = /^((?:@[\w.-]+\/)?[\w.-]+)@(\S+)$/;
if ([...peers, ...pins].some((spec) => !SPEC.test(spec))) throw new Error('--peer and --pin take NAME@VERSION');

/** The versions npm installed of the app's Amplify and CDK packages. @returns {Record<string, string>} */
function installedVersions() {
  const listing = JSON.parse(execFileSync(npm, ['ls', '--json', '--depth', '0'], { cwd: app, encoding: 'utf8' }));
  const versions = Object.fromEntries(
    ['@aws-amplify/backend', '@aws-amplify/backend-cli', 'aws-cdk-lib', 'constructs', 'aws-amplify'].map((name) => [
      name,
      listing.dependencies?.[name]?.version ?? 'absent',
    ]),
  );
  // The packages that generate what is served: the data construct (resolvers), the auth construct and the outputs.
  for (const name of ['@aws-amplify/data-construct', '@aws-amplify/auth-construct', '@aws-amplify/client-config']) {
    const found = execFileSync(npm, ['ls', '--all', '--parseable', '--long', name], { cwd: app, encoding: 'utf8' }).match(new RegExp(`${name}@([\\w.-]+)`));
    versions[name] = found?.[1] ?? 'absent';
  }
  return versions;
}

/** @param {string} label @param {() => void | Promise<void>} work */
async function step(label, work) {
  const started = performance.now();
  await work();
  console.log(`[contract] ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** @returns {Promise<{ child: import('node:child_process').ChildProcess; ready: unknown }>} */
function startBackend() {
  const child = spawn(join(app, 'node_modules', '.bin', 'amplify-offline'), ['start', '--ports', 'auto'], { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] });
  return readyLine(child).then((ready) => ({ child, ready }));
}

/** @type {{ child: import('node:child_process').ChildProcess; ready: unknown } | undefined} */
let backend;
try {
  await step('copy the app', () => cpSync(join(here, 'app'), app, { recursive: true }));
  let tarball = '';
  await step('npm pack', () => {
    execFileSync(npm, ['pack', '--pack-destination', work], { cwd: packageRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')) ?? '');
  });
  if (pins.length > 0) {
    const manifest = join(app, 'package.json');
    const json = JSON.parse(readFileSync(manifest, 'utf8'));
    json.overrides = Object.fromEntries(pins.map((spec) => SPEC.exec(spec)?.slice(1, 3) ?? []));
    writeFileSync(manifest, `${JSON.stringify(json, null, 2)}\n`);
  }
  if (peers.length > 0) {
    await step(`npm install ${peers.join(' ')}`, () => {
      execFileSync(npm, ['install', '--no-audit', '--no-fund', '--save-dev', '--save-exact', ...peers], { cwd: app, stdio: 'inherit' });
    });
  }
  await step('npm install the tarball beside the app’s peers', () => {
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: app, stdio: 'inherit' });
  });
  console.log(`[contract] the app's packages: ${JSON.stringify(installedVersions())}`);
  await step('npx amplify-offline start (cold: synthesis included)', async () => {
    backend = await startBackend();
    console.log(`[contract] ready: ${JSON.stringify(backend.ready)}`);
  });
  await step('the journey with the unchanged aws-amplify client', () => {
    execFileSync(process.execPath, ['journey.mjs'], { cwd: app, stdio: 'inherit' });
  });
  console.log('[contract] ok');
} catch (error) {
  console.error(`[contract] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (backend && backend.child.exitCode === null && backend.child.signalCode === null) {
    await stop(backend.child);
  }
  if (keep) console.log(`[contract] kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
