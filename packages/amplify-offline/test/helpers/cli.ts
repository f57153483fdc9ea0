import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalCredentials } from '../../src';

export const BIN = resolve(__dirname, '..', '..', 'bin', 'amplify-offline.js');

export interface ReadyLine {
  endpoints: { cognito: string; appsync: string; dynamodb: string };
  /** The app's functions: defineFunction name → function name (what Lambda's Invoke takes). */
  functions?: Record<string, string>;
  outputs: string;
  credentials: string;
  ms: number;
}

/**
 * `npx amplify-offline start` as an app runs it from its root, on a fixture app under
 * test/fixtures, with a temporary data folder and outputs file and any free ports.
 */
export class FixtureBackend {
  private constructor(
    readonly child: ChildProcess,
    readonly ready: ReadyLine,
    private readonly work: string,
    /** Everything it printed, stdout and stderr. */
    readonly printed: string[],
  ) {}

  /**
   * `restart.ports` takes fixed ports (BASE) instead of any free ones, and `restart.work` another
   * run's data folder (that run stopped with `keepData`): the command started again, as a developer
   * restarts it.
   */
  static async start(fixture: string, seed?: string, env: NodeJS.ProcessEnv = {}, restart?: { work?: string; ports: number }): Promise<FixtureBackend> {
    const work = restart?.work ?? mkdtempSync(join(tmpdir(), `amplify-offline-${fixture}-`));
    const ports = restart ? String(restart.ports) : 'auto';
    const args = [BIN, 'start', '--data', join(work, 'data'), '--outputs', join(work, 'outputs.json'), '--ports', ports, ...(seed ? ['--seed', seed] : [])];
    const child = spawn(process.execPath, args, {
      cwd: join(__dirname, '..', 'fixtures', fixture),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const printed: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => printed.push(chunk.toString()));
    try {
      const ready = await new Promise<ReadyLine>((resolveReady, reject) => {
        let buffer = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          printed.push(chunk.toString());
          const line = buffer.split('\n').find((candidate) => candidate.startsWith('amplify-offline ready {'));
          if (line) resolveReady(JSON.parse(line.slice('amplify-offline ready '.length)) as ReadyLine);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code} before ready:\n${printed.join('')}`)));
      });
      return new FixtureBackend(child, ready, work, printed);
    } catch (error) {
      rmSync(work, { recursive: true, force: true });
      throw error;
    }
  }

  outputs<T = Record<string, unknown>>(): T {
    return JSON.parse(readFileSync(this.ready.outputs, 'utf8')) as T;
  }

  credentials(): LocalCredentials {
    return JSON.parse(readFileSync(this.ready.credentials, 'utf8')) as LocalCredentials;
  }

  /** The newest code the pool "sent" to a destination, from the data folder's mailbox. */
  lastCode(destination: string): string {
    const lines = readFileSync(join(this.work, 'data', 'mailbox.log'), 'utf8')
      .trim()
      .split('\n');
    const line = lines.reverse().find((candidate) => candidate.includes(` code for ${destination}: `));
    const code = line?.match(/(\d{6})$/)?.[1];
    if (!code) throw new Error(`no code for ${destination} in the mailbox`);
    return code;
  }

  /** Where its data folder and outputs are (for a restart on them). */
  get workDir(): string {
    return this.work;
  }

  /** SIGTERM, as Ctrl+C or a process manager would stop it; resolves with the exit code. `keepData` leaves the data folder for a restart. */
  async stop(options: { keepData?: boolean } = {}): Promise<number | null> {
    const exited = this.child.exitCode !== null ? Promise.resolve(this.child.exitCode) : new Promise<number | null>((done) => this.child.once('exit', done));
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    const code = await exited;
    if (!options.keepData) rmSync(this.work, { recursive: true, force: true });
    return code;
  }
}
