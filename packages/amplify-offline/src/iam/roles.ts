import type { CloudAssembly, Stack } from '../appsync/cloud-assembly';

/** An IAM policy document as CloudFormation takes it, intrinsics already evaluated. */
export type PolicyDocument = { Version?: string; Statement: unknown };

export interface IamRole {
  /** `arn:aws:iam::<account>:role/<name>`, as `Fn::GetAtt [role, Arn]` yields locally. */
  arn: string;
  /** What `Ref` yields: the name in the role's ARN and in its sessions' assumed-role ARNs. */
  name: string;
  trustPolicy: PolicyDocument;
  /** Every identity policy attached to the role: inline, AWS::IAM::Policy and customer-managed policies. */
  policies: { name: string; document: PolicyDocument }[];
  /** AWS-managed policies the role names (their documents are not in the template). */
  awsManagedPolicyArns: string[];
  /** The role's permissions boundary, if any (not evaluated locally: roles with one are refused). */
  permissionsBoundary?: string;
}

const where = (stack: Stack, logicalId: string) => `${stack.name}/${logicalId}`;

/**
 * The roles of the synthesized app with the policies attached to them anywhere in the assembly
 * (Gen 2 attaches storage and function access to the auth stack's roles from other stacks), by ARN.
 */
export function iamRoles(assembly: CloudAssembly): Map<string, IamRole> {
  const byName = new Map<string, IamRole>();
  const attachments: { roleNames: unknown; name: string; document: PolicyDocument }[] = [];
  // A customer-managed policy's Ref (its ARN on AWS) → the policy, for roles naming it in ManagedPolicyArns.
  const managed = new Map<string, { name: string; document: PolicyDocument }>();
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::IAM::Role' && resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      if (resource.Condition && !stack.condition(resource.Condition)) continue;
      const properties = stack.evaluate(resource.Properties ?? {}) as Record<string, unknown>;
      switch (resource.Type) {
        case 'AWS::IAM::Role': {
          const name = String(stack.ref(logicalId));
          const arn = String(stack.getAtt(logicalId, 'Arn'));
          const inline = (properties.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[];
          byName.set(name, {
            arn,
            name,
            trustPolicy: properties.AssumeRolePolicyDocument as PolicyDocument,
            policies: inline.map((policy) => ({ name: `${name}/${policy.PolicyName}`, document: policy.PolicyDocument })),
            awsManagedPolicyArns: ((properties.ManagedPolicyArns ?? []) as unknown[]).map(String),
            ...(properties.PermissionsBoundary !== undefined ? { permissionsBoundary: String(properties.PermissionsBoundary) } : {}),
          });
          break;
        }
        case 'AWS::IAM::ManagedPolicy':
          managed.set(String(stack.ref(logicalId)), { name: where(stack, logicalId), document: properties.PolicyDocument as PolicyDocument });
        // falls through: a managed policy may also name its roles directly
        case 'AWS::IAM::Policy':
          attachments.push({
            roleNames: properties.Roles,
            name: where(stack, logicalId),
            document: properties.PolicyDocument as PolicyDocument,
          });
          break;
      }
    }
  }
  for (const attachment of attachments) {
    for (const roleName of (attachment.roleNames ?? []) as unknown[]) {
      const role = byName.get(String(roleName));
      // A policy for a role outside the app (an imported role) has nothing local to attach to.
      if (role) role.policies.push({ name: attachment.name, document: attachment.document });
    }
  }
  for (const role of byName.values()) {
    const awsManaged: string[] = [];
    for (const arn of role.awsManagedPolicyArns) {
      const policy = managed.get(arn);
      if (policy) role.policies.push(policy);
      else awsManaged.push(arn);
    }
    role.awsManagedPolicyArns = awsManaged;
  }
  return new Map([...byName.values()].map((role) => [role.arn, role]));
}
