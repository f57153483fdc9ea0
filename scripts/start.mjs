#!/usr/bin/env node
// @ts-check
// `npm start`: the offline backend (seeded on first start), then the production build of the
// app on http://localhost:3000 (rebuilt only when the sources changed). `npm run dev` serves
// `next dev` with hot reload instead. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const dev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';
const dataDir = resolve(root, process.env.FOLIO_DATA_DIR ?? '.local-data/dev');
const outputsFile = resolve(root, process.env.FOLIO_OUTPUTS ?? process.env.AMPLIFY_OUTPUTS_FILE ?? 'amplify_outputs.json');
const env = { ...process.env, FOLIO_DATA_DIR: dataDir, FOLIO_OUTPUTS: outputsFile, AMPLIFY_OUTPUTS_FILE: outputsFile, NEXT_TELEMETRY_DISABLED: '1' };
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

/** @returns {Promise<import('node:child_process').ChildProcess>} */
function startBackend() {
  return new Promise((resolveReady, reject) => {
    const backend = run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'local-backend/src/cli.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stdout = /** @type {import('node:stream').Readable} */ (backend.stdout); // piped just above
    let buffer = '';
    stdout.on('data', (/** @type {Buffer} */ chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      if (buffer.includes('[local-backend] ready\n')) resolveReady(backend);
    });
    backend.on('exit', (code) => {
      reject(new Error(`The local backend exited with code ${code}`));
      stopAll(code ?? 1);
    });
  });
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
  if (process.env.FOLIO_FRESH === '1') rmSync(dataDir, { recursive: true, force: true });
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
