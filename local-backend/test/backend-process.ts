import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface BackendPorts {
  cognito: number;
  appsync: number;
  dynamodb: number;
}

/** The offline backend as a child process, the way `npm start` runs it (tests use their own ports). */
export class Backend {
  private constructor(
    readonly child: ChildProcess,
    readonly output: string[],
  ) {}

  /** Spawns `local-backend/src/cli.ts` and resolves once it prints `[local-backend] ready`. */
  static start(ports: BackendPorts, env: Record<string, string>, timeoutMs = 120_000): Promise<Backend> {
    const child = spawn(process.execPath, [TSX_CLI, 'local-backend/src/cli.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        FOLIO_COGNITO_PORT: String(ports.cognito),
        FOLIO_APPSYNC_PORT: String(ports.appsync),
        FOLIO_DYNAMODB_PORT: String(ports.dynamodb),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const backend = new Backend(child, output);
    return new Promise<Backend>((resolvePromise, reject) => {
      let buffered = '';
      const timer = setTimeout(() => {
        void backend.stop().finally(() => reject(new Error(`backend not ready after ${timeoutMs} ms:\n${output.join('')}`)));
      }, timeoutMs);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output.push(text);
        buffered += text;
        if (/^\[local-backend\] ready$/m.test(buffered)) {
          clearTimeout(timer);
          child.off('exit', onEarlyExit);
          resolvePromise(backend);
        }
      };
      const onEarlyExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`backend exited before ready (code ${code}, signal ${signal}):\n${output.join('')}`));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.once('exit', onEarlyExit);
    });
  }

  get log(): string {
    return this.output.join('');
  }

  /** SIGTERM (the CLI closes its servers and flushes the tables), SIGKILL only as a last resort. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
