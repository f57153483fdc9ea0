import type { CloudAssembly } from './appsync/cloud-assembly';
import { PASSWORD_POLICY, type PasswordPolicy } from './cognito/password-policy';
import {
  DEFAULT_AUTH_FLOWS,
  DEFAULT_TOKEN_LIFETIMES,
  normaliseAuthFlow,
  GEN2_SIGN_IN,
  type AliasAttribute,
  type SignInConfig,
  type TokenLifetimes,
  type UsernameAttribute,
} from './cognito/pool-config';
import type { MfaMode } from './cognito/user-pool';
import { triggerConfig, type TriggerConfig } from './cognito/triggers';

export interface UserPoolSettings {
  /** The groups `defineAuth({ groups })` creates, in the order they were declared. */
  groups: string[];
  /** The pool's password policy (Gen 2's default unless the app overrides the CfnUserPool's). */
  passwordPolicy: PasswordPolicy;
  /** The pool's MFA configuration (`defineAuth({ multifactor })`; off unless declared). */
  mfaMode: MfaMode;
  /** Sign-in names, aliases, verification, recovery and the attribute schema. */
  signIn: SignInConfig;
  /** The app client's token validity. */
  tokenLifetimes: TokenLifetimes;
  /** The app client's ExplicitAuthFlows (ALLOW_ names). */
  authFlows: string[];
}

const computed = (where: string, property: string): Error => new Error(`${where}: ${property} is computed at deploy time, which amplify-offline cannot serve.`);

/** A list of literal strings from the template, or a refusal naming the property. */
function stringList(value: unknown, where: string, property: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw computed(where, property);
  return value as string[];
}

const SIGN_IN_ATTRIBUTES = ['email', 'phone_number'] as const;
const ALIAS_ATTRIBUTES = ['email', 'phone_number', 'preferred_username'] as const;

/** An attribute list property: literal strings, each one the emulator knows; absent, empty. */
function attributeList<T extends string>(value: unknown, allowed: readonly T[], where: string, property: string): T[] {
  const values = stringList(value, where, property) ?? [];
  const unknown = values.filter((entry) => !allowed.includes(entry as T));
  if (unknown.length > 0) throw new Error(`${where}: ${property} ${unknown.join(', ')} is not an attribute amplify-offline knows.`);
  return values as T[];
}

const RECOVERY: Record<string, UsernameAttribute | null> = { verified_email: 'email', verified_phone_number: 'phone_number', admin_only: null };

/**
 * UsernameAttributes, AliasAttributes, UsernameConfiguration, AutoVerifiedAttributes,
 * AccountRecoverySetting and Schema, with CloudFormation's defaults for what is left out.
 */
function signInOf(properties: Record<string, unknown> | undefined, where: string): SignInConfig {
  const usernameAttributes = attributeList(properties?.UsernameAttributes, SIGN_IN_ATTRIBUTES, where, 'UsernameAttributes');
  const aliasAttributes: AliasAttribute[] = attributeList(properties?.AliasAttributes, ALIAS_ATTRIBUTES, where, 'AliasAttributes');
  const autoVerifiedAttributes = attributeList(properties?.AutoVerifiedAttributes, SIGN_IN_ATTRIBUTES, where, 'AutoVerifiedAttributes');
  const updateSettings = properties?.UserAttributeUpdateSettings as { AttributesRequireVerificationBeforeUpdate?: unknown } | undefined;
  const keepOriginal = attributeList(
    updateSettings?.AttributesRequireVerificationBeforeUpdate,
    SIGN_IN_ATTRIBUTES,
    where,
    'AttributesRequireVerificationBeforeUpdate',
  );
  const caseSetting = (properties?.UsernameConfiguration as { CaseSensitive?: unknown } | undefined)?.CaseSensitive;
  if (caseSetting !== undefined && typeof caseSetting !== 'boolean') throw computed(where, 'UsernameConfiguration.CaseSensitive');

  // Left out, Cognito recovers through a verified phone number first, then a verified e-mail address.
  const mechanisms = (properties?.AccountRecoverySetting as { RecoveryMechanisms?: unknown } | undefined)?.RecoveryMechanisms ?? [
    { Name: 'verified_phone_number', Priority: 1 },
    { Name: 'verified_email', Priority: 2 },
  ];
  if (!Array.isArray(mechanisms)) throw computed(where, 'AccountRecoverySetting');
  const recovery = (mechanisms as { Name?: unknown; Priority?: unknown }[])
    .map((mechanism) => {
      if (typeof mechanism.Name !== 'string' || !(mechanism.Name in RECOVERY)) throw computed(where, 'AccountRecoverySetting');
      return { attribute: RECOVERY[mechanism.Name] ?? null, priority: Number(mechanism.Priority ?? 0) };
    })
    .sort((a, b) => a.priority - b.priority)
    .flatMap((mechanism) => (mechanism.attribute ? [mechanism.attribute] : []));

  const schema = properties?.Schema ?? [];
  if (!Array.isArray(schema)) throw computed(where, 'Schema');
  const requiredAttributes: string[] = [];
  const immutableAttributes: string[] = [];
  const customAttributes: string[] = [];
  for (const entry of schema as Record<string, unknown>[]) {
    if (typeof entry.Name !== 'string') throw computed(where, 'Schema');
    // CDK writes custom attributes without their prefix and with a data type; standard ones have neither.
    const name = entry.AttributeDataType !== undefined ? `custom:${entry.Name}` : entry.Name;
    if (name.startsWith('custom:')) customAttributes.push(name);
    if (entry.Required === true) requiredAttributes.push(name);
    if (entry.Mutable === false) immutableAttributes.push(name);
  }
  return {
    usernameAttributes,
    aliasAttributes,
    // Left out, usernames are case-sensitive (CDK leaves it out for signInCaseSensitive: true; Gen 2 sets false).
    caseSensitive: caseSetting ?? true,
    autoVerifiedAttributes,
    recovery,
    requiredAttributes,
    immutableAttributes,
    customAttributes,
    keepOriginal,
  };
}

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** AccessTokenValidity etc. in TokenValidityUnits (hours, hours and days unless given), or Cognito's defaults. */
function tokenLifetimesOf(properties: Record<string, unknown> | undefined, where: string): TokenLifetimes {
  const units = (properties?.TokenValidityUnits ?? {}) as Record<string, unknown>;
  const lifetime = (property: string, unitKey: string, defaultUnit: string, fallback: number): number => {
    const value = properties?.[property];
    if (value === undefined) return fallback;
    const unit = units[unitKey] ?? defaultUnit;
    if (typeof value !== 'number' || typeof unit !== 'string' || !(unit in UNIT_SECONDS)) throw computed(where, property);
    return value * (UNIT_SECONDS[unit] ?? 1);
  };
  return {
    accessTokenSeconds: lifetime('AccessTokenValidity', 'AccessToken', 'hours', DEFAULT_TOKEN_LIFETIMES.accessTokenSeconds),
    idTokenSeconds: lifetime('IdTokenValidity', 'IdToken', 'hours', DEFAULT_TOKEN_LIFETIMES.idTokenSeconds),
    refreshTokenSeconds: lifetime('RefreshTokenValidity', 'RefreshToken', 'days', DEFAULT_TOKEN_LIFETIMES.refreshTokenSeconds),
  };
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
 * resources), so every app gets exactly its own, its password policy, MFA configuration, sign-in
 * attributes and schema, and its app client's token lifetimes. A value computed at
 * deploy time cannot be known offline: refused, naming the resource.
 */
export function userPoolSettings(assembly: CloudAssembly): UserPoolSettings {
  const groups: string[] = [];
  const pools: { passwordPolicy: PasswordPolicy; mfaMode: MfaMode; signIn: SignInConfig }[] = [];
  const clients: { tokenLifetimes: TokenLifetimes; authFlows: string[] }[] = [];
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      const where = `${stack.name}/${logicalId}`;
      if (resource.Type === 'AWS::Cognito::UserPool') {
        pools.push({
          passwordPolicy: passwordPolicyOf(resource.Properties, where),
          mfaMode: mfaModeOf(resource.Properties, where),
          signIn: signInOf(resource.Properties, where),
        });
      }
      if (resource.Type === 'AWS::Cognito::UserPoolClient') {
        const flows = stringList(resource.Properties?.ExplicitAuthFlows, where, 'ExplicitAuthFlows');
        clients.push({
          tokenLifetimes: tokenLifetimesOf(resource.Properties, where),
          authFlows: flows ? flows.map(normaliseAuthFlow) : [...DEFAULT_AUTH_FLOWS],
        });
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
  if (clients.length > 1) throw new Error(`The app declares ${clients.length} user pool clients; amplify-offline serves the one Gen 2 creates.`);
  return {
    groups,
    passwordPolicy: pools[0]?.passwordPolicy ?? { ...PASSWORD_POLICY },
    mfaMode: pools[0]?.mfaMode ?? 'OFF',
    signIn: pools[0]?.signIn ?? { ...GEN2_SIGN_IN },
    tokenLifetimes: clients[0]?.tokenLifetimes ?? { ...DEFAULT_TOKEN_LIFETIMES },
    authFlows: clients[0]?.authFlows ?? [...DEFAULT_AUTH_FLOWS],
  };
}

/**
 * The Lambda triggers of the app's user pool (`defineAuth({ triggers })`), read from its evaluated
 * LambdaConfig: the assembly must resolve function ARNs as the local backend names them.
 */
export function userPoolTriggers(assembly: CloudAssembly): TriggerConfig {
  for (const stack of assembly.root.walk()) {
    for (const [logicalId, resource] of Object.entries(stack.resources)) {
      if (resource.Type !== 'AWS::Cognito::UserPool') continue;
      const lambdaConfig = stack.evaluate(resource.Properties?.LambdaConfig ?? {}) as Record<string, unknown>;
      return triggerConfig(lambdaConfig, `${stack.name}/${logicalId}`);
    }
  }
  return { unserved: [] };
}
