#!/usr/bin/env node
// @ts-check
// `npm run bench` (in this folder): prints (never asserts) how long `amplify-offline start` takes
// on a fixture app (default test/fixtures/blog-usernames; another with --app DIR): cold (empty
// synthesis cache and data folder) and warm (cached synthesis, persisted data), as wall time
// from spawning the command to its ready line, beside the ready line's own timings.
// `npm run bench -- --realtime` prints instead how long a mutation takes to reach a subscriber through
// the real-time endpoint, on test/fixtures/realtime-app (another app with --app DIR needs an
// API-key model named Message with a required `text`): each of 200 rounds (--rounds N) sends one
// createMessage over HTTP with the API key and times it until the subscriber's `data` message
// arrives on the WebSocket (wss, the local CA trusted through trustLocalCertificates).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readyLine, stop } from './contract/ready-line.mjs';

const here = resolve(fileURLToPath(import.meta.url), '..');
const realtime = process.argv.includes('--realtime');
const appAt = process.argv.indexOf('--app');
const app = resolve(appAt > 0 ? (process.argv[appAt + 1] ?? '') : join(here, 'test', 'fixtures', realtime ? 'realtime-app' : 'blog-usernames'));
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 200;
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

/** @param {number[]} sorted @param {number} q */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * Mutation-to-subscriber latency on a running backend, over the raw AppSync protocol.
 * @param {string} outputsFile
 */
async function realtimeLatency(outputsFile) {
  const { trustLocalCertificates } = createRequire(import.meta.url)('./server/index.js');
  const outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
  trustLocalCertificates(outputs);
  const { url, api_key: apiKey } = outputs.data;
  const host = new URL(url).host;
  const realtime = url.replace(/^https?:/, 'wss:') + '/realtime';
  const auth = { host, 'x-api-key': apiKey };
  const header = Buffer.from(JSON.stringify(auth)).toString('base64url');
  const socket = new WebSocket(realtime, ['graphql-ws', `header-${header}`]);
  /** @type {Map<string, (message: any) => void>} */
  const waiting = new Map();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    waiting.get(message.type === 'data' ? message.payload.data.onCreateMessage.text : message.type)?.(message);
  });
  const next = (/** @type {string} */ key) => new Promise((done) => waiting.set(key, done));
  await new Promise((done, fail) => {
    socket.addEventListener('open', done);
    socket.addEventListener('error', () => fail(new Error(`could not open ${realtime}`)));
  });
  const acked = next('connection_ack');
  socket.send(JSON.stringify({ type: 'connection_init' }));
  await acked;
  const started = next('start_ack');
  const data = JSON.stringify({ query: 'subscription { onCreateMessage { id text } }', variables: {} });
  socket.send(JSON.stringify({ id: 'bench', type: 'start', payload: { data, extensions: { authorization: auth } } }));
  await started;

  /** @type {number[]} */
  const latencies = [];
  for (let round = 0; round < rounds; round++) {
    const text = `bench ${round}`;
    const delivered = next(text);
    const sentAt = performance.now();
    const response = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({
        query: 'mutation ($input: CreateMessageInput!) { createMessage(input: $input) { id text room priority createdAt updatedAt } }',
        variables: { input: { text } },
      }),
    });
    await delivered;
    latencies.push(performance.now() - sentAt);
    await (await response).text();
  }
  socket.close();
  latencies.sort((a, b) => a - b);
  console.log(`[bench] ${app}`);
  console.log(
    `[bench] mutation → subscriber, ${rounds} events: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p95 ${quantile(latencies, 0.95).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms`,
  );
}

try {
  if (realtime) {
    const child = spawn(
      process.execPath,
      [join(here, 'bin', 'amplify-offline.js'), 'start', '--data', join(work, 'data'), '--outputs', join(work, 'amplify_outputs.json'), '--ports', 'auto'],
      // The app's own synthesis cache: only the events are timed.
      { cwd: app, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await readyLine(child);
      await realtimeLatency(join(work, 'amplify_outputs.json'));
    } finally {
      await stop(child);
    }
  } else {
    await startup();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function startup() {
  console.log(`[bench] ${app}`);
  for (const label of ['cold (synthesis included, empty data)', 'warm (cached synthesis, persisted data)']) {
    const { wallMs, ready } = await timedStart();
    console.log(`[bench] ${label}: ${(wallMs / 1000).toFixed(1)} s wall; inside the process ${ready.ms} ms ${JSON.stringify(ready.timings)}`);
  }
}
