#!/usr/bin/env node
// @ts-check
// `npm run bench`: prints (never asserts) the offline backend's cold and warm start times and the
// time to the first served page. Uses its own data folder and ports; needs a production build
// (`npm start` or `npm test` makes one) for the page figures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANY_FREE_PORTS, freePort, startBackend } from './offline-backend.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'folio-bench-'));
const outputs = join(dataDir, 'amplify_outputs.json');
const env = {
  ...process.env,
  FOLIO_DATA_DIR: join(dataDir, 'data'),
  FOLIO_OUTPUTS: outputs,
  AMPLIFY_OUTPUTS_FILE: outputs,
  // An empty synthesis cache of its own, so that the first start is a cold one.
  AMPLIFY_OFFLINE_CACHE_DIR: join(dataDir, 'synth-cache'),
  NEXT_TELEMETRY_DISABLED: '1',
};

/** Starts the backend on free ports; how long it took to be ready, and its own account of that (the ready line's timings). */
async function timedBackend() {
  const started = performance.now();
  const backend = await startBackend({ env, ports: ANY_FREE_PORTS });
  return { backend, ms: performance.now() - started, line: `ready in ${backend.info?.ms} ms ${JSON.stringify(backend.info?.timings)}` };
}

const stop = (/** @type {import('node:child_process').ChildProcess} */ child) =>
  new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGTERM');
  });

/** @param {number} port */
async function firstPage(port) {
  const started = performance.now();
  const server = spawn(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], { cwd: root, env, stdio: 'ignore' });
  let listening = 0;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      if (response.ok) {
        await response.text();
        break;
      }
    } catch {
      if (!listening) await new Promise((wait) => setTimeout(wait, 25));
      continue;
    }
    listening = performance.now();
  }
  const ready = performance.now() - started;
  /** @type {number[]} */
  const samples = [];
  for (let i = 0; i < 20; i += 1) {
    const t = performance.now();
    await (await fetch(`http://127.0.0.1:${port}/posts/the-first-frost`)).text();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  await stop(server);
  return { ready, p50: /** @type {number} */ (samples[10]), max: /** @type {number} */ (samples[19]) };
}

try {
  const cold = await timedBackend();
  console.log(`backend cold start (synth + seed, empty data): ${cold.ms.toFixed(0)} ms  [${cold.line}]`);
  await cold.backend.stop();
  const warm = await timedBackend();
  console.log(`backend warm start (cached synth, persisted data): ${warm.ms.toFixed(0)} ms  [${warm.line}]`);
  if (existsSync(join(root, '.next', 'BUILD_ID'))) {
    const page = await firstPage(await freePort());
    console.log(`next start → first home page served: ${page.ready.toFixed(0)} ms`);
    console.log(`post page (20 sequential requests): p50 ${page.p50.toFixed(1)} ms, max ${page.max.toFixed(1)} ms`);
  } else {
    console.log('no production build (.next) — run `npm start` once for the page figures');
  }
  await warm.backend.stop();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
