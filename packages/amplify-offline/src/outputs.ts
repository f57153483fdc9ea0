import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CloudAssembly } from './appsync/cloud-assembly';

export interface LocalEndpoints {
  user_pool_endpoint: string;
  /** Cognito Identity (the identity pool), when the app has one. */
  identity_pool_endpoint?: string;
  /** The S3 endpoint as `host:port` (aws-amplify Storage's `customEndpoint`), when the app has storage. */
  storage_endpoint?: string;
  /** The local CA's certificate file, which the HTTPS endpoints' certificate chains to. */
  ca_certificate?: string;
}

/** Whether the app defines storage (the root stack carries Amplify's storage metadata). */
export function declaresStorage(assembly: CloudAssembly): boolean {
  const metadata = (assembly.root.template as unknown as { Metadata?: Record<string, unknown> }).Metadata ?? {};
  return 'AWS::Amplify::Storage' in metadata;
}

/** The bucket names the outputs give the client (`storage.bucket_name` and every `storage.buckets[]`). */
export function storageBucketNames(outputs: object): Set<string> {
  const storage = (outputs as { storage?: { bucket_name?: string; buckets?: { bucket_name?: string }[] } }).storage;
  return new Set(
    [storage?.bucket_name, ...(storage?.buckets ?? []).map((bucket) => bucket.bucket_name)].filter((name): name is string => typeof name === 'string'),
  );
}

type BackendOutput = Record<string, { version: string; payload: Record<string, string> }>;

/** The root stack's Amplify metadata and outputs, as `ampx` reads them from CloudFormation. */
function backendOutput(assembly: CloudAssembly): BackendOutput {
  const template = assembly.root.template as unknown as {
    Metadata?: Record<string, { version: string; stackOutputs: string[] }>;
    Outputs?: Record<string, unknown>;
  };
  const result: BackendOutput = {};
  for (const [key, entry] of Object.entries(template.Metadata ?? {})) {
    if (!key.startsWith('AWS::Amplify::')) continue;
    const payload: Record<string, string> = {};
    for (const name of entry.stackOutputs) {
      if (template.Outputs?.[name] !== undefined) payload[name] = String(assembly.root.output(name));
    }
    result[key] = { version: entry.version, payload };
  }
  return result;
}

/** A file Gen 2 uploads next to the API (a bucket-deployment asset), by name. */
function codegenAsset(assembly: CloudAssembly, name: string): string {
  for (const stack of assembly.root.walk()) {
    for (const resource of Object.values(stack.resources)) {
      if (resource.Type !== 'Custom::CDKBucketDeployment') continue;
      for (const key of (resource.Properties?.SourceObjectKeys ?? []) as string[]) {
        const file = join(assembly.assetPath(key), name);
        if (existsSync(file)) return readFileSync(file, 'utf8');
      }
    }
  }
  throw new Error(`The synthesized data stack uploads no ${name}`);
}

/**
 * What `ampx generate outputs` does with the API's model schema (the S3 object named by the
 * stack's amplifyApiModelSchemaS3Uri): @aws-amplify/model-generator turns it into the model
 * introspection schema with @aws-amplify/graphql-generator. The same generator, found beside the
 * app's client-config, is given the synthesized file instead of the S3 object.
 */
function modelIntrospectionAdapter(assembly: CloudAssembly, clientConfig: string): { getModelIntrospectionSchemaFromS3Uri(uri?: string): Promise<unknown> } {
  return {
    async getModelIntrospectionSchemaFromS3Uri(uri) {
      if (!uri) return undefined;
      const schema = codegenAsset(assembly, uri.split('/').pop() ?? '');
      const modelGenerator = dirname(require.resolve('@aws-amplify/model-generator', { paths: [clientConfig] }));
      const generatorEntry = require.resolve('@aws-amplify/graphql-generator', { paths: [modelGenerator] });
      const { generateModels } = (await import(pathToFileURL(generatorEntry).href)) as {
        generateModels: (options: { schema: string; target: 'introspection' }) => Promise<Record<string, string>>;
      };
      const files = Object.values(await generateModels({ schema, target: 'introspection' }));
      if (files.length !== 1 || files[0] === undefined) throw new Error(`Expected one model introspection schema from ${uri}, got ${files.length}`);
      return JSON.parse(files[0]) as unknown;
    },
  };
}

/**
 * The `@aws-amplify/client-config` the app's own `ampx` uses (the one beside its
 * `@aws-amplify/backend-cli`), so the outputs are what `ampx generate outputs` would write for it.
 */
function clientConfigPackage(projectRoot: string): string {
  let cli: string;
  try {
    cli = dirname(require.resolve('@aws-amplify/backend-cli/package.json', { paths: [projectRoot] }));
  } catch {
    throw new Error('@aws-amplify/backend-cli is not installed in this app: amplify-offline writes amplify_outputs.json with its generator.');
  }
  // Its export map has no ./package.json; its entry point sits in lib/ beside the factory.
  return dirname(require.resolve('@aws-amplify/client-config', { paths: [cli] }));
}

/**
 * Generates amplify_outputs.json with the same generator `ampx generate outputs` uses, in the
 * schema version it writes by default, fed by the local stack outputs. The one local fact added is
 * where the emulators listen, under `custom.local`.
 */
export async function writeAmplifyOutputs(assembly: CloudAssembly, endpoints: LocalEndpoints, file: string, projectRoot: string): Promise<object> {
  const clientConfig = clientConfigPackage(projectRoot);
  const { DEFAULT_CLIENT_CONFIG_VERSION } = (await import(pathToFileURL(join(clientConfig, 'index.js')).href)) as { DEFAULT_CLIENT_CONFIG_VERSION: string };
  // The factory is not in the package's export map; ampx itself imports it from inside the package.
  const factoryModule = pathToFileURL(join(clientConfig, 'client_config_generator_factory.js')).href;
  const { ClientConfigGeneratorFactory } = (await import(factoryModule)) as {
    ClientConfigGeneratorFactory: new (fetch: () => Promise<BackendOutput>) => {
      getInstance(adapter: object, version: string): { generateClientConfig(): Promise<Record<string, unknown>> };
    };
  };
  const generator = new ClientConfigGeneratorFactory(async () => backendOutput(assembly)).getInstance(
    modelIntrospectionAdapter(assembly, clientConfig),
    DEFAULT_CLIENT_CONFIG_VERSION,
  );
  const config = await generator.generateClientConfig();
  config.custom = { ...(config.custom as object | undefined), local: endpoints };
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`);
  renameSync(temporary, file);
  return config;
}
