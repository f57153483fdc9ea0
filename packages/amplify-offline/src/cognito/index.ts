import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createOperations } from './operations';
import { PASSWORD_POLICY, type PasswordPolicy } from './password-policy';
import { readState, writeState, type PoolState } from './persistence';
import { adminCredentials, type LocalCredentials } from '../sigv4';
import { createCognitoServer, type FunctionCallers, type IdentityOperations } from './server';
import { UserPoolTriggers, type TriggerFunctions } from './triggers';
import { SigningKey } from './signing-key';
import { ALL_AUTH_FLOWS, DEFAULT_TOKEN_LIFETIMES, GEN2_SIGN_IN, normaliseAuthFlow, type SignInConfig, type TokenLifetimes } from './pool-config';
import { UserPool, type GroupRole, type MfaMode } from './user-pool';

export interface CognitoEmulatorOptions {
  /** Persist here: state JSON + RSA private key (PEM); survives restarts. */
  dataDir: string;
  /** Default 0 = ephemeral. */
  port?: number;
  /** Default 'us-east-1'. */
  region?: string;
  /** Groups that exist in the pool, e.g. ['AUTHORS', 'ADMINS']. */
  groups?: string[];
  /** Default Cognito's: an hour for access and ID tokens, 30 days for refresh tokens. */
  tokenLifetimes?: Partial<TokenLifetimes>;
  /** How users sign in and what they must provide; default Gen 2's e-mail sign-in. */
  signIn?: Partial<SignInConfig>;
  /** The app client's ExplicitAuthFlows; default every flow the emulator knows (`amplify-offline start` passes the app's). */
  authFlows?: readonly string[];
  /**
   * MFA with TOTP (authenticator apps) as the only second factor; default 'OPTIONAL' (`amplify-offline
   * start` passes the synthesized pool's). 'REQUIRED' makes users without TOTP set it up while
   * signing in (MFA_SETUP); 'OFF' offers no second factor.
   */
  mfaMode?: MfaMode;
  /** Default: Amplify Gen 2's (8 characters with lower, upper, digit and symbol). */
  passwordPolicy?: PasswordPolicy;
  /** Default console.log; confirmation / reset codes are printed through it like a dev mail catcher. */
  log?: (line: string) => void;
  /** What admin calls must be signed with; default: the data folder's (created on first start). */
  adminCredentials?: LocalCredentials;
}

export interface CognitoEmulator {
  /** e.g. http://127.0.0.1:54321 — aws-amplify's Auth.Cognito.userPoolEndpoint. */
  url: string;
  region: string;
  /** `${region}_${9 alphanumerics}`, generated once and persisted. */
  userPoolId: string;
  /** 26 lowercase alphanumerics, persisted. */
  userPoolClientId: string;
  /** `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`: server-side verifiers insist on AWS's shape. */
  issuer: string;
  /** `${url}/${userPoolId}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The IAM credentials admin calls (Admin*, ListUsers, ListGroups, ListUsersInGroup) must be signed with. */
  adminCredentials: LocalCredentials;
  /** The pool's public keys, as served at jwksUrl. */
  jwks: { keys: object[] };
  /**
   * Answers Cognito Identity's operations (the identity pool's endpoint is this one) and gives ID
   * tokens the group role claims the identity pool's role mapping reads.
   */
  attachIdentityPool(operations: NonNullable<ReturnType<IdentityOperations>>, groupRoles: GroupRole[]): void;
  /**
   * Runs the pool's Lambda triggers with the app's functions, and lets the functions call the
   * admin API as their roles' policies allow on `poolArn`.
   */
  attachFunctions(functions: { triggers: TriggerFunctions } & NonNullable<ReturnType<FunctionCallers>>): void;
  close(): Promise<void>;
}

export type { GroupRole, MfaMode } from './user-pool';
export type { SignInConfig, TokenLifetimes } from './pool-config';

export const STATE_FILE = 'cognito-state.json';
export const KEY_FILE = 'cognito-signing-key.pem';

const randomChars = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[randomInt(alphabet.length)] ?? '').join('');

function createState(region: string): PoolState {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return {
    version: 1,
    region,
    userPoolId: `${region}_${randomChars(alnum, 9)}`,
    userPoolClientId: randomChars('abcdefghijklmnopqrstuvwxyz0123456789', 26),
    createdAt: Date.now(),
    users: {},
    sessions: {},
  };
}

export async function startCognitoEmulator(opts: CognitoEmulatorOptions): Promise<CognitoEmulator> {
  mkdirSync(opts.dataDir, { recursive: true });
  const statePath = join(opts.dataDir, STATE_FILE);
  const existing = readState(statePath);
  if (existing && opts.region && existing.region !== opts.region) {
    // The region is baked into the pool id, the issuer and every issued token; silently changing it would
    // invalidate them all, so make the conflict loud instead.
    throw new Error(`Cognito emulator state in ${opts.dataDir} belongs to region ${existing.region}, not ${opts.region}; use another dataDir.`);
  }
  const state = existing ?? createState(opts.region ?? 'us-east-1');
  if (!existing) writeState(statePath, state);

  const key = SigningKey.loadOrCreate(join(opts.dataDir, KEY_FILE));
  const issuer = `https://cognito-idp.${state.region}.amazonaws.com/${state.userPoolId}`;
  const pool = new UserPool({
    state,
    statePath,
    key,
    groups: [...(opts.groups ?? [])],
    tokenLifetimes: { ...DEFAULT_TOKEN_LIFETIMES, ...opts.tokenLifetimes },
    signIn: { ...GEN2_SIGN_IN, ...opts.signIn },
    authFlows: (opts.authFlows ?? ALL_AUTH_FLOWS).map(normaliseAuthFlow),
    issuer,
    mfaMode: opts.mfaMode ?? 'OPTIONAL',
    passwordPolicy: opts.passwordPolicy ?? PASSWORD_POLICY,
    log: opts.log ?? ((line: string) => console.log(line)),
  });
  const admin = opts.adminCredentials ?? adminCredentials(opts.dataDir).credentials;
  let identityOperations: ReturnType<IdentityOperations>;
  let functionCallers: ReturnType<FunctionCallers>;
  const server = createCognitoServer(
    pool,
    createOperations(pool),
    admin,
    () => identityOperations,
    () => functionCallers,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, like every local endpoint.
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    region: state.region,
    userPoolId: state.userPoolId,
    userPoolClientId: state.userPoolClientId,
    issuer,
    jwksUrl: `${url}/${state.userPoolId}/.well-known/jwks.json`,
    adminCredentials: admin,
    jwks: { keys: [pool.key.jwk] },
    attachIdentityPool(operations, groupRoles) {
      identityOperations = operations;
      pool.setGroupRoles(groupRoles);
    },
    attachFunctions({ triggers, callers, poolArn }) {
      functionCallers = { callers, poolArn };
      pool.triggers = new UserPoolTriggers(triggers, { region: state.region, userPoolId: state.userPoolId, log: pool.log });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets from fetch/SDK clients would otherwise hold close() open indefinitely.
        server.closeAllConnections();
      }),
  };
}
