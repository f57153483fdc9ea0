import type { CloudAssembly } from './appsync/cloud-assembly';
import { PASSWORD_POLICY, type PasswordPolicy } from './cognito/password-policy';
import type { MfaMode } from './cognito/user-pool';

export interface UserPoolSettings {
  /** The groups `defineAuth({ groups })` creates, in the order they were declared. */
  groups: string[];
  /** The pool's password policy (Gen 2's default unless the app overrides the CfnUserPool's). */
  passwordPolicy: PasswordPolicy;
  /** The pool's MFA configuration (`defineAuth({ multifactor })`; off unless declared). */
  mfaMode: MfaMode;
}

/**
 * CloudFormation's MfaConfiguration (OFF, OPTIONAL, ON) and EnabledMfas. TOTP is served; an SMS or
 * e-mail second factor cannot be delivered offline, so a pool that offers one is refused by name.
 */
function mfaModeOf(properties: Record<string, unknown> | undefined, where: string): MfaMode {
  const configuration = properties?.MfaConfiguration ?? 'OFF';
  if (typeof configuration !== 'string') throw new Error(`${where}: MfaConfiguration is computed at deploy time, which amplify-offline cannot serve.`);
  if (configuration === 'OFF') return 'OFF';
  const factors = properties?.EnabledMfas ?? [];
  if (!Array.isArray(factors) || factors.some((factor) => typeof factor !== 'string')) {
    throw new Error(`${where}: EnabledMfas is computed at deploy time, which amplify-offline cannot serve.`);
  }
  const undeliverable = (factors as string[]).filter((factor) => factor !== 'SOFTWARE_TOKEN_MFA');
  if (undeliverable.length > 0) {
    throw new Error(`${where}: ${undeliverable.join(' and ')} multi-factor sign-in cannot be served offline (only TOTP, SOFTWARE_TOKEN_MFA, is emulated).`);
  }
  if (configuration === 'ON') return 'REQUIRED';
  if (configuration === 'OPTIONAL') return 'OPTIONAL';
  throw new Error(`${where}: unknown MfaConfiguration ${configuration}.`);
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
 * resources), so every app gets exactly its own, its password policy and its MFA configuration. A value computed at
 * deploy time cannot be known offline: refused, naming the resource.
 */
export function userPoolSettings(assembly: CloudAssembly): UserPoolSettings {
  const groups: string[] = [];
  const pools: { passwordPolicy: PasswordPolicy; mfaMode: MfaMode }[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type === 'AWS::Cognito::UserPool') {
        const where = `${stack.name}/${logicalId}`;
        pools.push({ passwordPolicy: passwordPolicyOf(resource.Properties, where), mfaMode: mfaModeOf(resource.Properties, where) });
      }
      if (resource.Type !== 'AWS::Cognito::UserPoolGroup') continue;
      const name = resource.Properties?.GroupName;
      if (typeof name !== 'string') {
        throw new Error(`${stack.name}/${logicalId}: the user pool group's name is computed at deploy time, which amplify-offline cannot serve.`);
      }
      groups.push(name);
    }
  }
  if (pools.length > 1) throw new Error(`The app declares ${pools.length} user pools; amplify-offline serves one.`);
  return { groups, passwordPolicy: pools[0]?.passwordPolicy ?? { ...PASSWORD_POLICY }, mfaMode: pools[0]?.mfaMode ?? 'OFF' };
}
