import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PasswordVerifier } from './srp';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface PendingCode {
  code: string;
  expiresAt: number; // epoch ms
  failedAttempts: number;
  /** Where it was sent (absent in state files written before phone numbers were served: e-mail). */
  attribute?: 'email' | 'phone_number';
}

/** Software-token (TOTP) MFA. The secrets are the base32 strings handed to the user; they are never logged. */
export interface StoredSoftwareToken {
  /** From AssociateSoftwareToken; becomes `secret` once VerifySoftwareToken proves the app has it. */
  pendingSecret?: string;
  /** The verified secret that sign-in codes are checked against. */
  secret?: string;
  friendlyDeviceName?: string;
  /** SetUserMFAPreference: TOTP is required at sign-in only while enabled (the secret alone is not enough). */
  enabled: boolean;
  preferred: boolean;
  /** The newest TOTP time step a code was accepted for; older or equal steps are replays. */
  lastUsedStep?: number;
}

export interface StoredUser {
  /** The Cognito username: a UUID that is also the sub where users sign in with e-mail or phone, else the name they chose. */
  username: string;
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  /** SRP salt + verifier; the password itself is never kept. */
  password: PasswordVerifier | null;
  temporaryPasswordExpiresAt?: number;
  groups: string[];
  createdAt: number;
  updatedAt: number;
  codes: { signUp?: PendingCode; resetPassword?: PendingCode; verifyEmail?: PendingCode; verifyPhoneNumber?: PendingCode };
  /** New values of attributes the pool keeps until verified (AttributesRequireVerificationBeforeUpdate). */
  pendingAttributes?: { email?: string; phone_number?: string };
  /** Absent until the user first calls AssociateSoftwareToken (and in state files written before MFA existed). */
  softwareToken?: StoredSoftwareToken;
}

/** One sign-in: the refresh token and every id/access token minted from it share its origin_jti. */
export interface StoredSession {
  originJti: string;
  username: string;
  clientId: string;
  eventId: string;
  authTime: number; // epoch seconds
  refreshTokenHash: string;
  expiresAt: number; // epoch ms
}

export interface PoolState {
  version: 1;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  createdAt: number;
  users: Record<string, StoredUser>;
  sessions: Record<string, StoredSession>;
}

/** tmp file + rename, so a crash mid-write can never leave a truncated state file behind. */
export function writeFileAtomic(path: string, contents: string | Uint8Array, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, contents, { mode });
  renameSync(tmp, path);
}

export function readState(path: string): PoolState | null {
  if (!existsSync(path)) return null;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as PoolState;
  if (parsed.version !== 1) throw new Error(`${path}: unsupported Cognito emulator state version ${String(parsed.version)}`);
  return parsed;
}

export function writeState(path: string, state: PoolState): void {
  writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, 0o600);
}
