#!/usr/bin/env node
// @ts-check
// `npm run bench` (in this folder): prints (never asserts) how long `amplify-offline start` takes
// on a fixture app (default test/fixtures/blog-usernames; another with --app DIR): cold (empty
// synthesis cache and data folder) and warm (cached synthesis, persisted data), as wall time
// from spawning the command to its ready line, beside the ready line's own timings.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readyLine, stop } from './contract/ready-line.mjs';

const here = resolve(fileURLToPath(import.meta.url), '..');
const appAt = process.argv.indexOf('--app');
const app = resolve(appAt > 0 ? (process.argv[appAt + 1] ?? '') : join(here, 'test', 'fixtures', 'blog-usernames'));
const work = mkdtempSync(join(tmpdir(), 'amplify-offline-bench-'));
// A synthesis cache of its own, empty at first, so that the first start is a cold one.
const env = { ...process.env, AMPLIFY_OFFLINE_CACHE_DIR: join(work, 'synth-cache') };

/** @returns {Promise<{ wallMs: number; ready: { ms: number; timings: Record<string, number> } }>} */
async function timedStart() {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(here, 'bin', 'amplify-offline.js'), 'start', '--data', join(work, 'data'), '--outputs', join(work, 'amplify_outputs.json'), '--ports', 'auto'],
    { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = await readyLine(child);
  const wallMs = performance.now() - started;
  await stop(child);
  return { wallMs, ready };
}

try {
  console.log(`[bench] ${app}`);
  for (const label of ['cold (synthesis included, empty data)', 'warm (cached synthesis, persisted data)']) {
    const { wallMs, ready } = await timedStart();
    console.log(`[bench] ${label}: ${(wallMs / 1000).toFixed(1)} s wall; inside the process ${ready.ms} ms ${JSON.stringify(ready.timings)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
