import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface SynthOptions {
  projectRoot: string;
  /** Where synthesized assemblies are kept, one folder per input fingerprint (default below). */
  cacheDir?: string;
  /** Backend identity as ampx passes it; the local backend behaves like a sandbox. */
  namespace?: string;
  name?: string;
  /** `sandbox` for the local backend; `branch` to synthesize what pipeline-deploy would deploy. */
  type?: 'sandbox' | 'branch';
  /** Extra environment for amplify/backend.ts (e.g. production alert settings). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Reads of the environment in source text: `process.env.NAME`, `env.NAME`, `env['NAME']`. */
const ENV_READ = /\benv(?:\.([A-Z_][A-Z0-9_]*)|\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\])/g;
/** Relative module specifiers: `from './x'`, `import('./x')`, `require('../x')`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SOURCE_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

/** The file a relative specifier names, as Node and tsx resolve it (an extension or an index file added), if any. */
function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    ...SOURCE_EXTENSIONS.map((extension) => base + extension),
    // TypeScript sources imported with a .js extension.
    ...(/\.[cm]?js$/.test(base) ? ['.ts', '.tsx', '.mts', '.cts'].map((extension) => base.replace(/\.[cm]?js$/, extension)) : []),
    ...SOURCE_EXTENSIONS.slice(1).map((extension) => join(base, `index${extension}`)),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/**
 * Fingerprint of what shapes the synthesized templates: every file under amplify/, every local
 * file the backend's non-test files import from outside it (followed transitively, e.g. a shared
 * lib/ module), the lockfile, and the environment variables those sources read by name. Tests are
 * hashed but not followed: they never run in a synthesis.
 */
export function fingerprint(projectRoot: string): { hash: string; names: Set<string> } {
  const names = new Set<string>();
  const contents = new Map<string, Buffer>();
  const pending = filesUnder(join(projectRoot, 'amplify'));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (contents.has(file) || file.includes(`${join('node_modules', '')}`)) continue;
    const content = readFileSync(file);
    contents.set(file, content);
    if (TEST_FILE.test(file) || !/\.[cm]?[jt]sx?$/.test(file)) continue;
    const text = content.toString('utf8');
    for (const match of text.matchAll(ENV_READ)) names.add(match[1] ?? match[2] ?? '');
    for (const match of text.matchAll(RELATIVE_IMPORT)) {
      const target = match[1] ? resolveLocal(file, match[1]) : undefined;
      if (target && !contents.has(target)) pending.push(target);
    }
  }
  const hash = createHash('sha256');
  for (const file of [...contents.keys()].sort()) {
    const content = contents.get(file) ?? Buffer.alloc(0);
    hash.update(`${relative(projectRoot, file)}\0${content.length}\0`).update(content);
  }
  for (const lockfile of ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock']) {
    const path = join(projectRoot, lockfile);
    if (existsSync(path)) hash.update(`${lockfile}\0`).update(readFileSync(path));
  }
  return { hash: hash.digest('hex'), names };
}

/** Where assemblies are cached unless told otherwise: the usual place for tools' caches in a project. */
export function defaultSynthCacheDir(projectRoot: string): string {
  return join(projectRoot, 'node_modules', '.cache', 'amplify-offline', 'synth');
}

/**
 * The environment that may shape what a backend synthesizes: Amplify Hosting's build variables
 * (AWS_BRANCH, AWS_PULL_REQUEST_ID, …), CDK's settings, and every variable the backend's files
 * read by name. A variable read under a computed name is not seen: delete the cache folder after
 * changing one.
 */
function relevantEnvironment(env: Record<string, string | undefined>, named: Set<string>): [string, string][] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && (/^(AWS_|CDK_)/.test(entry[0]) || named.has(entry[0])))
    .filter(([name]) => name !== 'CDK_OUTDIR' && name !== 'CDK_CONTEXT_JSON' && !name.startsWith('AMPLIFY_OFFLINE_'))
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Synthesizes amplify/backend.ts exactly as `ampx` does (tsx runs it with CDK_OUTDIR and the
 * backend identity in CDK_CONTEXT_JSON; defineBackend synthesizes on exit). The assembly is kept
 * under a fingerprint of its inputs (everything under amplify/, the lockfile, the backend identity
 * and the environment above), so every data folder, test and restart with the same inputs shares
 * one synthesis. Two processes synthesizing the same inputs at once both succeed: each writes its
 * own folder and the first rename wins.
 */
export async function synthesizeBackend(options: SynthOptions): Promise<{ cdkOut: string; cached: boolean }> {
  const { projectRoot, log = console.log } = options;
  const env = { ...process.env, ...options.env };
  const context = {
    'amplify-backend-namespace': options.namespace ?? 'amplify-offline',
    'amplify-backend-name': options.name ?? 'local',
    'amplify-backend-type': options.type ?? 'sandbox',
  };
  const files = fingerprint(projectRoot);
  const key = createHash('sha256')
    .update(JSON.stringify({ files: files.hash, context, env: relevantEnvironment(env, files.names), given: options.env ?? {}, format: 1 }))
    .digest('hex')
    .slice(0, 32);
  const cacheDir = options.cacheDir ?? defaultSynthCacheDir(projectRoot);
  const cdkOut = join(cacheDir, key, 'cdk.out');
  if (existsSync(join(cdkOut, 'manifest.json'))) return { cdkOut, cached: true };

  const workDir = join(cacheDir, `${key}.${process.pid}.${Date.now()}`);
  const workOut = join(workDir, 'cdk.out');
  mkdirSync(workDir, { recursive: true });
  log('[synth] synthesizing amplify/backend.ts');
  // The package's own tsx, whichever the app has.
  const tsxCli = require.resolve('tsx/cli');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, join(projectRoot, 'amplify', 'backend.ts')], {
      cwd: projectRoot,
      env: { ...env, CDK_OUTDIR: workOut, CDK_CONTEXT_JSON: JSON.stringify(context) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !existsSync(join(workOut, 'manifest.json'))) {
    rmSync(workDir, { recursive: true, force: true });
    throw new Error(`Synthesizing amplify/backend.ts failed (exit ${code}):\n${output.join('')}`);
  }
  try {
    renameSync(workDir, join(cacheDir, key));
  } catch (error) {
    // Another process finished the same synthesis first: use its copy.
    rmSync(workDir, { recursive: true, force: true });
    if (!existsSync(join(cdkOut, 'manifest.json'))) throw error;
  }
  return { cdkOut, cached: false };
}
