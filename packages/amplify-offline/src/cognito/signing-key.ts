import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './persistence';

export interface PublicJwk {
  kty: 'RSA';
  alg: 'RS256';
  use: 'sig';
  kid: string;
  n: string;
  e: string;
}

export interface JwtPayload {
  [claim: string]: unknown;
}

/** The pool's RS256 key pair. The private half is persisted so tokens (and their kid) outlive restarts. */
export class SigningKey {
  readonly kid: string;
  readonly jwk: PublicJwk;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const { n, e } = this.publicKey.export({ format: 'jwk' });
    if (typeof n !== 'string' || typeof e !== 'string') throw new Error('RSA key has no modulus/exponent');
    // RFC 7638 thumbprint: deterministic from the key alone, so the kid never drifts from the key.
    this.kid = createHash('sha256')
      .update(JSON.stringify({ e, kty: 'RSA', n }))
      .digest('base64url');
    this.jwk = { kty: 'RSA', alg: 'RS256', use: 'sig', kid: this.kid, n, e };
  }

  static loadOrCreate(pemPath: string): SigningKey {
    if (existsSync(pemPath)) return new SigningKey(createPrivateKey(readFileSync(pemPath, 'utf8')));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileAtomic(pemPath, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 0o600);
    return new SigningKey(privateKey);
  }

  sign(payload: JwtPayload): string {
    // Cognito's header carries only kid and alg (no typ); mirror it.
    const header = { kid: this.kid, alg: 'RS256' };
    const signingInput = `${b64url(header)}.${b64url(payload)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  /** Returns the payload when the signature is ours and intact; null otherwise. Claims are the caller's job. */
  verify(token: string): JwtPayload | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    const header = parseJsonSegment(h);
    if (!header || header.alg !== 'RS256' || header.kid !== this.kid) return null;
    if (!verify('sha256', Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, 'base64url'))) return null;
    return parseJsonSegment(p);
  }
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function parseJsonSegment(segment: string): JwtPayload | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JwtPayload) : null;
  } catch {
    return null;
  }
}
