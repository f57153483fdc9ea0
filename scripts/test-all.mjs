#!/usr/bin/env node
// @ts-check
// `npm test`: ESLint and Prettier (the lint and format gate), type-check, Jest (unit,
// infrastructure and local-backend tests), then the Playwright journeys in Chromium against a
// fresh offline backend. Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const reports = mkdtempSync(join(tmpdir(), 'folio-tests-'));
const bin = (/** @type {string} */ name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
let passed = 0;
let failed = 0;
console.log(`[test] node ${process.version} (${process.execPath})`);

/**
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [extraEnv]
 */
function step(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status === 0;
}

/** @param {string} file @returns {unknown} */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** A step that passes or fails as a whole counts as one test. @param {boolean} ok */
function count(ok) {
  if (ok) passed += 1;
  else failed += 1;
}

// As `npm run lint`: warnings fail too, and type-aware linting of two ~9,000-file TypeScript
// programs needs more than Node's default heap.
const lintHeap = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=6144`.trim();
count(step('eslint', bin('eslint'), ['.', '--max-warnings=0'], { NODE_OPTIONS: lintHeap }));
count(step('prettier', bin('prettier'), ['--check', '.']));

count(step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']) && step('typecheck local-backend', bin('tsc'), ['--noEmit', '-p', 'local-backend']));

const jestReport = join(reports, 'jest.json');
step('jest', bin('jest'), ['--ci', '--json', `--outputFile=${jestReport}`]);
if (existsSync(jestReport)) {
  const jest = /** @type {{ numPassedTests: number; numFailedTests: number; numRuntimeErrorTestSuites?: number }} */ (readJson(jestReport));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
} else {
  failed += 1;
}

const playwrightReport = join(reports, 'playwright.json');
step('playwright', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport });
if (existsSync(playwrightReport)) {
  const report = /** @type {{ stats?: { expected?: number; unexpected?: number; flaky?: number } }} */ (readJson(playwrightReport));
  const stats = report.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  if ((stats.expected ?? 0) + (stats.unexpected ?? 0) === 0) failed += 1;
} else {
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
