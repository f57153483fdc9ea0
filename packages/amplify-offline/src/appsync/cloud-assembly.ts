import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a synthesized CDK cloud assembly (cdk.out) the way CloudFormation would
 * deploy it: nested stacks are found through their TemplateURL asset hash, and
 * intrinsic functions are evaluated with the physical ids the local backend
 * supplies. Only the intrinsics the Amplify constructs emit are supported; an
 * unknown one throws, so a new construct feature fails loudly instead of being
 * served half-evaluated.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  Condition?: string;
}

interface CfnTemplate {
  Parameters?: Record<string, { Default?: Json }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: Json }>;
}

export interface PhysicalIdResolver {
  /** Returns the value `Ref` should yield for a resource, or undefined for the default. */
  ref?(stack: Stack, logicalId: string, resource: CfnResource): string | undefined;
  /** Returns the value of `Fn::GetAtt`, or undefined for the default. */
  getAtt?(stack: Stack, logicalId: string, attribute: string, resource: CfnResource): string | undefined;
}

export interface PseudoParameters {
  region: string;
  accountId: string;
}

const NO_VALUE = Symbol('AWS::NoValue');

export class Stack {
  readonly children = new Map<string, Stack>();
  private readonly parameterValues = new Map<string, Json>();

  constructor(
    readonly assembly: CloudAssembly,
    readonly name: string,
    readonly template: CfnTemplate,
    private readonly parameterSource: ((name: string) => Json | undefined) | undefined,
  ) {}

  get resources(): Record<string, CfnResource> {
    return this.template.Resources;
  }

  /** Every stack from this one down, depth first. */
  *walk(): Generator<Stack> {
    yield this;
    for (const child of this.children.values()) yield* child.walk();
  }

  parameter(name: string): Json {
    if (this.parameterValues.has(name)) return this.parameterValues.get(name) as Json;
    const passed = this.parameterSource?.(name);
    const value = passed !== undefined ? passed : this.template.Parameters?.[name]?.Default;
    if (value === undefined) throw new Error(`Stack ${this.name}: parameter ${name} has no value`);
    this.parameterValues.set(name, value);
    return value;
  }

  condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`Stack ${this.name}: unknown condition ${name}`);
    return Boolean(this.evaluate(expression));
  }

  output(name: string): Json {
    const output = this.template.Outputs?.[name];
    if (!output) throw new Error(`Stack ${this.name}: unknown output ${name}`);
    return this.evaluate(output.Value);
  }

  /** Evaluates intrinsics in a template value; `AWS::NoValue` removes the key or element. */
  evaluate(value: Json): Json {
    const result = this.evaluateInner(value);
    return result === NO_VALUE ? null : result;
  }

  private evaluateInner(value: Json): Json | typeof NO_VALUE {
    if (Array.isArray(value)) {
      return value.map((item) => this.evaluateInner(item)).filter((item): item is Json => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = value[key] as Json;
      switch (key) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split(/\.(.+)/);
          return this.getAtt(String(logicalId), String(attribute));
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json[]];
          const evaluated = this.evaluate(parts);
          return (evaluated as Json[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [Json, Json];
          const items = this.evaluate(list) as Json[];
          return items[Number(this.evaluate(index))] ?? null;
        }
        case 'Fn::Split': {
          const [separator, source] = arg as [string, Json];
          return String(this.evaluate(source)).split(separator);
        }
        case 'Fn::Sub':
          return this.sub(arg);
        case 'Fn::If': {
          const [condition, whenTrue, whenFalse] = arg as [string, Json, Json];
          return this.evaluateInner(this.condition(condition) ? whenTrue : whenFalse);
        }
        case 'Fn::Equals': {
          const [left, right] = arg as [Json, Json];
          return JSON.stringify(this.evaluate(left)) === JSON.stringify(this.evaluate(right));
        }
        case 'Fn::Not':
          return !this.evaluate((arg as Json[])[0] as Json);
        case 'Fn::And':
          return (arg as Json[]).every((item) => Boolean(this.evaluate(item)));
        case 'Fn::Or':
          return (arg as Json[]).some((item) => Boolean(this.evaluate(item)));
        case 'Condition':
          return this.condition(String(arg));
        default:
          if (key.startsWith('Fn::')) throw new Error(`Stack ${this.name}: unsupported intrinsic ${key}`);
      }
    }
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const evaluated = this.evaluateInner(item);
      if (evaluated !== NO_VALUE) out[key] = evaluated;
    }
    return out;
  }

  private sub(arg: Json): string {
    const [text, variables] = Array.isArray(arg) ? (arg as [string, JsonObject]) : [String(arg), {}];
    return text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (name in variables) return String(this.evaluate(variables[name] as Json));
      const [logicalId, attribute] = name.split(/\.(.+)/);
      return String(attribute ? this.getAtt(String(logicalId), attribute) : this.ref(name));
    });
  }

  ref(name: string): Json | typeof NO_VALUE {
    switch (name) {
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::Region':
        return this.assembly.pseudo.region;
      case 'AWS::AccountId':
        return this.assembly.pseudo.accountId;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
      case 'AWS::StackId':
        return this.name;
    }
    if (this.template.Parameters && name in this.template.Parameters) return this.parameter(name);
    const resource = this.resources[name];
    if (!resource) throw new Error(`Stack ${this.name}: Ref to unknown ${name}`);
    return this.assembly.resolver.ref?.(this, name, resource) ?? name;
  }

  getAtt(logicalId: string, attribute: string): Json {
    const resource = this.resources[logicalId];
    if (!resource) throw new Error(`Stack ${this.name}: GetAtt on unknown ${logicalId}`);
    if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const child = this.children.get(logicalId);
      if (!child) throw new Error(`Stack ${this.name}: nested stack ${logicalId} was not loaded`);
      return child.output(attribute.slice('Outputs.'.length));
    }
    return this.assembly.resolver.getAtt?.(this, logicalId, attribute, resource) ?? `${logicalId}.${attribute}`;
  }
}

export class CloudAssembly {
  readonly root: Stack;
  /** S3 object key of every file asset → its path in cdk.out. */
  private readonly assetFiles = new Map<string, string>();

  constructor(
    readonly directory: string,
    readonly pseudo: PseudoParameters,
    readonly resolver: PhysicalIdResolver,
  ) {
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.assets.json'))) {
      const manifest = JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
        files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
      };
      for (const asset of Object.values(manifest.files ?? {})) {
        for (const destination of Object.values(asset.destinations)) {
          this.assetFiles.set(destination.objectKey, join(directory, asset.source.path));
        }
      }
    }
    const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
    };
    const stacks = Object.entries(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack');
    if (stacks.length !== 1) throw new Error(`Expected one root stack in ${directory}, found ${stacks.length}`);
    const [name, artifact] = stacks[0] as [string, { properties?: { templateFile?: string } }];
    this.root = this.loadStack(name, join(directory, String(artifact.properties?.templateFile)), undefined);
  }

  /** The local path of an asset named by its S3 URL (`s3://bucket/key`, `https://…/key`) or object key. */
  assetPath(url: string): string {
    const key = url.slice(url.lastIndexOf('/') + 1);
    const path = this.assetFiles.get(key);
    if (!path) throw new Error(`No local asset for ${url}`);
    return path;
  }

  /** Reads the local file behind a file asset's S3 URL. */
  readAsset(url: string): string {
    return readFileSync(this.assetPath(url), 'utf8');
  }

  private loadStack(name: string, templatePath: string, parameterSource: ((name: string) => Json | undefined) | undefined): Stack {
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
    const stack = new Stack(this, name, template, parameterSource);
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const properties = resource.Properties ?? {};
      const url = String(stack.evaluate(properties.TemplateURL as Json));
      const key = url.slice(url.lastIndexOf('/') + 1);
      const childPath = this.assetFiles.get(key);
      if (!childPath) throw new Error(`Nested stack ${logicalId}: template ${key} is not in the assembly`);
      const passed = (properties.Parameters ?? {}) as JsonObject;
      const child = this.loadStack(`${name}/${logicalId}`, childPath, (parameterName) =>
        parameterName in passed ? stack.evaluate(passed[parameterName] as Json) : undefined,
      );
      stack.children.set(logicalId, child);
    }
    return stack;
  }
}
