import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../cognito/persistence';

/** Temporary credentials as STS issues them for a role session, with what they stand for. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiresAt: number;
  roleArn: string;
  identityId: string;
  authenticated: boolean;
  /** For authenticated identities: the login (`<provider>:CognitoSignIn:<sub>`) the role was assumed with. */
  login?: { provider: string; sub: string };
}

export interface StoredIdentity {
  createdAt: number;
  /** Absent for a guest (unauthenticated) identity. */
  login?: { provider: string; sub: string };
}

interface IdentityState {
  version: 1;
  identities: Record<string, StoredIdentity>;
  credentials: Record<string, IssuedCredentials>;
}

/** Cognito Identity's credentials last an hour. */
export const CREDENTIALS_LIFETIME_MS = 60 * 60 * 1000;

const alphanumeric = (length: number) =>
  Array.from(randomBytes(length), (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[byte % 32])
    .join('')
    .slice(0, length);

/**
 * The identities of the pool and the credentials issued to them, persisted in the data folder (owner
 * read/write only), so that a restart keeps identity ids stable and unexpired credentials valid,
 * as a restart of a local service never signs anyone out on AWS.
 */
export class IdentityStore {
  private readonly state: IdentityState;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly file: string) {
    this.state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as IdentityState) : { version: 1, identities: {}, credentials: {} };
    if (this.state.version !== 1) throw new Error(`${file}: unsupported identity state version ${String(this.state.version)}`);
    this.pruneExpired(Date.now());
  }

  private pruneExpired(now: number): void {
    for (const [key, issued] of Object.entries(this.state.credentials)) if (issued.expiresAt <= now) delete this.state.credentials[key];
  }

  identity(identityId: string): StoredIdentity | undefined {
    return Object.hasOwn(this.state.identities, identityId) ? this.state.identities[identityId] : undefined;
  }

  /** The identity linked to a login, if there is one. */
  identityForLogin(provider: string, sub: string): string | undefined {
    return Object.entries(this.state.identities).find(([, identity]) => identity.login?.provider === provider && identity.login.sub === sub)?.[0];
  }

  createIdentity(region: string, login: StoredIdentity['login']): string {
    const identityId = `${region}:${crypto.randomUUID()}`;
    this.state.identities[identityId] = { createdAt: Date.now(), ...(login ? { login } : {}) };
    this.save();
    return identityId;
  }

  /** Links a login to a guest identity (it is authenticated from then on); returns the identity id. */
  linkLogin(identityId: string, login: { provider: string; sub: string }): string {
    const identity = this.identity(identityId);
    if (!identity) throw new Error(`No identity ${identityId}`);
    identity.login = { provider: login.provider, sub: login.sub };
    this.save();
    return identityId;
  }

  issue(session: Omit<IssuedCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiresAt'>, now = Date.now()): IssuedCredentials {
    const credentials: IssuedCredentials = {
      // Temporary credentials' key ids start with ASIA, long-term ones with AKIA.
      accessKeyId: `ASIA${alphanumeric(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(192).toString('base64'),
      expiresAt: now + CREDENTIALS_LIFETIME_MS,
      ...session,
    };
    this.pruneExpired(now);
    this.state.credentials[credentials.accessKeyId] = credentials;
    this.save();
    return credentials;
  }

  credentials(accessKeyId: string): IssuedCredentials | undefined {
    return Object.hasOwn(this.state.credentials, accessKeyId) ? this.state.credentials[accessKeyId] : undefined;
  }

  /**
   * Persists soon rather than at once: a server-rendered app asks for credentials on every request,
   * and rewriting the whole file each time made the backend's latency grow with the file. A write
   * is at most 250 ms behind (flush() on close writes at once).
   */
  private save(): void {
    this.pending ??= setTimeout(() => this.flush(), 250);
    this.pending.unref();
  }

  flush(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = undefined;
    writeFileAtomic(this.file, `${JSON.stringify(this.state)}\n`, 0o600);
  }
}
