import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './cognito/persistence';

/**
 * The backend's secrets (what `secret('NAME')` gives a function; on AWS, SSM parameters that
 * `ampx sandbox secret set` or the Amplify console write), kept in `<data>/secrets.json`, owner-only.
 * For one run (CI, a launcher that generates a value) the backend's environment may give a secret
 * instead, as `AMPLIFY_OFFLINE_SECRET_<NAME>`; it wins over the file. A function reads them at cold
 * start through SSM GetParameters, as Gen 2's functions do.
 */
export const SECRET_ENV_PREFIX = 'AMPLIFY_OFFLINE_SECRET_';
interface SecretsFile {
  version: 1;
  secrets: Record<string, { value: string; updatedAt: string }>;
}

const NAME = /^[A-Za-z0-9_.-]{1,256}$/;

export const secretsFile = (dataDir: string) => join(dataDir, 'secrets.json');

function read(dataDir: string): SecretsFile {
  const file = secretsFile(dataDir);
  if (!existsSync(file)) return { version: 1, secrets: {} };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SecretsFile;
  if (parsed.version !== 1) throw new Error(`${file}: unsupported secrets version ${String(parsed.version)}`);
  return parsed;
}

export function secretNames(dataDir: string): { name: string; updatedAt: string }[] {
  return Object.entries(read(dataDir).secrets).map(([name, entry]) => ({ name, updatedAt: entry.updatedAt }));
}

export function getSecret(dataDir: string, name: string): string | undefined {
  const fromEnvironment = process.env[`${SECRET_ENV_PREFIX}${name}`];
  if (fromEnvironment) return fromEnvironment;
  const secrets = read(dataDir).secrets;
  return Object.hasOwn(secrets, name) ? secrets[name]?.value : undefined;
}

export function setSecret(dataDir: string, name: string, value: string): void {
  if (!NAME.test(name)) throw new Error(`"${name}" is not a secret name: use letters, digits, "_", "." and "-".`);
  if (!value) throw new Error(`The value of secret ${name} is empty.`);
  const state = read(dataDir);
  state.secrets[name] = { value, updatedAt: new Date().toISOString() };
  writeFileAtomic(secretsFile(dataDir), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

export function removeSecret(dataDir: string, name: string): boolean {
  const state = read(dataDir);
  if (!Object.hasOwn(state.secrets, name)) return false;
  delete state.secrets[name];
  writeFileAtomic(secretsFile(dataDir), `${JSON.stringify(state, null, 2)}\n`, 0o600);
  return true;
}

/** Which secret a function's SSM paths name (`/amplify/<backend>/<branch>/NAME`, `/amplify/shared/<app>/NAME`): the last segment. */
export const secretNameOfPath = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The secrets a function's `AMPLIFY_SSM_ENV_CONFIG` asks for, by environment variable. */
export function secretsWanted(environment: Record<string, string>): Record<string, string> {
  const config = JSON.parse(environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}') as Record<string, { path?: string }>;
  return Object.fromEntries(Object.entries(config).flatMap(([variable, paths]) => (paths.path ? [[variable, secretNameOfPath(paths.path)]] : [])));
}

/** SSM's GetParameters for the secrets, as the function's AWS SDK calls it. */
export function getParameters(dataDir: string, body: Record<string, unknown>, region: string, accountId: string): Record<string, unknown> {
  const names = Array.isArray(body.Names) ? body.Names.map(String) : [];
  const values = new Map(
    names.flatMap((name) => {
      const value = getSecret(dataDir, secretNameOfPath(name));
      return value === undefined ? [] : [[name, value] as const];
    }),
  );
  const found = names.filter((name) => values.has(name));
  const updatedAt = Math.floor(Date.now() / 1000);
  return {
    Parameters: found.map((name) => ({
      Name: name,
      Type: 'SecureString',
      Value: values.get(name),
      Version: 1,
      DataType: 'text',
      LastModifiedDate: updatedAt,
      ARN: `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
    })),
    InvalidParameters: names.filter((name) => !found.includes(name)),
  };
}
