import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { CognitoError, userNotFound } from './errors';
import { writeState, type PendingCode, type PoolState, type StoredSession, type StoredUser, type UserStatus } from './persistence';
import type { PasswordPolicy } from './password-policy';
import {
  deliveryTo,
  isEmail,
  isPhoneNumber,
  usernameAttributeFor,
  verifiedFlag,
  type AliasAttribute,
  type CodeDeliveryDetails,
  type SignInConfig,
  type TokenLifetimes,
  type UsernameAttribute,
} from './pool-config';
import type { SigningKey } from './signing-key';
import { createPasswordVerifier, passwordMatches } from './srp';
import { generateTotpSecret, matchingTotpSteps } from './totp';
import type { Claims, GroupConfiguration, UserPoolTriggers } from './triggers';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const TEMPORARY_PASSWORD_TTL_MS = 7 * DAY_MS;
const MAX_CODE_ATTEMPTS = 5;

export type CodeKind = keyof StoredUser['codes'];

const CODE_SETTINGS: Record<CodeKind, { ttlMs: number; label: string }> = {
  signUp: { ttlMs: DAY_MS, label: 'sign-up' },
  resetPassword: { ttlMs: HOUR_MS, label: 'password reset' },
  verifyEmail: { ttlMs: DAY_MS, label: 'email verification' },
  verifyPhoneNumber: { ttlMs: DAY_MS, label: 'phone number verification' },
};

/** The code that verifies an attribute (the key keeps its old name for e-mail, so state files stay readable). */
export const verificationCode = (attribute: UsernameAttribute): CodeKind => (attribute === 'email' ? 'verifyEmail' : 'verifyPhoneNumber');

const STANDARD_ATTRIBUTES = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);
const VERIFICATION_FLAGS = new Set(['email_verified', 'phone_number_verified']);

export interface AttributeType {
  Name: string;
  Value: string;
}

export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  IdToken: string;
  RefreshToken?: string;
  TokenType: 'Bearer';
}

/**
 * The pool's MFA configuration with TOTP as the only second factor (as `defineAuth({ multifactor:
 * { mode: 'OPTIONAL', totp: true } })` declares it). REQUIRED makes users without TOTP set it up
 * while signing in; OFF (Gen 2's default) offers no second factor at all.
 */
export type MfaMode = 'OFF' | 'OPTIONAL' | 'REQUIRED';

export interface MfaSettings {
  UserMFASettingList?: string[];
  PreferredMfaSetting?: string;
}

/** A user pool group's IAM role (AWS::Cognito::UserPoolGroup RoleArn) and precedence. */
export interface GroupRole {
  group: string;
  roleArn?: string;
  precedence?: number;
}

export interface UserPoolSettings {
  state: PoolState;
  mfaMode: MfaMode;
  passwordPolicy: Readonly<PasswordPolicy>;
  statePath: string;
  key: SigningKey;
  groups: readonly string[];
  signIn: Readonly<SignInConfig>;
  tokenLifetimes: Readonly<TokenLifetimes>;
  /** The app client's ExplicitAuthFlows (ALLOW_ names). */
  authFlows: readonly string[];
  issuer: string;
  log: (line: string) => void;
}

/** Why tokens are minted, as the pre token generation trigger is told (its triggerSource). */
export type TokenSource = 'TokenGeneration_Authentication' | 'TokenGeneration_NewPasswordChallenge' | 'TokenGeneration_RefreshTokens';

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The user pool's data and the rules that touch it: users, codes, refresh-token sessions and token minting.
 * Every mutation ends in save(), which rewrites the state file atomically.
 */
export class UserPool {
  readonly state: PoolState;
  readonly key: SigningKey;
  readonly groups: readonly string[];
  readonly issuer: string;
  readonly log: (line: string) => void;
  /** The part of the pool id after "_": SRP mixes it into every password hash. */
  readonly poolName: string;
  readonly mfaMode: MfaMode;
  readonly passwordPolicy: Readonly<PasswordPolicy>;
  readonly signIn: Readonly<SignInConfig>;
  readonly authFlows: ReadonlySet<string>;
  private readonly statePath: string;
  private readonly tokenLifetimes: Readonly<TokenLifetimes>;
  /** Each group's IAM role and precedence, once the identity pool is attached (ID tokens then carry cognito:roles). */
  private groupRoles = new Map<string, GroupRole>();
  /** The attribute a user from newUser signs in with (its username is then the sub), until it is added. */
  private readonly signInAttributeOf = new WeakMap<StoredUser, UsernameAttribute | undefined>();
  /** The pool's Lambda triggers, once the backend's functions are attached. */
  triggers: UserPoolTriggers | undefined;

  constructor(settings: UserPoolSettings) {
    this.state = settings.state;
    this.statePath = settings.statePath;
    this.key = settings.key;
    this.groups = settings.groups;
    this.issuer = settings.issuer;
    this.log = settings.log;
    this.tokenLifetimes = settings.tokenLifetimes;
    this.signIn = settings.signIn;
    this.authFlows = new Set(settings.authFlows);
    this.poolName = this.state.userPoolId.split('_')[1] ?? '';
    this.mfaMode = settings.mfaMode;
    this.passwordPolicy = settings.passwordPolicy;
  }

  get userPoolId(): string {
    return this.state.userPoolId;
  }

  get clientId(): string {
    return this.state.userPoolClientId;
  }

  save(): void {
    const now = Date.now();
    for (const [id, session] of Object.entries(this.state.sessions)) {
      if (session.expiresAt <= now) delete this.state.sessions[id];
    }
    writeState(this.statePath, this.state);
  }

  assertClientId(clientId: string): void {
    if (clientId !== this.clientId) {
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    }
  }

  assertUserPoolId(userPoolId: string): void {
    if (userPoolId !== this.userPoolId) {
      throw new CognitoError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
    }
  }

  /** The app client allows the flow (e.g. ALLOW_USER_PASSWORD_AUTH for USER_PASSWORD_AUTH), or Cognito's refusal. */
  assertAuthFlow(allowance: string, flow: string): void {
    if (!this.authFlows.has(allowance)) throw new CognitoError('InvalidParameterException', `${flow} flow not enabled for this client`);
  }

  assertGroup(groupName: string): void {
    if (!this.groups.includes(groupName)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
  }

  // ---- users -------------------------------------------------------------------------------------------

  /**
   * The user a sign-in name stands for: the username itself (case-insensitive unless the pool says
   * otherwise), an attribute the pool signs in with, or a verified alias beside a chosen username.
   */
  findByLogin(login: string): StoredUser | undefined {
    const byName = this.findByUsername(login);
    if (byName) return byName;
    for (const attribute of this.signIn.usernameAttributes) {
      const user = this.findByAttribute(attribute, login);
      if (user) return user;
    }
    for (const alias of this.signIn.aliasAttributes) {
      const user = this.findByAttribute(alias, login, true);
      if (user) return user;
    }
    return undefined;
  }

  private findByUsername(login: string): StoredUser | undefined {
    const direct = this.state.users[login];
    if (direct || this.signIn.caseSensitive) return direct;
    const wanted = login.toLowerCase();
    return Object.values(this.state.users).find((u) => u.username.toLowerCase() === wanted);
  }

  /** E-mail addresses match in any case; a preferred_username as usernames do; phone numbers exactly. */
  findByAttribute(name: AliasAttribute, value: string, verifiedOnly = false): StoredUser | undefined {
    const fold = name === 'email' || (name === 'preferred_username' && !this.signIn.caseSensitive) ? (s: string) => s.toLowerCase() : (s: string) => s;
    const wanted = fold(value.trim());
    return Object.values(this.state.users).find((u) => {
      const actual = u.attributes[name];
      if (actual === undefined || fold(actual) !== wanted) return false;
      return !verifiedOnly || name === 'preferred_username' || u.attributes[verifiedFlag(name)] === 'true';
    });
  }

  requireUser(login: string): StoredUser {
    const user = this.findByLogin(login);
    if (!user) throw userNotFound();
    return user;
  }

  listUsers(): StoredUser[] {
    return Object.values(this.state.users).sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
  }

  /**
   * A new user named as the pool names them: in a pool that signs in with attributes, Username is
   * the e-mail address or phone number and the username a UUID (also the sub); otherwise Username
   * is the chosen name. Attributes the schema requires must all be there. Checked but not yet in
   * the pool (a pre sign-up trigger decides first): addUser puts it there.
   */
  newUser(login: string, attributes: Record<string, string>, status: UserStatus): StoredUser {
    const attribute = usernameAttributeFor(this.signIn, login.trim());
    const sub = randomUUID();
    const given: Record<string, string> = { ...attributes };
    let username: string;
    if (attribute) {
      given[attribute] = login.trim();
      username = sub;
    } else {
      username = login;
    }
    const now = Date.now();
    const user: StoredUser = {
      username,
      attributes: { ...given, sub },
      status,
      enabled: true,
      password: null,
      groups: [],
      createdAt: now,
      updatedAt: now,
      codes: {},
    };
    this.signInAttributeOf.set(user, attribute);
    this.assertNewUserFree(user);
    const missing = this.signIn.requiredAttributes.filter((name) => !given[name]);
    if (missing.length > 0) {
      throw new CognitoError(
        'InvalidParameterException',
        `Attributes did not conform to the schema: ${missing.map((name) => `${name}: The attribute is required`).join('\n')}`,
      );
    }
    return user;
  }

  /** Adds a user from newUser, checked again: another may have taken the name meanwhile. */
  addUser(user: StoredUser): StoredUser {
    this.assertNewUserFree(user);
    this.state.users[user.username] = user;
    return user;
  }

  private assertNewUserFree(user: StoredUser): void {
    const attribute = this.signInAttributeOf.get(user);
    const value = attribute ? user.attributes[attribute] : undefined;
    if (attribute && value !== undefined) {
      if (this.findByAttribute(attribute, value)) {
        throw new CognitoError('UsernameExistsException', `An account with the given ${attribute} already exists.`);
      }
    } else if (this.findByUsername(user.username)) {
      throw new CognitoError('UsernameExistsException', 'User already exists');
    }
    this.assertPreferredUsernameFree(undefined, user.attributes.preferred_username);
  }

  deleteUser(user: StoredUser): void {
    delete this.state.users[user.username];
    this.signOutEverywhere(user);
  }

  /**
   * Validates attribute names against the pool schema: standard attributes, and custom ones only as
   * declared. Self-service callers may not set the *_verified flags (the Gen 2 app client has no
   * write access to them) — only admin APIs can; attributes declared immutable take no updates.
   */
  checkAttributeWrites(attributes: Record<string, string>, admin: boolean, existing?: StoredUser): void {
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'sub') throw new CognitoError('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
      const known = name.startsWith('custom:') ? this.signIn.customAttributes.includes(name) : STANDARD_ATTRIBUTES.has(name);
      if (!known) {
        throw new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${name}: Attribute does not exist in the schema.`);
      }
      if (!admin && VERIFICATION_FLAGS.has(name)) {
        throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      }
      if (existing && this.signIn.immutableAttributes.includes(name) && existing.attributes[name] !== value) {
        throw new CognitoError('InvalidParameterException', `Cannot modify the non-mutable attribute ${name}`);
      }
      if (existing && value === '' && this.signIn.requiredAttributes.includes(name)) {
        throw new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${name}: The attribute is required`);
      }
    }
  }

  /**
   * Applies attribute changes. A new e-mail address or phone number is unverified until a code
   * proves it; the attributes returned are the changed ones the pool verifies (callers send codes).
   */
  applyAttributes(user: StoredUser, attributes: Record<string, string>): UsernameAttribute[] {
    const { email, phone_number, ...rest } = attributes;
    const changed: UsernameAttribute[] = [];
    for (const [attribute, raw] of [
      ['email', email],
      ['phone_number', phone_number],
    ] as const) {
      if (raw === undefined) continue;
      const value = raw.trim();
      const current = user.attributes[attribute];
      const same = attribute === 'email' ? value.toLowerCase() === current?.toLowerCase() : value === current;
      if (same) {
        user.attributes[attribute] = value;
        if (user.pendingAttributes) delete user.pendingAttributes[attribute];
        continue;
      }
      if (attribute === 'email' && !isEmail(value)) throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
      if (attribute === 'phone_number' && !isPhoneNumber(value)) throw new CognitoError('InvalidParameterException', 'Invalid phone number format.');
      // A sign-in attribute names one user; an alias only once verified (markVerified checks then).
      const owner = this.signIn.usernameAttributes.includes(attribute) ? this.findByAttribute(attribute, value) : undefined;
      if (owner && owner !== user) throw new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`);
      changed.push(attribute);
      if (this.signIn.keepOriginal.includes(attribute) && rest[verifiedFlag(attribute)] !== 'true') {
        // AttributesRequireVerificationBeforeUpdate: the verified value stays in force (and signs in)
        // until the new one is verified with the code sent to it.
        user.pendingAttributes = { ...user.pendingAttributes, [attribute]: value };
        continue;
      }
      user.attributes[attribute] = value;
      user.attributes[verifiedFlag(attribute)] = 'false';
      if (user.pendingAttributes) delete user.pendingAttributes[attribute];
    }
    this.assertPreferredUsernameFree(user, rest.preferred_username);
    Object.assign(user.attributes, rest);
    user.updatedAt = Date.now();
    return changed.filter((attribute) => this.signIn.autoVerifiedAttributes.includes(attribute) && rest[verifiedFlag(attribute)] !== 'true');
  }

  /**
   * Marks an attribute verified once its code is confirmed. A verified alias belongs to one user:
   * another user holding it verified makes this an AliasExistsException, unless the caller forces
   * the alias over (ConfirmSignUp's ForceAliasCreation), which leaves the other user's unverified.
   */
  markVerified(user: StoredUser, attribute: UsernameAttribute, forceAlias = false): void {
    const value = this.valueToVerify(user, attribute);
    if (value === undefined) return;
    // A sign-in attribute names one user, verified or not: a change that waited for its code may
    // meanwhile have been taken (another user's change, or a sign-up).
    if (this.signIn.usernameAttributes.includes(attribute)) {
      const holder = this.findByAttribute(attribute, value);
      if (holder && holder !== user) throw new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`);
    }
    if (this.signIn.aliasAttributes.includes(attribute)) {
      const owner = this.findByAttribute(attribute, value, true);
      if (owner && owner !== user) {
        if (!forceAlias) throw new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`);
        owner.attributes[verifiedFlag(attribute)] = 'false';
        owner.updatedAt = Date.now();
      }
    }
    user.attributes[attribute] = value;
    user.attributes[verifiedFlag(attribute)] = 'true';
    if (user.pendingAttributes) delete user.pendingAttributes[attribute];
    user.updatedAt = Date.now();
  }

  /** A preferred_username that signs in (an alias) names one user, as usernames do. */
  private assertPreferredUsernameFree(user: StoredUser | undefined, value: string | undefined): void {
    if (value === undefined || !this.signIn.aliasAttributes.includes('preferred_username')) return;
    const holder = this.findByAttribute('preferred_username', value);
    if (holder && holder !== user) throw new CognitoError('AliasExistsException', 'An account with the given preferred_username already exists.');
  }

  /** The value a verification code proves: a change waiting for verification, else the current value. */
  valueToVerify(user: StoredUser, attribute: UsernameAttribute): string | undefined {
    return user.pendingAttributes?.[attribute] ?? user.attributes[attribute];
  }

  setPassword(user: StoredUser, password: string, temporary: boolean): void {
    user.password = createPasswordVerifier(this.poolName, user.username, password);
    if (temporary) {
      user.status = 'FORCE_CHANGE_PASSWORD';
      user.temporaryPasswordExpiresAt = Date.now() + TEMPORARY_PASSWORD_TTL_MS;
    } else {
      delete user.temporaryPasswordExpiresAt;
      if (user.status === 'FORCE_CHANGE_PASSWORD' || user.status === 'RESET_REQUIRED') user.status = 'CONFIRMED';
    }
    user.updatedAt = Date.now();
  }

  passwordMatches(user: StoredUser, password: string): boolean {
    return user.password !== null && passwordMatches(this.poolName, user.username, password, user.password);
  }

  // ---- codes (the "mail catcher": delivered through log) --------------------------------------------------

  /**
   * Where a code goes: a sign-up code to an attribute the pool auto-verifies (the phone when both,
   * as Cognito does), a reset code to the first verified attribute of the recovery setting, and a
   * verification code to its attribute. Undefined: the pool has nowhere to send it.
   */
  codeDestination(user: StoredUser, kind: CodeKind): UsernameAttribute | undefined {
    const has = (attribute: UsernameAttribute) => Boolean(user.attributes[attribute]);
    if (kind === 'verifyEmail') return 'email';
    if (kind === 'verifyPhoneNumber') return 'phone_number';
    if (kind === 'signUp') return (['phone_number', 'email'] as const).find((a) => this.signIn.autoVerifiedAttributes.includes(a) && has(a));
    return this.signIn.recovery.find((a) => has(a) && user.attributes[verifiedFlag(a)] === 'true');
  }

  /**
   * Checks a code and verifies the attribute it was sent to (codes kept from before phone numbers
   * were served went by e-mail). When the attribute cannot be verified (an alias another user
   * holds), the code stays unused.
   */
  verifyWithCode(user: StoredUser, kind: CodeKind, supplied: string, forceAlias = false): void {
    const pending = this.consumeCode(user, kind, supplied);
    try {
      this.markVerified(user, pending.attribute ?? 'email', forceAlias);
    } catch (error) {
      user.codes[kind] = pending;
      throw error;
    }
  }

  issueCode(user: StoredUser, kind: CodeKind): CodeDeliveryDetails {
    const attribute = this.codeDestination(user, kind);
    const destination = attribute ? (kind === verificationCode(attribute) ? this.valueToVerify(user, attribute) : user.attributes[attribute]) : undefined;
    if (!attribute || !destination) {
      throw new CognitoError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const settings = CODE_SETTINGS[kind];
    user.codes[kind] = { code, expiresAt: Date.now() + settings.ttlMs, failedAttempts: 0, attribute };
    this.log(`[cognito] ${settings.label} code for ${destination}: ${code}`);
    return deliveryTo(attribute, destination);
  }

  /** Throws the exception Cognito would for a wrong, stale or brute-forced code; consumes it on success. */
  consumeCode(user: StoredUser, kind: CodeKind, supplied: string): PendingCode {
    const pending: PendingCode | undefined = user.codes[kind];
    if (!pending) {
      throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    if (pending.failedAttempts >= MAX_CODE_ATTEMPTS) {
      throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    }
    if (Date.now() > pending.expiresAt) {
      throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    }
    const expected = Buffer.from(pending.code);
    const given = Buffer.from(supplied.trim());
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      pending.failedAttempts += 1;
      this.save();
      throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    delete user.codes[kind];
    return pending;
  }

  // ---- software-token (TOTP) MFA --------------------------------------------------------------------------

  /**
   * AssociateSoftwareToken: a fresh secret, pending until verified. An already verified secret stays in force
   * until then, so abandoning a re-association never locks the user out (Cognito swaps them on verification).
   */
  associateSoftwareToken(user: StoredUser): string {
    const secretCode = generateTotpSecret();
    user.softwareToken = { enabled: false, preferred: false, ...user.softwareToken, pendingSecret: secretCode };
    user.updatedAt = Date.now();
    this.save();
    return secretCode;
  }

  /** VerifySoftwareToken: a correct code for the pending secret makes it the user's secret. */
  verifySoftwareToken(user: StoredUser, code: string, friendlyDeviceName: string | undefined): void {
    const token = user.softwareToken;
    if (!token?.pendingSecret) {
      throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with the user.');
    }
    const steps = matchingTotpSteps(token.pendingSecret, code, Date.now());
    const step = steps[steps.length - 1];
    if (step === undefined) {
      throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
    }
    token.secret = token.pendingSecret;
    delete token.pendingSecret;
    token.lastUsedStep = step;
    if (friendlyDeviceName) token.friendlyDeviceName = friendlyDeviceName;
    else delete token.friendlyDeviceName;
    user.updatedAt = Date.now();
    this.save();
  }

  /** SetUserMFAPreference's SoftwareTokenMfaSettings: enabling needs a verified secret; disabling keeps it. */
  setSoftwareTokenPreference(user: StoredUser, enabled: boolean, preferred: boolean | undefined): void {
    const token = user.softwareToken;
    if (enabled && this.mfaMode === 'OFF') {
      throw new CognitoError('InvalidParameterException', 'MFA is turned off for this user pool: SOFTWARE_TOKEN_MFA cannot be turned on.');
    }
    if (enabled) {
      if (!token?.secret) {
        throw new CognitoError('InvalidParameterException', 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA');
      }
      token.enabled = true;
      if (preferred !== undefined) token.preferred = preferred;
    } else if (token) {
      token.enabled = false;
      token.preferred = false;
    }
    user.updatedAt = Date.now();
  }

  /** Whether a correct password must be followed by a SOFTWARE_TOKEN_MFA challenge (never while the pool has MFA off). */
  totpRequired(user: StoredUser): boolean {
    return this.mfaMode !== 'OFF' && Boolean(user.softwareToken?.enabled && user.softwareToken.secret);
  }

  /** With MFA required, a user without TOTP has to set it up (MFA_SETUP) before getting tokens. */
  needsMfaSetup(user: StoredUser): boolean {
    return this.mfaMode === 'REQUIRED' && !this.totpRequired(user);
  }

  /**
   * Checks a sign-in TOTP code. As RFC 6238 asks (and Cognito does), a code is accepted once: a step at or
   * before the last accepted one is a replay.
   */
  consumeTotpCode(user: StoredUser, code: string): void {
    const token = user.softwareToken;
    if (!token?.secret) {
      throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA does not exist for the user.');
    }
    const steps = matchingTotpSteps(token.secret, code.trim(), Date.now());
    if (steps.length === 0) throw new CognitoError('CodeMismatchException', 'Invalid code received for user');
    const fresh = steps.filter((s) => s > (token.lastUsedStep ?? -1));
    const step = fresh[fresh.length - 1];
    if (step === undefined) {
      throw new CognitoError('ExpiredCodeException', 'Your software token has already been used once.');
    }
    token.lastUsedStep = step;
    this.save();
  }

  /** GetUser / AdminGetUser: both members are left out while no MFA is enabled, as in Cognito. */
  mfaSettings(user: StoredUser): MfaSettings {
    if (!this.totpRequired(user)) return {};
    return {
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
      ...(user.softwareToken?.preferred ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}),
    };
  }

  // ---- sessions and tokens ----------------------------------------------------------------------------------

  /**
   * A fresh sign-in: new refresh token + session (origin_jti), persisted so it survives restarts.
   * Nothing is kept when the pre token generation trigger refuses the tokens.
   */
  async startSession(user: StoredUser, clientId: string, source: TokenSource, clientMetadata?: Record<string, string>): Promise<AuthenticationResult> {
    const refreshToken = randomBytes(96).toString('base64url');
    const session: StoredSession = {
      originJti: randomUUID(),
      username: user.username,
      clientId,
      eventId: randomUUID(),
      authTime: nowSeconds(),
      refreshTokenHash: sha256Hex(refreshToken),
      expiresAt: Date.now() + this.tokenLifetimes.refreshTokenSeconds * 1000,
    };
    const tokens = await this.mintTokens(user, session, source, clientMetadata);
    this.state.sessions[session.originJti] = session;
    this.save();
    return { ...tokens, RefreshToken: refreshToken };
  }

  /** Re-reads the user, so attribute and group changes show up in refreshed tokens (as in Cognito). */
  async refresh(refreshToken: string, clientId: string): Promise<AuthenticationResult> {
    const hash = sha256Hex(refreshToken);
    const session = Object.values(this.state.sessions).find((s) => s.refreshTokenHash === hash);
    if (!session || session.clientId !== clientId) {
      throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    }
    if (session.expiresAt <= Date.now()) throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
    const user = this.state.users[session.username];
    if (!user) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return this.mintTokens(user, session, 'TokenGeneration_RefreshTokens');
  }

  /** RFC 7009 semantics: an unknown token is not an error; a token of another client is. */
  revokeRefreshToken(refreshToken: string, clientId: string): void {
    const hash = sha256Hex(refreshToken);
    const session = Object.values(this.state.sessions).find((s) => s.refreshTokenHash === hash);
    if (!session) return;
    if (session.clientId !== clientId) {
      throw new CognitoError('UnauthorizedException', 'Token provided is not issued for this client.');
    }
    delete this.state.sessions[session.originJti];
    this.save();
  }

  signOutEverywhere(user: StoredUser): void {
    for (const [id, session] of Object.entries(this.state.sessions)) {
      if (session.username === user.username) delete this.state.sessions[id];
    }
  }

  /**
   * Access tokens are stateless JWTs, but Cognito still refuses one whose sign-in was revoked: deleting the
   * session (RevokeToken / GlobalSignOut) is what kills every access token carrying its origin_jti.
   */
  authenticate(accessToken: string): StoredUser {
    const claims = this.key.verify(accessToken);
    if (!claims || claims.token_use !== 'access' || claims.iss !== this.issuer || claims.client_id !== this.clientId) {
      throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    }
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds()) {
      throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
    }
    const session = typeof claims.origin_jti === 'string' ? this.state.sessions[claims.origin_jti] : undefined;
    if (!session) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    const user = typeof claims.username === 'string' ? this.state.users[claims.username] : undefined;
    if (!user) throw userNotFound();
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return user;
  }

  setGroupRoles(roles: GroupRole[]): void {
    this.groupRoles = new Map(roles.map((role) => [role.group, role]));
  }

  /**
   * The groups a token carries with their roles, as a pre token generation trigger sees them:
   * cognito:roles lists the IAM roles of the user's groups, and cognito:preferred_role is the role
   * of the groups with the lowest precedence, when they name one role (otherwise none is preferred).
   */
  private groupConfiguration(groups: string[]): GroupConfiguration {
    const withRoles = groups.map((group) => this.groupRoles.get(group)).filter((role): role is GroupRole => role?.roleArn !== undefined);
    const lowest = Math.min(...withRoles.map((role) => role.precedence ?? Number.MAX_SAFE_INTEGER));
    const first = new Set(withRoles.filter((role) => (role.precedence ?? Number.MAX_SAFE_INTEGER) === lowest).map((role) => role.roleArn));
    return {
      groupsToOverride: groups,
      iamRolesToOverride: [...new Set(withRoles.map((role) => role.roleArn ?? ''))],
      preferredRole: first.size === 1 ? ([...first][0] ?? null) : null,
    };
  }

  private async mintTokens(
    user: StoredUser,
    session: StoredSession,
    source: TokenSource,
    clientMetadata?: Record<string, string>,
  ): Promise<AuthenticationResult> {
    const iat = nowSeconds();
    const { accessTokenSeconds, idTokenSeconds } = this.tokenLifetimes;
    const { sub, email, email_verified, phone_number_verified, ...profile } = user.attributes;
    const id: Claims = {
      sub,
      ...(email_verified !== undefined ? { email_verified: email_verified === 'true' } : {}),
      iss: this.issuer,
      'cognito:username': user.username,
      origin_jti: session.originJti,
      aud: session.clientId,
      event_id: session.eventId,
      token_use: 'id',
      auth_time: session.authTime,
      ...profile,
      ...(phone_number_verified !== undefined ? { phone_number_verified: phone_number_verified === 'true' } : {}),
      exp: iat + idTokenSeconds,
      iat,
      jti: randomUUID(),
      ...(email !== undefined ? { email } : {}),
    };
    const access: Claims = {
      sub,
      iss: this.issuer,
      client_id: session.clientId,
      origin_jti: session.originJti,
      event_id: session.eventId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: session.authTime,
      exp: iat + accessTokenSeconds,
      iat,
      jti: randomUUID(),
      username: user.username,
    };
    const issued = this.groupConfiguration(user.groups.filter((g) => this.groups.includes(g)));
    const groups = this.triggers ? await this.triggers.preTokenGeneration(source, user, session.clientId, issued, { id, access }, clientMetadata) : issued;
    // Both tokens carry the groups; only ID tokens their roles (a trigger's groupOverrideDetails replaces all three).
    if (groups.groupsToOverride.length > 0) id['cognito:groups'] = access['cognito:groups'] = groups.groupsToOverride;
    if (groups.iamRolesToOverride.length > 0) id['cognito:roles'] = groups.iamRolesToOverride;
    if (groups.preferredRole) id['cognito:preferred_role'] = groups.preferredRole;
    return { AccessToken: this.key.sign(access), ExpiresIn: accessTokenSeconds, IdToken: this.key.sign(id), TokenType: 'Bearer' };
  }

  // ---- response shapes -----------------------------------------------------------------------------------

  attributeList(user: StoredUser): AttributeType[] {
    return Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value }));
  }

  /** The UserType shape shared by AdminCreateUser and ListUsers (timestamps in epoch seconds, as JSON 1.1 wants). */
  describe(user: StoredUser): Record<string, unknown> {
    return {
      Username: user.username,
      Attributes: this.attributeList(user),
      UserCreateDate: user.createdAt / 1000,
      UserLastModifiedDate: user.updatedAt / 1000,
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }

  describeGroup(groupName: string): Record<string, unknown> {
    return {
      GroupName: groupName,
      UserPoolId: this.userPoolId,
      CreationDate: this.state.createdAt / 1000,
      LastModifiedDate: this.state.createdAt / 1000,
    };
  }
}
