import type { CloudAssembly } from '../appsync/cloud-assembly';
import type { PolicyDocument } from '../iam/roles';

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAge?: number;
}

export interface BucketSettings {
  /** The local bucket name (what `Ref` yields and the outputs carry). */
  name: string;
  arn: string;
  cors: CorsRule[];
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
