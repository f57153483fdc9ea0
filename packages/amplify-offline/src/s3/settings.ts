import type { CloudAssembly } from '../appsync/cloud-assembly';
import type { PolicyDocument } from '../iam/roles';

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAge?: number;
}

/** A lifecycle rule the local S3 applies: by key prefix, after whole days (S3 itself acts once a day). */
export interface LifecycleRule {
  id: string;
  prefix: string;
  expirationDays?: number;
  abortMultipartDays?: number;
}

export interface BucketSettings {
  /** The local bucket name (what `Ref` yields and the outputs carry). */
  name: string;
  arn: string;
  cors: CorsRule[];
  lifecycle: LifecycleRule[];
  /** The bucket policy, evaluated with the caller's role policies. */
  policy?: PolicyDocument;
}

/**
 * The buckets `defineStorage` creates, as the outputs name them (`storage.bucket_name` and
 * `storage.buckets`), with their CORS rules and bucket policies from the synthesized templates.
 * CDK's own asset buckets are not the app's storage and are not served.
 */
export function storageBuckets(assembly: CloudAssembly, names: ReadonlySet<string>): BucketSettings[] {
  const buckets = new Map<string, BucketSettings>();
  const policies: { bucket: string; document: PolicyDocument }[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type === 'AWS::S3::Bucket') {
        const name = String(stack.ref(logicalId));
        if (!names.has(name)) continue;
        const properties = stack.evaluate(resource.Properties ?? {}) as {
          CorsConfiguration?: {
            CorsRules?: { AllowedOrigins?: string[]; AllowedMethods?: string[]; AllowedHeaders?: string[]; ExposedHeaders?: string[]; MaxAge?: number }[];
          };
          LifecycleConfiguration?: { Rules?: CfnLifecycleRule[] };
        };
        buckets.set(name, {
          name,
          arn: String(stack.getAtt(logicalId, 'Arn')),
          cors: (properties.CorsConfiguration?.CorsRules ?? []).map((rule) => ({
            allowedOrigins: rule.AllowedOrigins ?? [],
            allowedMethods: rule.AllowedMethods ?? [],
            allowedHeaders: (rule.AllowedHeaders ?? []).map((header) => header.toLowerCase()),
            exposedHeaders: rule.ExposedHeaders ?? [],
            ...(rule.MaxAge !== undefined ? { maxAge: rule.MaxAge } : {}),
          })),
          lifecycle: lifecycleRules(name, properties.LifecycleConfiguration?.Rules ?? []),
        });
      } else if (resource.Type === 'AWS::S3::BucketPolicy') {
        const properties = stack.evaluate(resource.Properties ?? {}) as { Bucket: string; PolicyDocument: PolicyDocument };
        policies.push({ bucket: String(properties.Bucket), document: properties.PolicyDocument });
      }
    }
  }
  for (const policy of policies) {
    const bucket = buckets.get(policy.bucket);
    if (bucket) bucket.policy = policy.document;
  }
  return [...buckets.values()];
}

interface CfnLifecycleRule {
  Id?: string;
  Status?: string;
  Prefix?: string;
  Filter?: { Prefix?: string; [other: string]: unknown };
  ExpirationInDays?: number;
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation?: number };
  [other: string]: unknown;
}

/**
 * The enabled rules, as far as the local S3 can apply them: expiring current objects and aborting
 * multipart uploads after N days, filtered by key prefix. A rule that filters by tag or size, or
 * expires at a date, is refused at start rather than silently skipped; transitions between
 * storage classes and rules for noncurrent versions change nothing a local bucket holds.
 */
export function lifecycleRules(bucket: string, rules: readonly CfnLifecycleRule[]): LifecycleRule[] {
  const served: LifecycleRule[] = [];
  for (const [index, rule] of rules.entries()) {
    if (rule.Status !== 'Enabled') continue;
    const id = rule.Id ?? `rule ${index + 1}`;
    const filter = Object.keys(rule.Filter ?? {}).filter((key) => key !== 'Prefix');
    const unsupported = [
      ...filter.map((key) => `Filter.${key}`),
      ...['TagFilters', 'ExpirationDate', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'].filter((key) => key in rule),
    ];
    if (unsupported.length > 0) {
      throw new Error(
        `Bucket ${bucket}: lifecycle rule "${id}" uses ${unsupported.join(', ')}, which the local S3 cannot apply. Remove it for local runs or filter by prefix only.`,
      );
    }
    const expirationDays = rule.ExpirationInDays;
    const abortMultipartDays = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
    if (expirationDays === undefined && abortMultipartDays === undefined) continue;
    served.push({
      id,
      prefix: rule.Filter?.Prefix ?? rule.Prefix ?? '',
      ...(expirationDays !== undefined ? { expirationDays } : {}),
      ...(abortMultipartDays !== undefined ? { abortMultipartDays } : {}),
    });
  }
  return served;
}
