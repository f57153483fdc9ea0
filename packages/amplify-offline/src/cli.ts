import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalBackend, DEFAULT_PORTS, type LocalBackend } from './index';
import { seedAdminClient, type SeedContext } from './seed-hook';
import { getSecret, removeSecret, secretNames, setSecret } from './secrets';

/** How the line printed once everything is served begins; JSON follows (see README). */
export const READY_PREFIX = 'amplify-offline ready';

const USAGE = `Usage: amplify-offline start [options]   (run from the app root, the folder holding amplify/backend.ts)
       amplify-offline secret set|get|remove NAME [--data DIR]
       amplify-offline secret list [--data DIR]

Secrets are what secret('NAME') gives the app's functions (ampx sandbox secret on AWS); \`set\`
reads the value from standard input and they are kept in DIR/secrets.json.

Options:
  --data DIR        where users, keys and tables are kept (default .amplify-offline)
  --outputs FILE    where amplify_outputs.json is written (default amplify_outputs.json)
  --ports BASE|auto Cognito on BASE, AppSync on BASE+10, DynamoDB (also SSM and Lambda's Invoke)
                    on BASE+20, Storage (S3, HTTPS) on BASE+30 (default ${DEFAULT_PORTS.cognito});
                    auto: any free ports (the ready line says which)
  --seed MODULE     after start, call the module's default export with the outputs and an admin
                    client for the user pool (run on every start: make it idempotent)
  --fresh           delete the data folder first
  -h, --help        this text

Environment:
  AMPLIFY_OFFLINE_CACHE_DIR  where synthesized backends are cached, one per input fingerprint
                             (default node_modules/.cache/amplify-offline/synth)
  AMPLIFY_OFFLINE_CA_DIR     where the local certificate authority for the HTTPS endpoints is kept
                             (default ~/.amplify-offline/ca)`;

class UsageError extends Error {}

function portsFrom(value: string | undefined): { cognito: number; appsync: number; dynamodb: number; storage: number } {
  if (value === undefined) return { ...DEFAULT_PORTS };
  if (value === 'auto') return { cognito: 0, appsync: 0, dynamodb: 0, storage: 0 };
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65_515)
    throw new UsageError(`--ports takes a port number (1-65515) or "auto", not "${value}"`);
  const base = Number(value);
  return { cognito: base, appsync: base + 10, dynamodb: base + 20, storage: base + 30 };
}

async function runSeed(modulePath: string, backend: LocalBackend, projectRoot: string): Promise<void> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(projectRoot, modulePath);
  if (!existsSync(file)) throw new UsageError(`--seed: no module at ${file}`);
  const loaded = (await import(pathToFileURL(file).href)) as { default?: unknown };
  // tsx hands a CommonJS-compiled TypeScript module's exports over as `default` once more.
  const seed = typeof loaded.default === 'function' ? loaded.default : (loaded.default as { default?: unknown } | undefined)?.default;
  if (typeof seed !== 'function') throw new UsageError(`--seed: ${modulePath} has no default export function`);
  const userPoolAdmin = seedAdminClient(backend);
  try {
    const context: SeedContext = { outputs: backend.outputs, endpoints: backend.endpoints, userPoolAdmin, log: console.log };
    await (seed as (context: SeedContext) => unknown)(context);
  } finally {
    userPoolAdmin.destroy();
  }
}

async function start(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      outputs: { type: 'string' },
      ports: { type: 'string' },
      seed: { type: 'string' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const ports = portsFrom(values.ports);
  const projectRoot = process.cwd();
  if (!existsSync(join(projectRoot, 'amplify', 'backend.ts'))) {
    throw new UsageError(`No amplify/backend.ts in ${projectRoot}: run amplify-offline from the root of an Amplify Gen 2 app.`);
  }
  const started = performance.now();
  const dataDir = resolve(projectRoot, values.data ?? '.amplify-offline');
  const outputsFile = resolve(projectRoot, values.outputs ?? 'amplify_outputs.json');
  const synthCacheDir = process.env.AMPLIFY_OFFLINE_CACHE_DIR ? resolve(process.env.AMPLIFY_OFFLINE_CACHE_DIR) : undefined;
  const backend = await startLocalBackend({ projectRoot, dataDir, outputsFile, ports, fresh: values.fresh === true, synthCacheDir });
  const stop = () => {
    backend.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (values.seed) await runSeed(values.seed, backend, projectRoot);
  const ms = Math.round(performance.now() - started);
  // One line a parent process can parse: where everything is and how long it took.
  console.log(
    `${READY_PREFIX} ${JSON.stringify({ endpoints: backend.endpoints, functions: backend.functions, outputs: outputsFile, dataDir, credentials: backend.credentialsFile, ms, timings: backend.timings })}`,
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing line break (from echo or a terminal) is not part of the value.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function secret(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { data: { type: 'string' } }, allowPositionals: true, strict: true });
  const [action, name] = positionals;
  const dataDir = resolve(process.cwd(), values.data ?? '.amplify-offline');
  if (action === 'list') {
    for (const entry of secretNames(dataDir)) console.log(`${entry.name}\t(set ${entry.updatedAt})`);
    return;
  }
  if (!name || positionals.length !== 2) throw new UsageError(`secret ${action ?? ''} takes one NAME.\n\n${USAGE}`);
  switch (action) {
    case 'set':
      mkdirSync(dataDir, { recursive: true });
      setSecret(dataDir, name, await readStdin());
      return;
    case 'get': {
      const value = getSecret(dataDir, name);
      if (value === undefined) throw new UsageError(`No secret ${name} in ${dataDir}.`);
      process.stdout.write(`${value}\n`);
      return;
    }
    case 'remove':
      if (!removeSecret(dataDir, name)) throw new UsageError(`No secret ${name} in ${dataDir}.`);
      return;
    default:
      throw new UsageError(`Unknown secret action "${action}".\n\n${USAGE}`);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'start') return start(rest);
  if (command === 'secret') return secret(rest);
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return;
  }
  throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Usage mistakes and refusals are messages, not stack traces.
  const known = error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  console.error(known || !(error instanceof Error) ? `amplify-offline: ${error instanceof Error ? error.message : String(error)}` : error);
  process.exit(known ? 2 : 1);
});
