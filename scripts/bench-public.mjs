#!/usr/bin/env node
// @ts-check
// `npm run bench:public`: prints (never asserts) the visitor-side figures of issue #3:
//  1. throughput and p50/p99 latency of a cached post page vs the static /about page, same server;
//  2. latency of the home page's query and of an uncached home render with 100 vs 10,000 posts.
// Uses its own offline backends, data folders and ports; needs a production build (npm start/test).
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANY_FREE_PORTS, freePort, launchBackend } from './offline-backend.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
if (!existsSync(join(root, '.next', 'BUILD_ID'))) {
  console.error('No production build: run `npm start` (or `npm test`) once first.');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'folio-bench-public-'));
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
const stopAll = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('exit', stopAll);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} readyText
 * @returns {Promise<import('node:child_process').ChildProcess>}
 */
function start(command, args, env, readyText) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((ready, fail) => {
    let out = '';
    const onData = (/** @type {Buffer} */ chunk) => {
      out += chunk.toString();
      if (out.includes(readyText)) ready(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`)));
  });
}

/** @param {string} file @returns {unknown} */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * @typedef {{ data: { url: string; api_key: string } }} Outputs
 * @typedef {{ env: Record<string, string> & { FOLIO_OUTPUTS: string }; outputs: Outputs; table: string; dynamo: string; credentials: { accessKeyId: string; secretAccessKey: string } }} Backend
 */

/** @param {string} name @returns {Promise<Backend>} */
async function backend(name) {
  const env = { FOLIO_DATA_DIR: join(work, name), FOLIO_OUTPUTS: join(work, `${name}.json`) };
  const started = launchBackend({ env, ports: ANY_FREE_PORTS });
  children.push(started.child);
  await started.ready;
  const outputs = /** @type {Outputs} */ (readJson(started.outputsFile));
  const { apiId } = /** @type {{ apiId: string }} */ (readJson(join(started.dataDir, 'appsync.json')));
  const dynamo = started.info?.endpoints.dynamodb;
  if (!dynamo || !started.info) throw new Error(`The ${name} backend did not say where DynamoDB listens`);
  // DynamoDB takes only requests signed with the backend's admin credentials.
  const credentials = /** @type {{ accessKeyId: string; secretAccessKey: string }} */ (readJson(started.info.credentials));
  return { env, outputs, table: `PublishedPost-${apiId}-NONE`, dynamo, credentials };
}

/** Adds synthetic live posts straight into the table (fixture only; every read below goes through the real API). */
/** @param {Backend} target @param {number} count */
async function addPosts(target, count) {
  const client = new DynamoDBClient({ endpoint: target.dynamo, region: 'us-east-1', credentials: target.credentials });
  const base = Date.parse('2020-01-01T00:00:00.000Z');
  for (let offset = 0; offset < count; offset += 25) {
    /** @type {import('@aws-sdk/client-dynamodb').WriteRequest[]} */
    const items = [];
    for (let i = offset; i < Math.min(offset + 25, count); i += 1) {
      const now = new Date(base + i * 60_000).toISOString();
      items.push({
        PutRequest: {
          Item: {
            slug: { S: `bench-post-${i}` },
            postId: { S: `bench-${i}` },
            title: { S: `Benchmark post ${i}` },
            excerpt: { S: 'Synthetic.' },
            body: { S: 'Lorem ipsum '.repeat(200) },
            tags: { L: [{ S: 'bench' }] },
            authorName: { S: 'Bench' },
            authorHandle: { S: 'bench' },
            publishedAt: { S: now },
            feed: { S: 'PUBLIC' },
            owner: { S: 'bench::bench' },
            __typename: { S: 'PublishedPost' },
            createdAt: { S: now },
            updatedAt: { S: now },
          },
        },
      });
    }
    await client.send(new BatchWriteItemCommand({ RequestItems: { [target.table]: items } }));
  }
  client.destroy();
}

/** @param {Backend} target */
async function queryLatency(target, runs = 60) {
  const query = `{ listPublishedPostsByDate(feed: "PUBLIC", sortDirection: DESC, limit: 11) { items { slug title publishedAt } nextToken } }`;
  /** @type {number[]} */
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const response = await fetch(target.outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': target.outputs.data.api_key },
      body: JSON.stringify({ query }),
    });
    /** @type {unknown} */
    const body = await response.json();
    const json = /** @type {{ data?: { listPublishedPostsByDate?: { items?: unknown[] } } }} */ (body);
    if (!json.data?.listPublishedPostsByDate?.items?.length) throw new Error(JSON.stringify(json).slice(0, 300));
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

/** @param {number[]} samples */
function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (/** @type {number} */ p) => /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  return { p50: at(50), p99: at(99) };
}

/** @param {string} url */
async function load(url, seconds = 8) {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const fmt = (/** @type {number} */ n) => n.toFixed(1);

try {
  // 1. Cached post page vs static page, one server.
  const small = await backend('small');
  const smallPort = await freePort();
  await addPosts(small, 100 - 12);
  await start(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(smallPort)],
    { ...small.env, AMPLIFY_OUTPUTS_FILE: small.env.FOLIO_OUTPUTS, PORT: String(smallPort) },
    'Ready',
  );
  await fetch(`http://127.0.0.1:${smallPort}/posts/the-first-frost`); // warm the cache
  await fetch(`http://127.0.0.1:${smallPort}/about`);
  const stat = await load(`http://127.0.0.1:${smallPort}/about`);
  const post = await load(`http://127.0.0.1:${smallPort}/posts/the-first-frost`);
  console.log(`static /about        : ${fmt(stat.rps)} req/s, p50 ${stat.p50} ms, p99 ${stat.p99} ms`);
  console.log(`cached post page     : ${fmt(post.rps)} req/s, p50 ${post.p50} ms, p99 ${post.p99} ms  (${fmt(post.rps / stat.rps)}× static; target ≥ 0.9×)`);

  // 2. Home with 100 vs 10,000 posts: the query behind it, and an uncached render.
  const large = await backend('large');
  const largePort = await freePort();
  const fixtureStarted = performance.now();
  await addPosts(large, 10_000 - 12);
  console.log(`(loaded 10,000 posts in ${fmt((performance.now() - fixtureStarted) / 1000)} s)`);
  const q100 = await queryLatency(small);
  const q10k = await queryLatency(large);
  console.log(`home query, 100 posts   : p50 ${fmt(q100.p50)} ms, p99 ${fmt(q100.p99)} ms`);
  console.log(`home query, 10,000 posts: p50 ${fmt(q10k.p50)} ms, p99 ${fmt(q10k.p99)} ms  (${fmt(q10k.p50 / q100.p50)}× at p50; target ≤ 1.2×)`);
  await start(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(largePort)],
    { ...large.env, AMPLIFY_OUTPUTS_FILE: large.env.FOLIO_OUTPUTS, PORT: String(largePort) },
    'Ready',
  );
  // Archive pages past the prerendered home are rendered on first request: a cold render each.
  const cold = async (/** @type {number} */ port, /** @type {number} */ count) => {
    /** @type {number[]} */
    const samples = [];
    for (let i = 0; i < 15; i += 1) {
      const cursor = new Date(Date.parse('2020-01-01T00:00:00.000Z') + (count - 20 - i) * 60_000).toISOString();
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/page/older/${encodeURIComponent(cursor)}`);
      await response.text();
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      samples.push(performance.now() - started);
    }
    return percentiles(samples);
  };
  const r100 = await cold(smallPort, 100 - 12);
  const r10k = await cold(largePort, 10_000 - 12);
  console.log(`uncached listing render, 100 posts   : p50 ${fmt(r100.p50)} ms, p99 ${fmt(r100.p99)} ms`);
  console.log(`uncached listing render, 10,000 posts: p50 ${fmt(r10k.p50)} ms, p99 ${fmt(r10k.p99)} ms  (${fmt(r10k.p50 / r100.p50)}× at p50)`);
} finally {
  stopAll();
  setTimeout(() => rmSync(work, { recursive: true, force: true }), 500);
}
