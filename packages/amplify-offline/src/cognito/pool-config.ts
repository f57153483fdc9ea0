import { CognitoError } from './errors';

/** The attributes a user pool can take in place of a username (CloudFormation's UsernameAttributes). */
export type UsernameAttribute = 'email' | 'phone_number';
/** The attributes that may also sign in beside a chosen username (AliasAttributes). */
export type AliasAttribute = UsernameAttribute | 'preferred_username';

/**
 * How users are named and what they must tell the pool, as the synthesized CfnUserPool declares it.
 * `amplify-offline start` reads every field from the app; the defaults are Gen 2's `loginWith: { email: true }`.
 */
export interface SignInConfig {
  /** Non-empty: users sign in with one of these and the username is a generated UUID. Empty: they choose a username. */
  usernameAttributes: UsernameAttribute[];
  /** With a chosen username: verified attributes (and preferred_username) that also sign in. */
  aliasAttributes: AliasAttribute[];
  /** UsernameConfiguration.CaseSensitive; Gen 2 turns it off. */
  caseSensitive: boolean;
  /** AutoVerifiedAttributes: the sign-up code goes to one of these and confirming it verifies that attribute. */
  autoVerifiedAttributes: UsernameAttribute[];
  /** AccountRecoverySetting, in priority order; empty: only an administrator can reset a password. */
  recovery: UsernameAttribute[];
  /** Schema attributes with Required: true; sign-up and AdminCreateUser fail without them. */
  requiredAttributes: string[];
  /** Schema attributes with Mutable: false: set when the user is created, never changed after. */
  immutableAttributes: string[];
  /** Declared custom attributes, with their `custom:` prefix; any other custom attribute is refused. */
  customAttributes: string[];
  /** AttributesRequireVerificationBeforeUpdate: a new value waits for its code; the verified one stays meanwhile. */
  keepOriginal: UsernameAttribute[];
}

/**
 * The app client's ExplicitAuthFlows, in their ALLOW_ form. Left out, Cognito enables SRP, custom
 * auth and refresh (Gen 2's app client declares the same three).
 */
export const DEFAULT_AUTH_FLOWS: readonly string[] = Object.freeze(['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
/** Every flow the emulator knows: what a pool started without the app's client (a test) allows. */
export const ALL_AUTH_FLOWS: readonly string[] = Object.freeze([
  ...DEFAULT_AUTH_FLOWS,
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_USER_AUTH',
]);
/** The legacy names CloudFormation still takes, and what each allows. */
const LEGACY_AUTH_FLOWS: Record<string, string> = {
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  CUSTOM_AUTH_FLOW_ONLY: 'ALLOW_CUSTOM_AUTH',
};
export const normaliseAuthFlow = (flow: string): string => LEGACY_AUTH_FLOWS[flow] ?? flow;

export interface TokenLifetimes {
  accessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
}

export const GEN2_SIGN_IN: Readonly<SignInConfig> = Object.freeze<SignInConfig>({
  usernameAttributes: ['email'],
  aliasAttributes: [],
  caseSensitive: false,
  autoVerifiedAttributes: ['email'],
  recovery: ['email'],
  requiredAttributes: ['email'],
  immutableAttributes: [],
  customAttributes: [],
  keepOriginal: ['email'],
});

/** Cognito's defaults for an app client that sets no validity: an hour for access and ID tokens, 30 days to refresh. */
export const DEFAULT_TOKEN_LIFETIMES: Readonly<TokenLifetimes> = Object.freeze({
  accessTokenSeconds: 3600,
  idTokenSeconds: 3600,
  refreshTokenSeconds: 30 * 24 * 3600,
});

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
/** Cognito stores phone numbers in E.164: a plus sign and up to fifteen digits. */
const PHONE_PATTERN = /^\+[0-9]{4,15}$/;
/** Cognito's username pattern: letters, marks, symbols, numbers and punctuation; no white space. */
const USERNAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

export const isEmail = (value: string): boolean => EMAIL_PATTERN.test(value);
export const isPhoneNumber = (value: string): boolean => PHONE_PATTERN.test(value);

/** The attribute that holds a verified flag for a sign-in attribute. */
export const verifiedFlag = (attribute: UsernameAttribute): 'email_verified' | 'phone_number_verified' =>
  attribute === 'email' ? 'email_verified' : 'phone_number_verified';

/** The message Cognito gives when a Username is neither of the attributes the pool signs in with. */
function usernameShapeMessage(attributes: readonly UsernameAttribute[]): string {
  if (attributes.length === 2) return 'Username should be either an email or a phone number.';
  return attributes[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.';
}

/**
 * Which attribute a new user's Username fills in a pool that signs in with attributes, or, in a
 * pool of chosen usernames, a check that the name is one Cognito would take.
 */
export function usernameAttributeFor(config: SignInConfig, login: string): UsernameAttribute | undefined {
  if (config.usernameAttributes.length > 0) {
    if (config.usernameAttributes.includes('email') && isEmail(login)) return 'email';
    if (config.usernameAttributes.includes('phone_number') && isPhoneNumber(login)) return 'phone_number';
    throw new CognitoError('InvalidParameterException', usernameShapeMessage(config.usernameAttributes));
  }
  if (login.length > 128 || !USERNAME_PATTERN.test(login)) {
    throw new CognitoError(
      'InvalidParameterException',
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
  }
  if (config.aliasAttributes.includes('email') && isEmail(login)) {
    throw new CognitoError('InvalidParameterException', 'Username cannot be of email format, since user pool is configured for email alias.');
  }
  if (config.aliasAttributes.includes('phone_number') && isPhoneNumber(login)) {
    throw new CognitoError('InvalidParameterException', 'Username cannot be of phone number format, since user pool is configured for phone number alias.');
  }
  return undefined;
}

/** "ann@example.com" -> "a***@e***", the form Cognito puts in CodeDeliveryDetails. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** "+15555550123" -> "+*******0123". */
export function maskPhoneNumber(phone: string): string {
  return `+${'*'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-4)}`;
}

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL' | 'SMS';
  AttributeName: UsernameAttribute;
}

export function deliveryTo(attribute: UsernameAttribute, value: string): CodeDeliveryDetails {
  return attribute === 'email'
    ? { Destination: maskEmail(value), DeliveryMedium: 'EMAIL', AttributeName: 'email' }
    : { Destination: maskPhoneNumber(value), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
}
