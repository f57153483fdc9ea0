/**
 * What the Cognito tests share: a local user pool in a temporary folder with an SDK client and a
 * record of what it "e-mailed", and the usual ways of putting a user in it and signing them in.
 * Used by the package's tests, and by the Folio tests that sign in to a local pool (its
 * server-jwks.test.ts, and Folio's amplify/data/data-api.test.ts through `cognitoClient` and `adminSignIn`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
  type InitiateAuthResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { startCognitoEmulator, type CognitoEmulator, type CognitoEmulatorOptions } from '../../src/cognito';
import type { LocalCredentials } from '../../src/sigv4';

/** The password the helpers give users unless told otherwise; it satisfies the Gen 2 password policy. */
export const PASSWORD = 'Corr3ct-horse!';

/** A user pool as the helpers below address it: the client to send with and the pool's ids. */
export interface UserPoolTarget {
  readonly sdk: CognitoIdentityProviderClient;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
}

/** The tokens of a completed sign-in. */
export type SignedIn = AuthenticationResultType & { AccessToken: string; IdToken: string; RefreshToken: string };

/** An AWS SDK client for a local Cognito endpoint, signing with the backend's admin credentials; no retries, so errors surface at once. */
export function cognitoClient(endpoint: string, region: string, credentials: LocalCredentials): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint, region, credentials: { ...credentials }, maxAttempts: 1 });
}

export async function fetchJwks(jwksUrl: string): Promise<Jwks> {
  const response = await fetch(jwksUrl);
  if (!response.ok) throw new Error(`${jwksUrl}: HTTP ${response.status}`);
  return (await response.json()) as Jwks;
}

/** Addresses no other test in the run has used: `<prefix><n>.<time>@example.com`. */
export function emailFactory(prefix: string): () => string {
  let counter = 0;
  return () => `${prefix}${++counter}.${Date.now()}@example.com`;
}

const attributeList = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

export interface LocalUserPoolOptions extends Omit<CognitoEmulatorOptions, 'dataDir' | 'log'> {
  /** Prefix of the temporary data folder, which close() removes. */
  tmpPrefix: string;
}

/** The Cognito emulator on a temporary data folder, an SDK client for it, and every line it logged (the codes it "e-mailed"). */
export class LocalUserPool implements UserPoolTarget {
  private constructor(
    readonly dataDir: string,
    private readonly options: Omit<CognitoEmulatorOptions, 'dataDir' | 'log'>,
    readonly logLines: string[],
    public emulator: CognitoEmulator,
    public sdk: CognitoIdentityProviderClient,
  ) {}

  static async start({ tmpPrefix, ...options }: LocalUserPoolOptions): Promise<LocalUserPool> {
    const dataDir = mkdtempSync(join(tmpdir(), tmpPrefix));
    const logLines: string[] = [];
    try {
      const emulator = await startCognitoEmulator({ ...options, dataDir, log: (line) => logLines.push(line) });
      return new LocalUserPool(dataDir, options, logLines, emulator, cognitoClient(emulator.url, emulator.region, emulator.adminCredentials));
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  get userPoolId(): string {
    return this.emulator.userPoolId;
  }

  get userPoolClientId(): string {
    return this.emulator.userPoolClientId;
  }

  /** Stops the emulator and starts it again on the same data folder, with the options it was started with unless given others, and a new client. */
  async restart(options: Omit<CognitoEmulatorOptions, 'dataDir' | 'log'> = this.options): Promise<void> {
    this.sdk.destroy();
    await this.emulator.close();
    this.emulator = await startCognitoEmulator({ ...options, dataDir: this.dataDir, log: (line) => this.logLines.push(line) });
    this.sdk = cognitoClient(this.emulator.url, this.emulator.region, this.emulator.adminCredentials);
  }

  async close(): Promise<void> {
    this.sdk.destroy();
    await this.emulator.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The newest code of a kind ('sign-up', 'password reset', 'email verification') the pool "e-mailed" to an address. */
  lastCode(kind: string, email: string): string {
    const pattern = new RegExp(`^\\[cognito\\] ${kind} code for ${email.replace(/[.+]/g, '\\$&')}: (\\d{6})$`, 'i');
    for (let i = this.logLines.length - 1; i >= 0; i--) {
      const match = pattern.exec(this.logLines[i] ?? '');
      if (match?.[1]) return match[1];
    }
    throw new Error(`no ${kind} code logged for ${email}`);
  }

  jwks(): Promise<Jwks> {
    return fetchJwks(this.emulator.jwksUrl);
  }
}

/** SignUp through the public API (the account stays UNCONFIRMED); returns the new user's sub. */
export async function signUp(pool: UserPoolTarget, email: string, attributes: Record<string, string> = {}, password = PASSWORD): Promise<string> {
  const out = await pool.sdk.send(
    new SignUpCommand({ ClientId: pool.userPoolClientId, Username: email, Password: password, UserAttributes: attributeList({ email, ...attributes }) }),
  );
  return out.UserSub ?? '';
}

/** SignUp, then ConfirmSignUp with the code the pool logged; returns the user's sub. */
export async function signUpAndConfirm(pool: LocalUserPool, email: string, attributes: Record<string, string> = {}, password = PASSWORD): Promise<string> {
  const sub = await signUp(pool, email, attributes, password);
  await pool.sdk.send(new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: email, ConfirmationCode: pool.lastCode('sign-up', email) }));
  return sub;
}

/** AdminCreateUser with no invitation: the user must replace the temporary password (FORCE_CHANGE_PASSWORD); returns the sub. */
export async function adminCreateUser(
  pool: UserPoolTarget,
  email: string,
  { temporaryPassword = 'Temporary-1!', attributes = {} }: { temporaryPassword?: string; attributes?: Record<string, string> } = {},
): Promise<string> {
  const created = await pool.sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: pool.userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: temporaryPassword,
      UserAttributes: attributeList({ email, email_verified: 'true', ...attributes }),
    }),
  );
  return created.User?.Username ?? '';
}

/** A CONFIRMED user with a verified email and a permanent password, made as an administrator would; returns the sub. */
export async function createUser(
  pool: UserPoolTarget,
  email: string,
  { password = PASSWORD, ...options }: { password?: string; temporaryPassword?: string; attributes?: Record<string, string> } = {},
): Promise<string> {
  const sub = await adminCreateUser(pool, email, options);
  await pool.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: password, Permanent: true }));
  return sub;
}

function tokensOf(email: string, out: Pick<InitiateAuthResponse, 'AuthenticationResult' | 'ChallengeName'>): SignedIn {
  const result = out.AuthenticationResult;
  if (!result?.AccessToken || !result.IdToken || !result.RefreshToken) throw new Error(`${email}: expected tokens, got challenge ${String(out.ChallengeName)}`);
  return { ...result, AccessToken: result.AccessToken, IdToken: result.IdToken, RefreshToken: result.RefreshToken };
}

/** USER_PASSWORD_AUTH, as a public client does; throws when Cognito answers with a challenge instead of tokens. */
export async function passwordSignIn(pool: UserPoolTarget, email: string, password = PASSWORD): Promise<SignedIn> {
  const out = await pool.sdk.send(
    new InitiateAuthCommand({ ClientId: pool.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
  );
  return tokensOf(email, out);
}

/** ADMIN_USER_PASSWORD_AUTH, as a server with admin credentials does; throws on a challenge. */
export async function adminSignIn(pool: UserPoolTarget, email: string, password = PASSWORD): Promise<SignedIn> {
  const out = await pool.sdk.send(
    new AdminInitiateAuthCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.userPoolClientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  return tokensOf(email, out);
}
