import type { CloudAssembly } from './appsync/cloud-assembly';
import { PASSWORD_POLICY, type PasswordPolicy } from './cognito/password-policy';

export interface UserPoolSettings {
  /** The groups `defineAuth({ groups })` creates, in the order they were declared. */
  groups: string[];
  /** The pool's password policy (Gen 2's default unless the app overrides the CfnUserPool's). */
  passwordPolicy: PasswordPolicy;
}

/** CloudFormation's PasswordPolicy, with the defaults Cognito applies to properties left out. */
function passwordPolicyOf(properties: Record<string, unknown> | undefined, where: string): PasswordPolicy {
  const declared = (properties?.Policies as { PasswordPolicy?: Record<string, unknown> } | undefined)?.PasswordPolicy;
  if (!declared) return { ...PASSWORD_POLICY };
  const flag = (name: string): boolean => {
    const value = declared[name];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') throw new Error(`${where}: PasswordPolicy.${name} is computed at deploy time, which amplify-offline cannot serve.`);
    return value;
  };
  const length = declared.MinimumLength ?? 8;
  if (typeof length !== 'number') throw new Error(`${where}: PasswordPolicy.MinimumLength is computed at deploy time, which amplify-offline cannot serve.`);
  return {
    minLength: length,
    requireLowercase: flag('RequireLowercase'),
    requireUppercase: flag('RequireUppercase'),
    requireDigits: flag('RequireNumbers'),
    requireSymbols: flag('RequireSymbols'),
  };
}

/**
 * What the synthesized app declares about its user pool: its groups (AWS::Cognito::UserPoolGroup
 * resources), so every app gets exactly its own, and its password policy. A value computed at
 * deploy time cannot be known offline: refused, naming the resource.
 */
export function userPoolSettings(assembly: CloudAssembly): UserPoolSettings {
  const groups: string[] = [];
  const pools: PasswordPolicy[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type === 'AWS::Cognito::UserPool') pools.push(passwordPolicyOf(resource.Properties, `${stack.name}/${logicalId}`));
      if (resource.Type !== 'AWS::Cognito::UserPoolGroup') continue;
      const name = resource.Properties?.GroupName;
      if (typeof name !== 'string') {
        throw new Error(`${stack.name}/${logicalId}: the user pool group's name is computed at deploy time, which amplify-offline cannot serve.`);
      }
      groups.push(name);
    }
  }
  if (pools.length > 1) throw new Error(`The app declares ${pools.length} user pools; amplify-offline serves one.`);
  return { groups, passwordPolicy: pools[0] ?? { ...PASSWORD_POLICY } };
}
