import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Server half of Cognito's SRP-6a variant (the "Caldera" flavour aws-amplify speaks).
 *
 * Every value that gets hashed is first encoded the way Java's BigInteger.toByteArray() would (minimal
 * two's-complement, so a leading 00 byte when the top bit is set); the client does the same, and a single
 * byte of difference makes every signature mismatch.
 */

// RFC 5054's 3072-bit group, the one Cognito uses.
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

const N = BigInt(`0x${N_HEX}`);
const g = 2n;

/** Even-length hex of a non-negative integer, with a 00 prefix when the top bit would read as a sign. */
export function paddedHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const hashOfHex = (hex: string): bigint => BigInt(`0x${sha256(Buffer.from(hex, 'hex')).toString('hex')}`);

const k = hashOfHex(paddedHex(N) + paddedHex(g));

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

const randomBigInt = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

/** What we store instead of a password: the SRP verifier v = g^x and its salt (both hex). */
export interface PasswordVerifier {
  salt: string;
  verifier: string;
}

/**
 * `poolName` is the part of the pool id after the underscore and `userId` is USER_ID_FOR_SRP (the sub);
 * both are mixed into x exactly as the client mixes them.
 */
function privateKeyX(poolName: string, userId: string, password: string, salt: bigint): bigint {
  const inner = sha256(`${poolName}${userId}:${password}`).toString('hex');
  return hashOfHex(paddedHex(salt) + inner);
}

export function createPasswordVerifier(poolName: string, userId: string, password: string): PasswordVerifier {
  const salt = randomBigInt(16);
  const v = modPow(g, privateKeyX(poolName, userId, password, salt), N);
  return { salt: salt.toString(16), verifier: v.toString(16) };
}

/** Used by the non-SRP flows (USER_PASSWORD_AUTH, admin auth, ChangePassword): recompute v and compare. */
export function passwordMatches(poolName: string, userId: string, password: string, stored: PasswordVerifier): boolean {
  const v = modPow(g, privateKeyX(poolName, userId, password, BigInt(`0x${stored.salt}`)), N);
  const a = Buffer.from(paddedHex(v), 'hex');
  const b = Buffer.from(paddedHex(BigInt(`0x${stored.verifier}`)), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Server-side state of one SRP exchange, kept between InitiateAuth and RespondToAuthChallenge. */
export interface SrpServerSession {
  A: bigint;
  b: bigint;
  B: bigint;
  v: bigint;
}

/** Returns null when A is degenerate (A mod N = 0), which would let a client skip knowing the password. */
export function startSrp(srpAHex: string, stored: PasswordVerifier): SrpServerSession | null {
  if (!/^[0-9a-fA-F]+$/.test(srpAHex)) return null;
  const A = BigInt(`0x${srpAHex}`);
  if (A % N === 0n) return null;
  const v = BigInt(`0x${stored.verifier}`);
  for (;;) {
    // 1024-bit ephemeral secret, the same size aws-amplify uses for its own `a`.
    const b = randomBigInt(128);
    const B = (k * v + modPow(g, b, N)) % N;
    if (B !== 0n) return { A, b, B, v };
  }
}

/** The 16-byte HKDF key both sides derive from the shared secret S. */
function passwordAuthenticationKey(session: SrpServerSession): Buffer | null {
  const u = hashOfHex(paddedHex(session.A) + paddedHex(session.B));
  if (u === 0n) return null;
  const S = modPow((session.A * modPow(session.v, u, N)) % N, session.b, N);
  const prk = createHmac('sha256', Buffer.from(paddedHex(u), 'hex'))
    .update(Buffer.from(paddedHex(S), 'hex'))
    .digest();
  const info = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);
  return createHmac('sha256', prk).update(info).digest().subarray(0, 16);
}

export interface PasswordClaim {
  poolName: string;
  userId: string;
  secretBlock: string; // base64, exactly as sent back by the client
  timestamp: string;
  signature: string; // base64
}

export function verifyPasswordClaim(session: SrpServerSession, claim: PasswordClaim): boolean {
  const key = passwordAuthenticationKey(session);
  if (!key) return false;
  const message = Buffer.concat([
    Buffer.from(claim.poolName, 'utf8'),
    Buffer.from(claim.userId, 'utf8'),
    Buffer.from(claim.secretBlock, 'base64'),
    Buffer.from(claim.timestamp, 'utf8'),
  ]);
  const expected = createHmac('sha256', key).update(message).digest();
  const given = Buffer.from(claim.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parses the client's TIMESTAMP ("Tue Mar 4 09:05:01 UTC 2025", day not zero-padded). It is part of the
 * signed message, so checking it bounds how long a captured claim could be replayed.
 */
export function parseSrpTimestamp(value: string): number | null {
  const m = /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(value);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return null;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

export const srpBHex = (session: SrpServerSession): string => session.B.toString(16);
