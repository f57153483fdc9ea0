import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SynthOptions {
  projectRoot: string;
  outDir: string;
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

/** Fingerprint of everything that shapes the synthesized templates. */
function fingerprint(projectRoot: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(join(projectRoot, 'amplify')).sort()) {
    hash.update(relative(projectRoot, file)).update(readFileSync(file));
  }
  const lock = join(projectRoot, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

/**
 * Synthesizes amplify/backend.ts exactly as `ampx` does (tsx runs it with CDK_OUTDIR and the
 * backend identity in CDK_CONTEXT_JSON; defineBackend synthesizes on exit). Skipped when
 * nothing under amplify/ nor the lockfile changed since the last run.
 */
export async function synthesizeBackend(options: SynthOptions): Promise<{ cdkOut: string; cached: boolean }> {
  const { projectRoot, outDir, log = console.log } = options;
  const cdkOut = join(outDir, 'cdk.out');
  const stampFile = join(outDir, 'synth.fingerprint');
  const stamp = `${fingerprint(projectRoot)}:${options.type ?? 'sandbox'}:${options.name ?? 'local'}:${JSON.stringify(options.env ?? {})}`;
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(cdkOut, 'manifest.json'))) {
    return { cdkOut, cached: true };
  }
  rmSync(cdkOut, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  log('[synth] synthesizing amplify/backend.ts');
  const tsxCli = require.resolve('tsx/cli', { paths: [projectRoot] });
  const context = {
    'amplify-backend-namespace': options.namespace ?? 'amplify-offline',
    'amplify-backend-name': options.name ?? 'local',
    'amplify-backend-type': options.type ?? 'sandbox',
  };
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, join(projectRoot, 'amplify', 'backend.ts')], {
      cwd: projectRoot,
      env: { ...process.env, ...options.env, CDK_OUTDIR: cdkOut, CDK_CONTEXT_JSON: JSON.stringify(context) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || !existsSync(join(cdkOut, 'manifest.json'))) {
    throw new Error(`Synthesizing amplify/backend.ts failed (exit ${code}):\n${output.join('')}`);
  }
  writeFileSync(stampFile, stamp);
  return { cdkOut, cached: false };
}
