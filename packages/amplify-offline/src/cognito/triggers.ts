import { CognitoError } from './errors';
import type { StoredUser } from './persistence';

/**
 * The user pool's Lambda triggers the emulator runs, as Cognito invokes them: an event of the
 * trigger's shape, the function's answer read from `response`, and a function error reported to
 * the caller as `UserLambdaValidationException: <Trigger> failed with error <message>.`
 */

/** Invokes a function synchronously: resolves with its result, rejects with its error. */
export type TriggerInvoke = (event: object) => Promise<unknown>;

/** PreTokenGenerationConfig's LambdaVersion; a plain PreTokenGeneration is V1_0. */
export type PreTokenGenerationVersion = 'V1_0' | 'V2_0' | 'V3_0';

export interface TriggerFunctions {
  preSignUp?: TriggerInvoke;
  postConfirmation?: TriggerInvoke;
  preTokenGeneration?: { invoke: TriggerInvoke; version: PreTokenGenerationVersion };
}

/** What Cognito puts in callerContext.clientId for the admin API, which names no app client. */
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

/** Claims a pre token generation trigger may not add, change or suppress; Cognito leaves them as issued. */
const PROTECTED_CLAIMS = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'client_id',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
  // Group claims change only through groupOverrideDetails.
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
]);

/** The groups and roles a token is about to carry, as the trigger sees them (groupConfiguration). */
export interface GroupConfiguration {
  groupsToOverride: string[];
  iamRolesToOverride: string[];
  preferredRole: string | null;
}

export type Claims = Record<string, unknown>;

interface ClaimChanges {
  claimsToAddOrOverride?: Record<string, unknown> | null;
  claimsToSuppress?: string[] | null;
  scopesToAdd?: string[] | null;
  scopesToSuppress?: string[] | null;
}

interface TokenCustomisation {
  id?: ClaimChanges | null;
  access?: ClaimChanges | null;
  /** Present (even null): the groups and roles the tokens carry instead. */
  groups?: Partial<GroupConfiguration> | null;
  groupsGiven: boolean;
}

const failure = (trigger: string, error: unknown): CognitoError => {
  const message = (error as { errorMessage?: unknown } | null)?.errorMessage ?? (error instanceof Error ? error.message : String(error));
  return new CognitoError('UserLambdaValidationException', `${trigger} failed with error ${String(message)}.`);
};

/** The attributes as a trigger sees them: every stored attribute, with the user's status. */
export function triggerAttributes(user: StoredUser): Record<string, string> {
  return { ...user.attributes, 'cognito:user_status': user.status };
}

export class UserPoolTriggers {
  constructor(
    private readonly functions: TriggerFunctions,
    private readonly pool: { region: string; userPoolId: string; log: (line: string) => void },
  ) {}

  private async run(
    trigger: string,
    invoke: TriggerInvoke,
    fields: { version?: string; triggerSource: string; userName: string; clientId: string; request: object; response: object },
  ) {
    const event = {
      version: fields.version ?? '1',
      triggerSource: fields.triggerSource,
      region: this.pool.region,
      userPoolId: this.pool.userPoolId,
      userName: fields.userName,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: fields.clientId },
      request: fields.request,
      response: fields.response,
    };
    let result: unknown;
    try {
      result = await invoke(event);
    } catch (error) {
      throw failure(trigger, error);
    }
    // Cognito reads the event back: a function that returns nothing has not answered.
    if (result === null || typeof result !== 'object') throw new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output');
    const response = (result as { response?: unknown }).response;
    return response !== null && typeof response === 'object' ? (response as Record<string, unknown>) : {};
  }

  /**
   * Pre sign-up (SignUp, AdminCreateUser): what the function answers about confirming and verifying
   * the user, or the UserLambdaValidationException that refuses the sign-up.
   */
  async preSignUp(
    triggerSource: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
    userName: string,
    userAttributes: Record<string, string>,
    clientId: string,
    validationData: Record<string, string>,
    clientMetadata: Record<string, string>,
  ): Promise<{ autoConfirmUser: boolean; autoVerifyEmail: boolean; autoVerifyPhone: boolean }> {
    const decided = { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false };
    const invoke = this.functions.preSignUp;
    if (!invoke) return decided;
    const response = await this.run('PreSignUp', invoke, {
      triggerSource,
      userName,
      clientId,
      request: { userAttributes, validationData, clientMetadata },
      response: { ...decided },
    });
    return {
      autoConfirmUser: response.autoConfirmUser === true,
      autoVerifyEmail: response.autoVerifyEmail === true,
      autoVerifyPhone: response.autoVerifyPhone === true,
    };
  }

  /** Post confirmation: the user is confirmed whatever the function does; its error is reported all the same. */
  async postConfirmation(
    triggerSource: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
    user: StoredUser,
    clientId: string,
    clientMetadata: Record<string, string> = {},
  ): Promise<void> {
    const invoke = this.functions.postConfirmation;
    if (!invoke) return;
    await this.run('PostConfirmation', invoke, {
      triggerSource,
      userName: user.username,
      clientId,
      request: { userAttributes: triggerAttributes(user), clientMetadata },
      response: {},
    });
  }

  /**
   * Pre token generation: the claims of both tokens with the function's changes applied (V1_0: the
   * ID token's claims and both tokens' groups; V2_0/V3_0: each token's claims and the access
   * token's scopes). Claims Cognito protects are left as issued.
   */
  async preTokenGeneration(
    triggerSource: 'TokenGeneration_Authentication' | 'TokenGeneration_NewPasswordChallenge' | 'TokenGeneration_RefreshTokens',
    user: StoredUser,
    clientId: string,
    groups: GroupConfiguration,
    tokens: { id: Claims; access: Claims },
    clientMetadata: Record<string, string> = {},
  ): Promise<GroupConfiguration> {
    const configured = this.functions.preTokenGeneration;
    if (!configured) return groups;
    const v1 = configured.version === 'V1_0';
    const scopes = String(tokens.access.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const response = await this.run('PreTokenGeneration', configured.invoke, {
      version: v1 ? '1' : configured.version === 'V2_0' ? '2' : '3',
      triggerSource,
      userName: user.username,
      clientId,
      request: { userAttributes: triggerAttributes(user), groupConfiguration: groups, ...(v1 ? {} : { scopes }), clientMetadata },
      response: v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
    });
    const customisation = v1 ? this.v1Changes(response.claimsOverrideDetails) : this.v2Changes(response.claimsAndScopeOverrideDetails);
    this.applyClaims(tokens.id, customisation.id, 'ID');
    this.applyClaims(tokens.access, customisation.access, 'access');
    if (!customisation.groupsGiven) return groups;
    const given = customisation.groups ?? {};
    return {
      groupsToOverride: stringList(given.groupsToOverride),
      iamRolesToOverride: stringList(given.iamRolesToOverride),
      preferredRole: typeof given.preferredRole === 'string' && given.preferredRole ? given.preferredRole : null,
    };
  }

  private v1Changes(details: unknown): TokenCustomisation {
    const value = (details ?? {}) as ClaimChanges & { groupOverrideDetails?: TokenCustomisation['groups'] };
    return { id: value, groups: value.groupOverrideDetails, groupsGiven: 'groupOverrideDetails' in value };
  }

  private v2Changes(details: unknown): TokenCustomisation {
    const value = (details ?? {}) as {
      idTokenGeneration?: ClaimChanges;
      accessTokenGeneration?: ClaimChanges;
      groupOverrideDetails?: TokenCustomisation['groups'];
    };
    return {
      id: value.idTokenGeneration,
      access: value.accessTokenGeneration,
      groups: value.groupOverrideDetails,
      groupsGiven: 'groupOverrideDetails' in value,
    };
  }

  /** Adds, then suppresses (a claim both added and suppressed is suppressed, as Cognito documents). */
  private applyClaims(claims: Claims, changes: ClaimChanges | null | undefined, token: string): void {
    if (!changes) return;
    const allowed = (claim: string) => {
      if (!PROTECTED_CLAIMS.has(claim)) return true;
      this.pool.log(`[cognito] PreTokenGeneration: a trigger may not change the ${token} token's ${claim} claim; it is left as issued.`);
      return false;
    };
    for (const [claim, value] of Object.entries(changes.claimsToAddOrOverride ?? {})) if (allowed(claim)) claims[claim] = value;
    for (const claim of stringList(changes.claimsToSuppress)) if (allowed(claim)) delete claims[claim];
    if (changes.scopesToAdd || changes.scopesToSuppress) {
      const suppressed = new Set(stringList(changes.scopesToSuppress));
      const scopes = new Set([...String(claims.scope ?? '').split(' '), ...stringList(changes.scopesToAdd)].filter((scope) => scope && !suppressed.has(scope)));
      claims.scope = [...scopes].join(' ');
    }
  }
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);

/** The triggers a pool's LambdaConfig names: served ones by their function ARN, the rest for a refusal. */
export interface TriggerConfig {
  preSignUp?: string;
  postConfirmation?: string;
  preTokenGeneration?: { arn: string; version: PreTokenGenerationVersion };
  /** LambdaConfig keys this emulator does not run, with the function each names. */
  unserved: { trigger: string; arn: string }[];
}

const NOT_TRIGGERS = new Set(['KMSKeyID']);

/** Reads an evaluated `AWS::Cognito::UserPool` LambdaConfig. */
export function triggerConfig(lambdaConfig: Record<string, unknown> | undefined, where: string): TriggerConfig {
  const config: TriggerConfig = { unserved: [] };
  for (const [trigger, value] of Object.entries(lambdaConfig ?? {})) {
    if (NOT_TRIGGERS.has(trigger) || value === undefined || value === null) continue;
    const arn = typeof value === 'string' ? value : String((value as { LambdaArn?: unknown }).LambdaArn ?? '');
    if (!arn.startsWith('arn:'))
      throw new Error(`${where}: the ${trigger} trigger's function is only known at deploy time, which amplify-offline cannot serve.`);
    switch (trigger) {
      case 'PreSignUp':
        config.preSignUp = arn;
        break;
      case 'PostConfirmation':
        config.postConfirmation = arn;
        break;
      case 'PreTokenGeneration':
        config.preTokenGeneration ??= { arn, version: 'V1_0' };
        break;
      case 'PreTokenGenerationConfig': {
        const version = String((value as { LambdaVersion?: unknown }).LambdaVersion ?? 'V1_0');
        if (version !== 'V1_0' && version !== 'V2_0' && version !== 'V3_0')
          throw new Error(`${where}: PreTokenGenerationConfig LambdaVersion ${version} is not V1_0, V2_0 or V3_0.`);
        // Cognito takes the configuration over the plain property when both are set.
        config.preTokenGeneration = { arn, version };
        break;
      }
      default:
        config.unserved.push({ trigger, arn });
    }
  }
  return config;
}

/** Throws, naming the trigger and its function, for the first trigger of the pool that is not served. */
export function refuseUnservedTriggers(config: TriggerConfig, labelOf: (arn: string) => string | undefined): void {
  const [first] = config.unserved;
  if (!first) return;
  let label: string | undefined;
  try {
    label = labelOf(first.arn);
  } catch {
    // A function that could not run here anyway is named by its ARN.
  }
  throw new Error(
    `The user pool's ${first.trigger} trigger (function ${label ?? first.arn}) is not run by amplify-offline, which runs pre sign-up, post confirmation and pre token generation triggers only.`,
  );
}
