import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getSecret, secretsWanted, type TemplateParameters } from '../secrets';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fork, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import type { IamRole } from '../iam/roles';
import type { RoleSession } from '../iam/evaluate';
import type { KnownKey } from '../sigv4';
import type { FunctionDefinition } from './definitions';

/** An invocation that failed, as Lambda reports it (`errorType`, `errorMessage`). */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
    readonly functionLabel: string,
  ) {
    super(errorMessage);
    this.name = errorType;
  }
}

/** Temporary credentials of a function's execution role, as Lambda puts them in its environment. */
export interface FunctionCredentials extends KnownKey {
  sessionToken: string;
  expiresAt: number;
}

/** Lambda's execution-role credentials are refreshed well before they expire; locally a worker lives at most this long. */
const CREDENTIALS_LIFETIME_MS = 6 * 60 * 60 * 1000;
/** Concurrent executions per function before further invocations wait (Lambda's burst is far larger; a laptop is not). */
const MAX_WORKERS_PER_FUNCTION = 8;
/** Lambda gives an on-demand environment's init phase (loading the handler's module) 10 s of its own, outside the function's timeout. */
const INIT_LIMIT_MS = 10_000;

const keyId = () => `ASIA${Array.from(randomBytes(16), (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[byte % 32]).join('')}`;

/**
 * The sessions functions' roles are assumed in: what the local services (DynamoDB, the data API)
 * look up when a function's SDK signs a request, to evaluate the role's policies.
 */
export class FunctionSessions {
  private readonly issued = new Map<string, { credentials: FunctionCredentials; session: RoleSession }>();

  constructor(
    private readonly roles: Map<string, IamRole>,
    private readonly accountId: string,
  ) {}

  role(roleArn: string): IamRole | undefined {
    return this.roles.get(roleArn);
  }

  issue(definition: FunctionDefinition, now = Date.now()): FunctionCredentials {
    const role = this.roles.get(definition.roleArn);
    if (!role) throw new Error(`Function ${definition.label}: its role ${definition.roleArn} is not in the app.`);
    for (const [id, entry] of this.issued) if (entry.credentials.expiresAt <= now) this.issued.delete(id);
    const credentials: FunctionCredentials = {
      accessKeyId: keyId(),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(192).toString('base64'),
      expiresAt: now + CREDENTIALS_LIFETIME_MS,
    };
    this.issued.set(credentials.accessKeyId, {
      credentials,
      // Lambda names the session after the function.
      session: { role, sessionArn: `arn:aws:sts::${this.accountId}:assumed-role/${role.name}/${definition.name}`, accountId: this.accountId, webIdentity: {} },
    });
    return credentials;
  }

  credentials(accessKeyId: string): FunctionCredentials | undefined {
    return this.issued.get(accessKeyId)?.credentials;
  }

  session(accessKeyId: string): RoleSession | undefined {
    return this.issued.get(accessKeyId)?.session;
  }
}

/**
 * Lambda's Node.js runtimes provide the AWS SDK v3 (code Gen 2 puts in front of every function
 * imports `@aws-sdk/client-ssm` from it to read secrets). Locally the SDK this package depends on
 * stands in: the assembly's folder gets a `node_modules/@aws-sdk` link to it, found by Node's
 * resolution from the function's code the way Lambda's runtime path is.
 */
function provideRuntimeSdk(assemblyDirectory: string): void {
  const scope = dirname(dirname(require.resolve('@aws-sdk/client-ssm/package.json')));
  const modules = join(assemblyDirectory, 'node_modules');
  mkdirSync(modules, { recursive: true });
  try {
    symlinkSync(scope, join(modules, '@aws-sdk'), 'dir');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: FunctionError): void;
}

interface Environment {
  process: ChildProcess;
  expiresAt: number;
  /** Taken by an invocation (from the moment it is chosen until its result or failure). */
  reserved?: boolean;
  busy?: { id: string; pending: Pending; timer: NodeJS.Timeout };
  dead?: boolean;
  /** Settles when the init phase ends: the handler's module is loaded, or loading it failed. */
  initialized: Promise<void>;
  endInit: (failure?: FunctionError) => void;
}

export interface FunctionRuntimeOptions {
  region: string;
  sessions: FunctionSessions;
  /** Endpoints the functions' AWS SDK clients are pointed at (`AWS_ENDPOINT_URL_<SERVICE>`). */
  endpoints: Record<string, string>;
  /** A folder for the runtime's files (an empty shared-config file, so a developer's ~/.aws never leaks in). */
  dataDir: string;
  /** The template's own SSM parameters, which a function reads like secrets but which need no value set. */
  parameters?: TemplateParameters;
  log: (line: string) => void;
}

/**
 * Runs the app's functions as Lambda would: each from its built asset, in child processes that act
 * as execution environments (code loaded once, one invocation at a time, more environments for
 * concurrent invocations), with the template's environment variables, the execution role's
 * temporary credentials, the configured timeout (the environment is discarded, as Lambda does)
 * and memory (the process's heap limit), and output prefixed with the function's name.
 */
export class FunctionRuntime {
  private readonly functions = new Map<string, FunctionDefinition>();
  private readonly environments = new Map<string, Environment[]>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private closed = false;

  constructor(
    private readonly definitions: Map<string, () => FunctionDefinition>,
    private readonly options: FunctionRuntimeOptions,
  ) {}

  /**
   * Checks at start that the function something serves can run here; throws a message naming it
   * and what it uses it for otherwise. Returns its definition.
   */
  prepare(arn: string, usedBy: string): FunctionDefinition {
    const known = this.functions.get(arn);
    if (known) return known;
    const define = this.definitions.get(arn);
    if (!define) throw new Error(`${usedBy} invokes ${arn}, which is not a function of this app; it cannot be served offline.`);
    const definition = define();
    if (!this.options.sessions.role(definition.roleArn)) {
      throw new Error(`Function ${definition.label} (${definition.where}): its execution role ${definition.roleArn} is not in the app.`);
    }
    // As a deploy does, refuse to go on while a secret the function reads has no value.
    for (const name of Object.values(secretsWanted(definition.environment, this.options.parameters))) {
      if (getSecret(this.options.dataDir, name) === undefined) {
        throw new Error(
          `Function ${definition.label} reads the secret ${name}, which has no value here: set it with "npx amplify-offline secret set ${name} --data ${this.options.dataDir}".`,
        );
      }
    }
    provideRuntimeSdk(dirname(definition.codeDirectory));
    this.functions.set(arn, definition);
    return definition;
  }

  /** The ARN of an app function named by name, ARN or partial ARN (as Lambda's Invoke takes it), if there is one. */
  arnOf(nameOrArn: string): string | undefined {
    const target = nameOrArn.replace(/:\$LATEST$/, '');
    // A full ARN must be the function's; `<account>:function:<name>` and a bare name match its end.
    const suffix = target.startsWith('arn:') ? undefined : target.includes(':') ? `:${target}` : `:function:${target}`;
    return [...this.definitions.keys()].find((arn) => arn === target || (suffix !== undefined && arn.endsWith(suffix)));
  }

  /** The app's own functions (those `defineFunction` made): their name in the app → their function name. */
  appFunctions(): Record<string, string> {
    const named: Record<string, string> = {};
    for (const define of this.definitions.values()) {
      try {
        const definition = define();
        // Gen 2 gives every defineFunction this variable (its secrets' SSM paths, often `{}`);
        // the constructs' own helpers (the table manager, custom resources) have none.
        if ('AMPLIFY_SSM_ENV_CONFIG' in definition.environment) named[definition.label] = definition.name;
      } catch {
        // Deployment machinery (Python custom resources and the like) is never listed.
      }
    }
    return named;
  }

  /** Invokes a prepared function synchronously (RequestResponse); resolves with its result, rejects with a FunctionError. */
  async invoke(arn: string, event: unknown): Promise<unknown> {
    const definition = this.functions.get(arn);
    if (!definition) throw new Error(`Function ${arn} was not prepared`);
    const environment = await this.environment(definition);
    const id = randomUUID();
    // The invocation's clock starts after the init phase, as on Lambda: a cold start on a busy
    // machine is not the function overrunning its timeout.
    await environment.initialized;
    return new Promise((resolve, reject) => {
      const timeoutMs = definition.timeoutSeconds * 1000;
      const timer = setTimeout(() => {
        this.options.log(`[fn ${definition.label}] ${id} Task timed out after ${definition.timeoutSeconds.toFixed(2)} seconds`);
        this.discard(
          definition,
          environment,
          new FunctionError('Sandbox.Timedout', `${id} Task timed out after ${definition.timeoutSeconds.toFixed(2)} seconds`, definition.label),
        );
      }, timeoutMs);
      environment.busy = { id, pending: { resolve, reject }, timer };
      environment.process.send({
        id,
        event,
        context: {
          awsRequestId: id,
          functionName: definition.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: definition.arn,
          memoryLimitInMB: String(definition.memoryMB),
          logGroupName: `/aws/lambda/${definition.name}`,
          logStreamName: `local/${definition.label}`,
          deadline: Date.now() + timeoutMs,
        },
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.environments.values()].flat();
    this.environments.clear();
    for (const environment of all) {
      environment.dead = true;
      environment.process.kill('SIGKILL');
    }
  }

  /** An execution environment reserved for one invocation (marked before this returns, so no other caller can take it). */
  private async environment(definition: FunctionDefinition): Promise<Environment> {
    for (;;) {
      if (this.closed) throw new FunctionError('ServiceException', 'The local backend is shutting down.', definition.label);
      for (const expired of (this.environments.get(definition.arn) ?? []).filter((candidate) => !candidate.reserved && candidate.expiresAt <= Date.now())) {
        expired.dead = true;
        this.remove(definition, expired);
        expired.process.kill('SIGKILL');
      }
      const pool = this.environments.get(definition.arn) ?? [];
      const idle = pool.find((candidate) => !candidate.reserved && !candidate.dead);
      if (idle) {
        idle.reserved = true;
        return idle;
      }
      if (pool.length < MAX_WORKERS_PER_FUNCTION) {
        const created = this.spawn(definition);
        created.reserved = true;
        this.environments.set(definition.arn, [...pool, created]);
        return created;
      }
      await new Promise<void>((resume) => this.waiting.set(definition.arn, [...(this.waiting.get(definition.arn) ?? []), resume]));
    }
  }

  private spawn(definition: FunctionDefinition): Environment {
    const credentials = this.options.sessions.issue(definition);
    const none = join(this.options.dataDir, 'no-aws-config');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      AWS_REGION: this.options.region,
      AWS_DEFAULT_REGION: this.options.region,
      AWS_LAMBDA_FUNCTION_NAME: definition.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memoryMB),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.name}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
      LAMBDA_TASK_ROOT: definition.codeDirectory,
      _HANDLER: definition.handler,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      // The SDK reads these instead of a developer's own profile and endpoints.
      AWS_CONFIG_FILE: none,
      AWS_SHARED_CREDENTIALS_FILE: none,
      ...Object.fromEntries(Object.entries(this.options.endpoints).map(([service, url]) => [`AWS_ENDPOINT_URL_${service}`, url])),
      ...definition.environment,
    };
    // A process of its own, as a Lambda execution environment is: a function that crashes or
    // exhausts its memory ends only itself (a worker thread's limits do not cover every fatal
    // error, and one took the whole backend down in a test). Lambda runs in UTC.
    const child = fork(join(__dirname, 'worker.mjs'), [JSON.stringify({ codeDirectory: definition.codeDirectory, handler: definition.handler })], {
      // (Cast: an app's typings may declare variables, such as NODE_ENV, that Lambda does not set.)
      env: { ...env, TZ: 'UTC' } as unknown as NodeJS.ProcessEnv,
      execArgv: [`--max-old-space-size=${definition.memoryMB}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.unref();
    child.channel?.unref();
    let endInit!: (failure?: FunctionError) => void;
    const initialized = new Promise<void>((resolve, reject) => {
      endInit = (failure) => {
        clearTimeout(initTimer);
        if (failure) reject(failure);
        else resolve();
      };
    });
    // Nobody may be waiting yet; whoever awaits it later still sees the failure.
    initialized.catch(() => undefined);
    const environment: Environment = { process: child, expiresAt: credentials.expiresAt - 60_000, initialized, endInit };
    const initTimer: NodeJS.Timeout = setTimeout(() => {
      const failure = new FunctionError('Runtime.InitTimeout', `INIT_REPORT Init Duration: ${INIT_LIMIT_MS} ms Phase: init Status: timeout`, definition.label);
      this.options.log(`[fn ${definition.label}] ${failure.errorMessage}`);
      this.discard(definition, environment, failure);
    }, INIT_LIMIT_MS);
    initTimer.unref();
    let outOfMemory = false;
    const prefix = (stream: Readable | null) =>
      stream &&
      createInterface({ input: stream }).on('line', (line) => {
        if (/JavaScript heap out of memory|Reached heap limit/.test(line)) outOfMemory = true;
        this.options.log(`[fn ${definition.label}] ${line}`);
      });
    prefix(child.stdout);
    prefix(child.stderr);
    // The pipes must not keep the backend alive on their own either.
    for (const stream of [child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();
    child.on(
      'message',
      (message: {
        id?: string;
        ok?: boolean;
        payload?: string;
        error?: { errorType: string; errorMessage: string };
        crashed?: { errorType: string; errorMessage: string };
        initialized?: boolean;
        initError?: { errorType: string; errorMessage: string };
      }) => {
        if (message.initialized) {
          endInit();
          return;
        }
        if (message.initError) {
          const failure = new FunctionError(message.initError.errorType, message.initError.errorMessage, definition.label);
          this.options.log(`[fn ${definition.label}] ${failure.errorType}: ${failure.errorMessage}`);
          this.discard(definition, environment, failure);
          return;
        }
        if (message.crashed) {
          this.options.log(`[fn ${definition.label}] ${message.crashed.errorType}: ${message.crashed.errorMessage}`);
          this.discard(definition, environment, new FunctionError(message.crashed.errorType, message.crashed.errorMessage, definition.label));
          return;
        }
        const busy = environment.busy;
        if (!busy || busy.id !== message.id) return;
        clearTimeout(busy.timer);
        environment.busy = undefined;
        environment.reserved = false;
        this.release(definition);
        if (message.ok) busy.pending.resolve(JSON.parse(message.payload ?? 'null'));
        else {
          const error = message.error ?? { errorType: 'Error', errorMessage: 'Unknown error' };
          this.options.log(`[fn ${definition.label}] ${message.id} ${error.errorType}: ${error.errorMessage}`);
          busy.pending.reject(new FunctionError(error.errorType, error.errorMessage, definition.label));
        }
      },
    );
    child.on('error', (error: Error) => {
      const failure = new FunctionError('Runtime.ExitError', `Runtime exited with error: ${error.message}`, definition.label);
      this.options.log(`[fn ${definition.label}] ${failure.errorType}: ${failure.errorMessage}`);
      this.discard(definition, environment, failure);
    });
    child.on('exit', (code, signal) => {
      if (environment.dead) return;
      const failure =
        outOfMemory || signal === 'SIGABRT' || code === 134
          ? new FunctionError('Runtime.OutOfMemory', `Runtime exited with error: the function ran out of its ${definition.memoryMB} MB`, definition.label)
          : new FunctionError('Runtime.ExitError', `Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`, definition.label);
      this.options.log(`[fn ${definition.label}] ${failure.errorType}: ${failure.errorMessage}`);
      this.discard(definition, environment, failure);
    });
    return environment;
  }

  /** Ends an execution environment (timed out, crashed, out of memory); its invocation fails with `failure`. */
  private discard(definition: FunctionDefinition, environment: Environment, failure: FunctionError): void {
    if (environment.dead) return;
    environment.dead = true;
    // An invocation waiting for the init phase fails with what ended it (no effect once it ended).
    environment.endInit(failure);
    const busy = environment.busy;
    environment.busy = undefined;
    if (busy) {
      clearTimeout(busy.timer);
      busy.pending.reject(failure);
    }
    this.remove(definition, environment);
    environment.process.kill('SIGKILL');
    this.release(definition);
  }

  private remove(definition: FunctionDefinition, environment: Environment): void {
    const pool = this.environments.get(definition.arn);
    if (pool)
      this.environments.set(
        definition.arn,
        pool.filter((candidate) => candidate !== environment),
      );
  }

  private release(definition: FunctionDefinition): void {
    const next = this.waiting.get(definition.arn)?.shift();
    next?.();
  }
}
