// @ts-check
/**
 * How Folio runs its offline backend (the `amplify-offline` package of this repository) as a child
 * process: `npm start` (scripts/start.mjs), the benchmarks (scripts/bench*.mjs) and the tests that
 * need a whole backend use it. It runs `amplify-offline start` with Folio's data folder, outputs
 * file, ports and demo seed, resolves once the CLI prints its ready line (whose JSON says where
 * everything listens), and stops it cleanly (SIGTERM: the CLI closes its servers and flushes its
 * tables). Folio's settings come from FOLIO_* variables, read here only.
 *
 * Plain CommonJS with JSDoc types, type-checked like the TypeScript: the .mjs scripts run on plain
 * Node, which cannot import TypeScript, while Jest and tsx load CommonJS.
 */
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// The CLI as any app finds it: the package's declared bin, next to its package.json.
const PACKAGE_JSON = require.resolve('amplify-offline/package.json', { paths: [ROOT] });
/** @param {string} file @returns {unknown} */
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const CLI = path.join(path.dirname(PACKAGE_JSON), /** @type {{ bin: Record<string, string> }} */ (readJson(PACKAGE_JSON)).bin['amplify-offline'] ?? '');
/** The demo accounts and posts (amplify/seed/local-seed.ts), unless FOLIO_SEED=0. */
const SEED = path.join('amplify', 'seed', 'local-seed.ts');

/** How the line the CLI prints once everything is served begins; JSON follows (ReadyInfo). */
const READY_LINE = 'amplify-offline ready';

/**
 * @typedef {number | 'auto'} BackendPorts Cognito on the number, AppSync on +10, DynamoDB on +20; or any free ports.
 * @typedef {Record<string, string | undefined>} Environment
 * @typedef {{ endpoints: { cognito: string; appsync: string; dynamodb: string }; functions: Record<string, string>; outputs: string; dataDir: string; credentials: string; ms: number; timings: Record<string, number> }} ReadyInfo
 *   `credentials`: the JSON file with the admin credentials (accessKeyId, secretAccessKey) the admin APIs require.
 *   `functions`: the app's functions, by their name in the app → the function name Lambda's Invoke takes.
 */

/**
 * Where the backend keeps its data (FOLIO_DATA_DIR, default .local-data/dev) and writes its outputs
 * (FOLIO_OUTPUTS, default amplify_outputs.json), resolved against the project root.
 * @param {Environment} [env]
 */
function backendPaths(env = process.env) {
  return {
    dataDir: path.resolve(ROOT, env.FOLIO_DATA_DIR ?? path.join('.local-data', 'dev')),
    outputsFile: path.resolve(ROOT, env.FOLIO_OUTPUTS ?? 'amplify_outputs.json'),
  };
}

/**
 * @typedef {object} LaunchOptions
 * @property {Environment} [env] Set on top of this process's environment: FOLIO_DATA_DIR, FOLIO_OUTPUTS, FOLIO_SEED, FOLIO_BACKEND_PORTS.
 * @property {BackendPorts} [ports] Instead of FOLIO_BACKEND_PORTS.
 * @property {boolean} [fresh] Delete the data folder first (`npm start` with FOLIO_FRESH=1).
 * @property {boolean} [echo] Pass the backend's output through to this process's (`npm start`); otherwise it is kept in `log`.
 * @property {number} [timeoutMs] Stop the backend and reject `ready` when it is not ready by then.
 */

/** Every service on a port the system picks (the ready line and the outputs say which): for tests and benchmarks. */
const ANY_FREE_PORTS = 'auto';

/**
 * A port free right now, for a server that cannot report the one it was given (`next start`).
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

class BackendProcess {
  /** @param {LaunchOptions} [options] */
  constructor({ env = {}, ports, fresh = false, echo = false, timeoutMs } = {}) {
    /** @type {NodeJS.ProcessEnv} */
    const childEnv = { ...process.env, ...env };
    // The scheduler's revalidation key (amplify/functions/publish-due): the backend serves it to the
    // function as the secret FOLIO_REVALIDATE_SECRET; the site must hold the same value (scripts/start.mjs
    // passes both). A backend started alone gets a fresh one.
    childEnv.AMPLIFY_OFFLINE_SECRET_FOLIO_REVALIDATE_SECRET ??= childEnv.FOLIO_REVALIDATE_SECRET || randomBytes(32).toString('base64url');
    const { dataDir, outputsFile } = backendPaths(childEnv);
    const args = [CLI, 'start', '--data', dataDir, '--outputs', outputsFile];
    // FOLIO_BACKEND_PORTS: a first port or `auto`; unset, the package's own default (4010).
    const chosenPorts = ports ?? childEnv.FOLIO_BACKEND_PORTS;
    if (chosenPorts !== undefined) args.push('--ports', String(chosenPorts));
    if (childEnv.FOLIO_SEED !== '0') args.push('--seed', SEED);
    if (fresh) args.push('--fresh');
    /** Where this backend keeps its data. */
    this.dataDir = dataDir;
    /** The amplify_outputs.json this backend writes. */
    this.outputsFile = outputsFile;
    /** @type {ReadyInfo | undefined} What the ready line said: endpoints (actual ports), outputs file, credentials file, timings. */
    this.info = undefined;
    /** @type {string[]} Everything the backend printed (stdout and stderr), unless `echo` passes it through. */
    this.output = [];
    this.child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', echo ? 'inherit' : 'pipe'] });
    const child = this.child;
    /** @type {Promise<void>} Settles once the backend is ready; rejects, with what it printed, if it exits or times out first. */
    this.ready = new Promise((resolveReady, reject) => {
      let pending = '';
      /** @param {number | null} code @param {string | null} signal */
      const onEarlyExit = (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The local backend exited before it was ready (code ${code}, signal ${signal})${echo ? '' : `:\n${this.log}`}`));
      };
      const onTimeout = () => {
        child.off('exit', onEarlyExit);
        void this.stop().finally(() => reject(new Error(`The local backend was not ready after ${timeoutMs} ms${echo ? '' : `:\n${this.log}`}`)));
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(onTimeout, timeoutMs);
      /** @param {Buffer} chunk */
      const onData = (chunk) => {
        pending += chunk.toString('utf8');
        // Only a whole line counts: READY_LINE, a space and its JSON.
        const line = pending
          .split('\n')
          .slice(0, -1)
          .find((candidate) => candidate.startsWith(`${READY_LINE} {`));
        if (!line) return;
        /** @type {unknown} */
        const info = JSON.parse(line.slice(READY_LINE.length + 1));
        this.info = /** @type {ReadyInfo} */ (info);
        pending = '';
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        child.stdout?.off('data', onData);
        resolveReady();
      };
      child.once('exit', onEarlyExit);
      child.stdout?.on('data', onData);
    });
    child.stdout?.on('data', (/** @type {Buffer} */ chunk) => (echo ? process.stdout.write(chunk) : this.output.push(chunk.toString('utf8'))));
    child.stderr?.on('data', (/** @type {Buffer} */ chunk) => this.output.push(chunk.toString('utf8')));
  }

  /** What the backend printed so far (empty with `echo`). */
  get log() {
    return this.output.join('');
  }

  /**
   * SIGTERM, then SIGKILL only if the backend has not exited 20 s later. Resolves with its exit code.
   * @returns {Promise<number | null>}
   */
  async stop() {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    /** @type {Promise<number | null>} */
    const exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Spawns the backend and returns at once (so a caller can stop it while it starts); await `ready`.
 * @param {LaunchOptions} [options]
 */
function launchBackend(options = {}) {
  return new BackendProcess(options);
}

/**
 * Spawns the backend and resolves once it is ready.
 * @param {LaunchOptions} [options]
 */
async function startBackend(options = {}) {
  const backend = launchBackend(options);
  await backend.ready;
  return backend;
}

module.exports = { ANY_FREE_PORTS, BackendProcess, freePort, backendPaths, launchBackend, startBackend };
