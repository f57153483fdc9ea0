import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAssembly } from './appsync/cloud-assembly';
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

/**
 * SSM parameters the app's templates create, by name: Gen 2's resource references (e.g.
 * `/amplify/resource_reference/<app>/<branch>/AMPLIFY_AUTH_USERPOOL_ID` for a function given
 * access to the user pool), read by the function at cold start like its secrets.
 */
export type TemplateParameters = ReadonlyMap<string, { value: string; type: string }>;

export function templateParameters(assembly: CloudAssembly): TemplateParameters {
  const found = new Map<string, { value: string; type: string }>();
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::SSM::Parameter' || (resource.Condition && !stack.condition(resource.Condition))) continue;
      const properties = stack.evaluate(resource.Properties ?? {}) as { Name?: unknown; Value?: unknown; Type?: unknown };
      const name = String(properties.Name ?? logicalId);
      found.set(name.startsWith('/') ? name : `/${name}`, { value: String(properties.Value ?? ''), type: String(properties.Type ?? 'String') });
    }
  }
  return found;
}

const parameterKey = (name: string) => (name.startsWith('/') ? name : `/${name}`);

/** The secrets a function's `AMPLIFY_SSM_ENV_CONFIG` asks for, by environment variable (the template's own parameters are not secrets). */
export function secretsWanted(environment: Record<string, string>, parameters: TemplateParameters = new Map()): Record<string, string> {
  const config = JSON.parse(environment.AMPLIFY_SSM_ENV_CONFIG ?? '{}') as Record<string, { path?: string }>;
  return Object.fromEntries(
    Object.entries(config).flatMap(([variable, paths]) =>
      paths.path && !parameters.has(parameterKey(paths.path)) ? [[variable, secretNameOfPath(paths.path)]] : [],
    ),
  );
}

/** SSM's GetParameters for the secrets and the template's parameters, as the function's AWS SDK calls it. */
export function getParameters(
  dataDir: string,
  body: Record<string, unknown>,
  region: string,
  accountId: string,
  parameters: TemplateParameters = new Map(),
): Record<string, unknown> {
  const names = Array.isArray(body.Names) ? body.Names.map(String) : [];
  const values = new Map(
    names.flatMap((name) => {
      const parameter = parameters.get(parameterKey(name));
      const value = parameter ? parameter.value : getSecret(dataDir, secretNameOfPath(name));
      return value === undefined ? [] : [[name, { value, type: parameter?.type ?? 'SecureString' }] as const];
    }),
  );
  const found = names.filter((name) => values.has(name));
  const updatedAt = Math.floor(Date.now() / 1000);
  return {
    Parameters: found.map((name) => ({
      Name: name,
      Type: values.get(name)?.type,
      Value: values.get(name)?.value,
      Version: 1,
      DataType: 'text',
      LastModifiedDate: updatedAt,
      ARN: `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
    })),
    InvalidParameters: names.filter((name) => !found.includes(name)),
  };
}
