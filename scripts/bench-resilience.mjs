#!/usr/bin/env node
// @ts-check
// `npm run bench:resilience [-- --small]`: prints (never asserts) how the public site behaves when its
// data API goes away (issue #15). Concurrent visitors request cached pages (home, posts, tags, a
// search) and uncached ones (archive pages at cursors never asked before, each a fresh render and
// query) against a production build; mid-run the offline backend (the data API and
// Cognito) is stopped, then started again on the same ports and data. Printed per phase: answers by
// status, latency p50/p99/max, requests slower than 10 s, connection failures; whether `next start`
// survived; how long after the API's return uncached pages answered 200 again; and whether every
// post live before the outage is still listed after it.
// Full scale: 100 visitors for 60 s (longer if the restart needs it), the API stopped at 20 s and
// kept down 15 s once stopped. --small: 20 visitors, 24 s, stopped at 8 s for 5 s. The phases are
// split at the stop signal, the process's exit, the restart and the restarted backend's ready line.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launchBackend } from './offline-backend.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build: run `npm start` (or `npm test`) once first.');
  process.exit(1);
}
const small = process.argv.includes('--small');
const scale = small ? { visitors: 20, seconds: 24, downAt: 8, downFor: 5 } : { visitors: 100, seconds: 60, downAt: 20, downFor: 15 };
/** A request still unanswered after this long counts as a hang (and is abandoned). */
const HANG_MS = 10_000;

const work = mkdtempSync(join(tmpdir(), 'folio-bench-resilience-'));
// The server runs from a copy of the build: the thousands of archive pages it generates on demand
// stay out of .next (next.config.ts reads NEXT_DIST_DIR; the folder must sit in the project).
const distDir = `.next-resilience-${process.pid}`;
cpSync(join(root, '.next'), join(root, distDir), { recursive: true, filter: (source) => !source.startsWith(join(root, '.next', 'cache')) });
const env = { FOLIO_DATA_DIR: join(work, 'data'), FOLIO_OUTPUTS: join(work, 'outputs.json') };
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
process.on('exit', () => {
  children.forEach((child) => child.kill('SIGTERM'));
  rmSync(join(root, distDir), { recursive: true, force: true });
});

/** A first port with BASE … BASE+30 free, so a restarted backend can take exactly the same ones. */
async function freeBase() {
  const free = (/** @type {number} */ port) =>
    new Promise((done) => {
      const probe = net.createServer();
      probe.once('error', () => done(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
    });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 20_000);
    const ports = [0, 10, 20, 30].map((offset) => base + offset);
    if ((await Promise.all(ports.map(free))).every(Boolean)) return base;
  }
  throw new Error('No free port range found');
}

/** @param {number} base */
async function startBackendOn(base) {
  const backend = launchBackend({ env, ports: base });
  children.push(backend.child);
  await backend.ready;
  return backend;
}

/** Error messages `next start` logged, with how often: what the failed answers were about. */
/** @type {Map<string, number>} */
const serverErrors = new Map();

/**
 * @param {Record<string, string>} childEnv
 * @param {number} port
 */
function startNext(childEnv, port) {
  const child = spawn(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: root,
    env: { ...process.env, ...childEnv, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  /** @type {Promise<import('node:child_process').ChildProcess>} */
  const started = new Promise((ready, fail) => {
    let out = '';
    const onData = (/** @type {Buffer} */ chunk) => {
      out += chunk.toString();
      for (const [, message] of chunk.toString().matchAll(/^ ⨯ (?:\w*Error): (.+)$/gm))
        serverErrors.set(String(message), (serverErrors.get(String(message)) ?? 0) + 1);
      if (out.length > 100_000) out = out.slice(-10_000);
      if (out.includes('Ready')) ready(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`next start exited ${code}:\n${out.slice(-2000)}`)));
  });
  return started;
}

/** The slugs the public API lists (API key), every page of them. */
async function liveSlugs() {
  /** @type {unknown} */
  const parsed = JSON.parse(readFileSync(env.FOLIO_OUTPUTS, 'utf8'));
  const outputs = /** @type {{ data: { url: string; api_key: string } }} */ (parsed);
  /** @type {string[]} */
  const slugs = [];
  /** @type {string | null} */
  let nextToken = null;
  do {
    const response = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': outputs.data.api_key },
      body: JSON.stringify({
        query: 'query ($nextToken: String) { listPublishedPosts(limit: 100, nextToken: $nextToken) { items { slug } nextToken } }',
        variables: { nextToken },
      }),
    });
    /** @type {unknown} */
    const json = await response.json();
    const body = /** @type {{ data?: { listPublishedPosts?: { items: { slug: string }[]; nextToken: string | null } } }} */ (json);
    const page = body.data?.listPublishedPosts;
    if (!page) throw new Error(`listing live posts failed: ${JSON.stringify(body).slice(0, 300)}`);
    slugs.push(...page.items.map((item) => item.slug));
    nextToken = page.nextToken;
  } while (nextToken);
  return slugs.sort();
}

/** @typedef {{ at: number; kind: 'cached' | 'uncached'; status: number | 'hang' | 'refused'; ms: number; sitePage: boolean }} Sample */

/** The site's own error page (app/(site)/error.tsx) inside its layout, rather than a bare server error. */
const SITE_ERROR = 'Something went wrong';

/** @param {number[]} values @param {number} p */
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
};

/** @param {string} label @param {Sample[]} samples */
function report(label, samples) {
  for (const kind of /** @type {const} */ (['cached', 'uncached'])) {
    const mine = samples.filter((sample) => sample.kind === kind);
    /** @type {Record<string, number>} */
    const statuses = {};
    for (const sample of mine) statuses[String(sample.status)] = (statuses[String(sample.status)] ?? 0) + 1;
    const ms = mine.map((sample) => sample.ms);
    const summary = Object.entries(statuses)
      .sort()
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(
      `${label.padEnd(14)} ${kind.padEnd(8)} ${String(mine.length).padStart(6)} requests  ${summary.padEnd(28)} p50 ${percentile(ms, 50).toFixed(0)} ms  p99 ${percentile(ms, 99).toFixed(0)} ms  max ${Math.max(0, ...ms).toFixed(0)} ms`,
    );
  }
}

let held = false;
try {
  const base = await freeBase();
  let backend = await startBackendOn(base);
  const port = await freePort();
  const next = await startNext({ ...env, AMPLIFY_OUTPUTS_FILE: env.FOLIO_OUTPUTS, NEXT_DIST_DIR: distDir }, port);
  const site = `http://127.0.0.1:${port}`;
  const before = await liveSlugs();
  const cached = ['/', ...before.slice(0, 6).map((slug) => `/posts/${slug}`), '/tags/writing', '/about', '/search?q=writing'];
  // Every archive cursor is new, so every one of these renders and queries the API.
  let cursor = Date.parse('2026-01-01T00:00:00.000Z');
  const uncachedPath = () => `/page/older/${encodeURIComponent(new Date((cursor -= 1000)).toISOString())}`;
  // Warm the caches as a visitor before the run would have.
  for (const path of cached) await (await fetch(site + path)).text();

  console.log(`${scale.visitors} visitors for ${scale.seconds} s; the data API stops at ${scale.downAt} s for ${scale.downFor} s`);
  /** @type {Sample[]} */
  const samples = [];
  const started = Date.now();
  // The run lasts its length, and at least 10 s past the restarted backend's ready line.
  let deadline = started + scale.seconds * 1000;
  let serverDied = false;
  let outageOver = false;
  next.once('exit', () => (serverDied = true));

  /** @param {number} visitor */
  async function visit(visitor) {
    for (let request = visitor; Date.now() < deadline || !outageOver; request += 1) {
      const isCached = request % 3 !== 0;
      const path = isCached ? /** @type {string} */ (cached[request % cached.length]) : uncachedPath();
      const at = Date.now();
      /** @type {Sample['status']} */
      let status;
      let sitePage = false;
      try {
        const response = await fetch(site + path, { signal: AbortSignal.timeout(HANG_MS) });
        const html = await response.text();
        status = response.status;
        sitePage = response.status === 200 || (html.includes(SITE_ERROR) && html.includes('<header'));
      } catch (error) {
        status = /** @type {Error} */ (error).name === 'TimeoutError' ? 'hang' : 'refused';
        if (status === 'refused') await new Promise((pause) => setTimeout(pause, 100));
      }
      samples.push({ at: at - started, kind: isCached ? 'cached' : 'uncached', status, ms: Date.now() - at, sitePage });
    }
  }

  const outage = (async () => {
    await new Promise((wait) => setTimeout(wait, scale.downAt * 1000));
    const stoppedAt = Date.now() - started;
    await backend.stop();
    const downAt = Date.now() - started;
    await new Promise((wait) => setTimeout(wait, scale.downFor * 1000));
    const restartAt = Date.now() - started;
    backend = await startBackendOn(base);
    const backAt = Date.now() - started;
    deadline = Math.max(deadline, started + backAt + 10_000);
    outageOver = true;
    return { stoppedAt, downAt, restartAt, backAt };
  })();
  await Promise.all([...Array.from({ length: scale.visitors }, (_, visitor) => visit(visitor)), outage]);
  const times = await outage;

  report(
    'before outage',
    samples.filter((sample) => sample.at < times.stoppedAt),
  );
  report(
    'stopping',
    samples.filter((sample) => sample.at >= times.stoppedAt && sample.at < times.downAt),
  );
  report(
    'API down',
    samples.filter((sample) => sample.at >= times.downAt && sample.at < times.restartAt),
  );
  report(
    'restarting',
    samples.filter((sample) => sample.at >= times.restartAt && sample.at < times.backAt),
  );
  report(
    'after return',
    samples.filter((sample) => sample.at >= times.backAt),
  );
  const firstGood = samples.find((sample) => sample.kind === 'uncached' && sample.at >= times.backAt && sample.status === 200);
  const hangs = samples.filter((sample) => sample.status === 'hang').length;
  const failures = samples.filter((sample) => sample.status !== 200);
  const bare = failures.filter((sample) => !sample.sitePage).length;
  console.log(
    `failed answers: ${failures.length}, of which ${failures.length - bare} were the site's own error page and ${bare} were not (target: all the site's)`,
  );
  console.log(
    `API stop sent at ${(times.stoppedAt / 1000).toFixed(1)} s, down at ${(times.downAt / 1000).toFixed(1)} s, restarted at ${(times.restartAt / 1000).toFixed(1)} s, ready at ${(times.backAt / 1000).toFixed(1)} s`,
  );
  console.log(
    `uncached pages answered 200 again ${firstGood ? `${((firstGood.at + firstGood.ms - times.backAt) / 1000).toFixed(1)} s after the API was back` : 'never before the run ended'} (target ≤ 10 s)`,
  );
  console.log(`requests over ${HANG_MS / 1000} s: ${hangs} (target 0); next start ${serverDied ? 'DIED' : 'stayed up'}`);
  for (const [message, count] of [...serverErrors].sort((a, b) => b[1] - a[1]).slice(0, 3)) console.log(`server logged ${count}× ${message.slice(0, 160)}`);
  const after = await liveSlugs();
  const lost = before.filter((slug) => !after.includes(slug));
  console.log(`live posts before ${before.length}, after ${after.length}, lost ${lost.length}${lost.length ? `: ${lost.join(', ')}` : ''} (target 0)`);
  await backend.stop();
  // The figures are printed, never judged; the exit code says only whether the site kept its
  // promises (so `npm test` can run it small): the server stayed up, every failed answer was the
  // site's own page, the site recovered, and no post was lost.
  held = !serverDied && bare === 0 && firstGood !== undefined && lost.length === 0;
} finally {
  children.forEach((child) => child.kill('SIGTERM'));
  setTimeout(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(join(root, distDir), { recursive: true, force: true });
    process.exit(held ? 0 : 1);
  }, 500);
}
