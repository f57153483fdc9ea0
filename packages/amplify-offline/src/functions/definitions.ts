import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudAssembly, Stack } from '../appsync/cloud-assembly';

/** A Lambda function of the synthesized app, as the local runtime runs it. */
export interface FunctionDefinition {
  /** `arn:aws:lambda:<region>:<account>:function:<name>`, what the templates reference. */
  arn: string;
  /** The function's name on AWS (here its logical id). */
  name: string;
  /** What the app calls it: `defineFunction`'s name (the `amplify:friendly-name` tag), else the logical id. */
  label: string;
  /** Where it is declared, for messages: `<stack path>/<logical id>`. */
  where: string;
  /** The built code: the asset folder Lambda would unzip to /var/task. */
  codeDirectory: string;
  /** `index.handler`: module path (no extension) and exported name. */
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMB: number;
  /** The template's variables, intrinsics evaluated. */
  environment: Record<string, string>;
  roleArn: string;
}

/** Lambda's defaults when the template leaves them out. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/** Node.js runtimes the local worker can stand in for (it runs the backend's own Node, 22 or newer). */
export const SUPPORTED_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x'];

/**
 * Every `AWS::Lambda::Function` in the assembly, by ARN. Nothing is checked here: the deployment
 * machinery of CDK (custom-resource providers, bucket deployments in Python) is in the assembly
 * too and is never invoked locally; only functions something serves (an AppSync data source, a
 * schedule, a user-pool trigger) are checked and run, by `FunctionRuntime`.
 */
export function functionDefinitions(assembly: CloudAssembly): Map<string, () => FunctionDefinition> {
  const found = new Map<string, () => FunctionDefinition>();
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      if (resource.Condition && !stack.condition(resource.Condition)) continue;
      found.set(String(stack.getAtt(logicalId, 'Arn')), () => definition(assembly, stack, logicalId));
    }
  }
  return found;
}

function definition(assembly: CloudAssembly, stack: Stack, logicalId: string): FunctionDefinition {
  const where = `${stack.name}/${logicalId}`;
  const properties = stack.evaluate(stack.resources[logicalId]?.Properties ?? {}) as Record<string, unknown>;
  const tags = (properties.Tags ?? []) as { Key: string; Value: string }[];
  const label = tags.find((tag) => tag.Key === 'amplify:friendly-name')?.Value ?? logicalId;
  const refuse = (why: string): never => {
    throw new Error(`Function ${label} (${where}) cannot run offline: ${why}`);
  };
  const runtime = String(properties.Runtime ?? '');
  if (properties.PackageType === 'Image') refuse('it is a container image; only Node.js functions built from code run locally.');
  if (!SUPPORTED_RUNTIMES.includes(runtime)) refuse(`its runtime is ${runtime || 'not set'}; only ${SUPPORTED_RUNTIMES.join(', ')} run locally.`);
  if (((properties.Layers ?? []) as unknown[]).length) refuse('it uses Lambda layers, whose code is not in the app.');
  const code = (properties.Code ?? {}) as { S3Key?: string; ZipFile?: string };
  if (!code.S3Key) refuse('its code is not a built asset of the app.');
  const codeDirectory = assembly.assetPath(String(code.S3Key));
  if (!existsSync(codeDirectory) || !statSync(codeDirectory).isDirectory()) refuse(`its built code (${codeDirectory}) is not in the assembly.`);
  const handler = String(properties.Handler ?? '');
  const match = /^(.+)\.([^./]+)$/.exec(handler);
  if (!match) refuse(`its handler "${handler}" is not <file>.<export>.`);
  const [, file = ''] = match ?? [];
  if (!['.mjs', '.js', '.cjs'].some((extension) => existsSync(join(codeDirectory, `${file}${extension}`)))) {
    refuse(`its handler file ${file}.mjs/.js is not in ${codeDirectory}.`);
  }
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  return {
    arn: String(stack.getAtt(logicalId, 'Arn')),
    name: logicalId,
    label,
    where,
    codeDirectory,
    handler,
    runtime,
    timeoutSeconds: Number(properties.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
    memoryMB: Number(properties.MemorySize ?? DEFAULT_MEMORY_MB),
    environment: Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value)])),
    roleArn: String(properties.Role ?? ''),
  };
}
