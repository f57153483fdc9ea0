#!/usr/bin/env node
// @ts-check
// `npm start`: the offline backend (seeded on first start), then the production build of the
// app on http://localhost:3000 (rebuilt only when the sources changed). `npm run dev` serves
// `next dev` with hot reload instead. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendPaths, launchBackend } from './offline-backend.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const dev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';
// The backend writes the outputs where the app reads them: FOLIO_OUTPUTS, else AMPLIFY_OUTPUTS_FILE.
const { dataDir, outputsFile } = backendPaths({ ...process.env, FOLIO_OUTPUTS: process.env.FOLIO_OUTPUTS ?? process.env.AMPLIFY_OUTPUTS_FILE });
const env = {
  ...process.env,
  FOLIO_DATA_DIR: dataDir,
  FOLIO_OUTPUTS: outputsFile,
  AMPLIFY_OUTPUTS_FILE: outputsFile,
  NEXT_TELEMETRY_DISABLED: '1',
  // Where the backend's scheduler reaches this site, and the key it signs its requests with: the
  // same two values for both processes (one key per run unless set).
  FOLIO_SITE_URL: process.env.FOLIO_SITE_URL ?? `http://localhost:${port}`,
  FOLIO_REVALIDATE_SECRET: process.env.FOLIO_REVALIDATE_SECRET || randomBytes(32).toString('base64url'),
};
/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ stdio?: import('node:child_process').StdioOptions }} [options]
 */
function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, env, stdio: options.stdio ?? 'inherit' });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** @param {number} code */
function stopAll(code) {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** The offline backend, its output passed through; resolves once it is ready. Its exit stops everything. */
async function startBackend() {
  // The backend is told where to write the outputs (FOLIO_OUTPUTS); AMPLIFY_OUTPUTS_FILE is the
  // app's to read, and would only make the backend's synthesis look different per data folder
  // (amplify/seed/seed.ts reads it, and variables the backend's files read are part of its cache key).
  const { AMPLIFY_OUTPUTS_FILE: _appOnly, ...backendEnv } = env;
  const backend = launchBackend({ env: backendEnv, fresh: process.env.FOLIO_FRESH === '1', echo: true });
  children.add(backend.child);
  backend.child.on('exit', (code) => {
    children.delete(backend.child);
    stopAll(code ?? 1);
  });
  await backend.ready;
}

/** @param {string} path @returns {string[]} */
function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((entry) => filesUnder(join(path, entry)));
}

/** Fingerprint of everything the production build depends on. */
function sourceFingerprint() {
  const hash = createHash('sha256');
  const inputs = ['app', 'components', 'lib', 'amplify/data', 'middleware.ts', 'instrumentation.ts', 'next.config.ts', 'tsconfig.json', 'package-lock.json'];
  for (const file of inputs.flatMap((input) => filesUnder(join(root, input))).sort()) {
    hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** @param {import('node:child_process').ChildProcess} child @param {string} label @returns {Promise<void>} */
function waitFor(child, label) {
  return new Promise((resolveDone, reject) =>
    child.on('exit', (code) => (code === 0 ? resolveDone() : reject(new Error(`${label} failed with code ${code}`)))),
  );
}

async function main() {
  await startBackend();
  const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (dev) {
    run(process.execPath, [nextBin, 'dev', '-p', port]);
    return;
  }
  const distDir = join(root, process.env.NEXT_DIST_DIR ?? '.next');
  const stampFile = join(distDir, 'folio-source-fingerprint');
  // Deployment variables are baked into the build (next.config.ts headers), so they are part of it.
  const buildEnv = ['AWS_BRANCH', 'AWS_PULL_REQUEST_ID', 'FOLIO_PRODUCTION_BRANCH'].map((name) => `${name}=${process.env[name] ?? ''}`).join('&');
  // Public pages are prerendered from the backend at build time, so a different backend (another
  // data folder) needs its own build.
  const backendIdentity = createHash('sha256').update(readFileSync(outputsFile)).digest('hex');
  const fingerprint = `${sourceFingerprint()}:${buildEnv}:${backendIdentity}`;
  const upToDate = existsSync(join(distDir, 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint;
  if (!upToDate) {
    // Next's data cache outlives builds; entries read from another backend must not be served.
    rmSync(join(distDir, 'cache', 'fetch-cache'), { recursive: true, force: true });
    console.log('[start] building the app (next build)');
    await waitFor(run(process.execPath, [nextBin, 'build']), 'next build');
    writeFileSync(stampFile, fingerprint);
  }
  run(process.execPath, [nextBin, 'start', '-p', port]);
  console.log(`[start] Folio on http://localhost:${port}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
});
