#!/usr/bin/env node
// @ts-check
// `npm test`: ESLint and Prettier (the lint and format gate) beside the type-check, Jest (unit,
// infrastructure and amplify-offline tests), then the Playwright journeys in Chromium, two groups
// side by side, each against its own fresh offline backend, then the resilience benchmarks at
// small scale. Prints each step's time, the red-team counts, and ends with one summary line.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const reports = mkdtempSync(join(tmpdir(), 'folio-tests-'));
const bin = (/** @type {string} */ name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const started = Date.now();
let passed = 0;
let failed = 0;
console.log(`[test] node ${process.version} (${process.execPath})`);

const seconds = (/** @type {number} */ since) => `${Math.round((Date.now() - since) / 1000)} s`;

/**
 * Runs one command; with a prefix its output lines carry it, so that two steps running side by
 * side stay readable in one log. Resolves whether it exited with 0.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: Record<string, string>; prefix?: boolean }} [options]
 * @returns {Promise<boolean>}
 */
function step(label, command, args, options = {}) {
  const since = Date.now();
  console.log(`\n=== ${label} ===`);
  const child = spawn(command, args, { cwd: root, env: { ...env, ...options.env }, stdio: options.prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (options.prefix) {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`[${label}] ${line}`));
    }
  }
  return new Promise((done) => {
    child.on('exit', (code) => {
      console.log(`=== ${label}: ${code === 0 ? 'ok' : `exit ${code}`} after ${seconds(since)} ===`);
      done(code === 0);
    });
  });
}

/** @param {string} file @returns {unknown} */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** A step that passes or fails as a whole counts as one test. @param {boolean} ok */
function count(ok) {
  if (ok) passed += 1;
  else failed += 1;
}

// On two cores, type-aware ESLint (one thread) runs beside Prettier and the type-checks (one
// thread); Jest follows with two workers (its default is one fewer than the cores), because its
// slow suites wait on child processes (synthesis, backends) as much as they compute. Measured:
// with Jest started beside ESLint, Jest ended 272 s in; on their own ESLint took 84 s, Jest 109 s.
// As `npm run lint`: warnings fail too, and type-aware linting of three TypeScript programs needs
// more than Node's default heap.
const lintHeap = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=6144`.trim();
const [lintOk, formatOk, typesOk] = await Promise.all([
  step('eslint', bin('eslint'), ['.', '--max-warnings=0'], { env: { NODE_OPTIONS: lintHeap }, prefix: true }),
  step('prettier', bin('prettier'), ['--check', '.'], { prefix: true }),
  (async () =>
    (await step('typecheck', bin('tsc'), ['--noEmit', '-p', '.'], { prefix: true })) &&
    (await step('typecheck amplify-offline', bin('tsc'), ['--noEmit', '-p', 'packages/amplify-offline'], { prefix: true })) &&
    (await step('typecheck amplify-offline contract', bin('tsc'), ['--noEmit', '-p', 'packages/amplify-offline/contract'], { prefix: true })))(),
]);
count(lintOk);
count(formatOk);
count(typesOk);

/**
 * The red-team categories (issue 15): tests whose title, or the title of a group around them,
 * carries `[red-team <category>]`, counted from the Jest and Playwright reports.
 */
const RED_TEAM = ['authorization', 'sessions', 'xss', 'headers', 'bad input'];
const redTeam = new Map(RED_TEAM.map((category) => [category, { passed: 0, failed: 0 }]));
/** @param {string[]} titles a test's title and those of the groups around it @param {boolean} ok */
function countRedTeam(titles, ok) {
  const category = titles.join(' ').match(/\[red-team ([a-z ]+)\]/)?.[1];
  const tally = category === undefined ? undefined : redTeam.get(category);
  if (!tally) return;
  if (ok) tally.passed += 1;
  else tally.failed += 1;
}

const jestReport = join(reports, 'jest.json');
await step('jest', bin('jest'), ['--ci', '--maxWorkers=2', '--json', `--outputFile=${jestReport}`]);
if (existsSync(jestReport)) {
  const jest =
    /** @type {{ numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites?: number; testResults?: { assertionResults?: { fullName?: string; title?: string; ancestorTitles?: string[]; status: string }[] }[] }} */ (
      readJson(jestReport)
    );
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  for (const result of (jest.testResults ?? []).flatMap((file) => file.assertionResults ?? [])) {
    if (result.status === 'passed' || result.status === 'failed') {
      countRedTeam([...(result.ancestorTitles ?? []), result.fullName ?? '', result.title ?? ''], result.status === 'passed');
    }
  }
} else {
  failed += 1;
}

/**
 * @typedef {{ title: string; specs?: { title: string; tests?: { status?: string }[] }[]; suites?: PlaywrightSuite[] }} PlaywrightSuite
 * @typedef {{ stats?: { expected?: number; unexpected?: number; flaky?: number }; suites?: PlaywrightSuite[] }} PlaywrightReport
 */
/** Each test of each spec (one per project it ran in) counts; skipped ones do not. @param {PlaywrightSuite[]} suites @param {string[]} titles */
function countPlaywrightRedTeam(suites, titles) {
  for (const suite of suites) {
    const path = [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected' || test.status === 'flaky') countRedTeam([...path, spec.title], true);
        else if (test.status === 'unexpected') countRedTeam([...path, spec.title], false);
      }
    }
    countPlaywrightRedTeam(suite.suites ?? [], path);
  }
}

// The two Playwright groups (playwright.config.ts) each build and start their own app on their
// own backend, so they run side by side. tsc has checked the types above: the builds skip it.
const groups = ['authoring', 'reading'];
await Promise.all(
  groups.map((group) =>
    step(`playwright ${group}`, bin('playwright'), ['test', '--reporter=list,json'], {
      env: {
        FOLIO_E2E_GROUP: group,
        PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, `playwright-${group}.json`),
        FOLIO_TYPES_CHECKED: typesOk ? '1' : '',
      },
      prefix: true,
    }),
  ),
);
for (const group of groups) {
  const file = join(reports, `playwright-${group}.json`);
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  const report = /** @type {PlaywrightReport} */ (readJson(file));
  countPlaywrightRedTeam(report.suites ?? [], []);
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  if ((stats.expected ?? 0) + (stats.unexpected ?? 0) === 0) failed += 1;
}

// The resilience suite at small scale (issue 15; docs/resilience.md): twenty sessions saving one
// post, and visitors while the data API is stopped and started again, against the production
// build the authoring journeys made (.next). They print figures, which are never judged; each
// counts as one test that fails only if a promise was broken (a lost update, a crash, a failed
// answer that was not the site's own page, a post lost). Side by side: separate backends.
const resilience = await Promise.all([
  step('resilience: concurrent saves', bin('tsx'), ['scripts/bench-authors.ts', '--small'], { prefix: true }),
  step('resilience: data API outage', process.execPath, ['scripts/bench-resilience.mjs', '--small'], { prefix: true }),
]);
resilience.forEach(count);

console.log('');
for (const [category, tally] of redTeam) console.log(`[red-team] ${category}: ${tally.passed} passed, ${tally.failed} failed`);
console.log(`\n[test] ${seconds(started)} in all`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
