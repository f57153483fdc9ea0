import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from '../cognito/persistence';

/** A certificate and its private key, PEM-encoded. */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface LocalCertificates {
  /** The local certificate authority's certificate file: what a browser or OS is told to trust. */
  caFile: string;
  ca: string;
  /** The server certificate (for 127.0.0.1, ::1, localhost and *.localhost), signed by the CA. */
  server: KeyPair;
}

/** Where the CA lives unless told: one per user, like mkcert's, so a browser trusts it once for every project. */
export function defaultCaDir(): string {
  return process.env.AMPLIFY_OFFLINE_CA_DIR ?? join(homedir(), '.amplify-offline', 'ca');
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SERVER_NAMES = ['localhost', '*.localhost'];
const SERVER_IPS = ['127.0.0.1', '::1'];

/** An RSA key pair made by Node's own crypto (forge's JavaScript key generation is far slower). */
function rsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function certificate(subject: string, publicKey: forge.pki.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial (leading byte below 0x80) of 16 random bytes, as CAs issue them.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // Valid from a day ago, so a clock a little behind still accepts it.
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  cert.setSubject([
    { name: 'commonName', value: subject },
    { name: 'organizationName', value: 'amplify-offline (local development only)' },
  ]);
  return cert;
}

function createCa(): KeyPair {
  const keys = rsaKeys();
  const cert = certificate(`amplify-offline local CA ${randomBytes(4).toString('hex')}`, keys.publicKey, 3650);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}

/** Browsers refuse server certificates valid for more than 398 days. */
function createServerCertificate(ca: KeyPair): KeyPair {
  const keys = rsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = certificate('localhost', keys.publicKey, 397);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...SERVER_NAMES.map((value) => ({ type: 2, value })), ...SERVER_IPS.map((ip) => ({ type: 7, ip }))] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}

/** Whether a stored certificate is still good for at least a week and was issued by this CA. */
function usable(pair: KeyPair, ca: string): boolean {
  try {
    const cert = new X509Certificate(pair.cert);
    // Signed by the CA's key (checkIssued compares names only), and matching its own private key.
    return (
      Date.parse(cert.validTo) - Date.now() > 7 * DAY_MS && cert.verify(new X509Certificate(ca).publicKey) && cert.checkPrivateKey(createPrivateKey(pair.key))
    );
  } catch {
    return false;
  }
}

function read(dir: string, name: string): KeyPair | undefined {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}-key.pem`);
  if (!existsSync(cert) || !existsSync(key)) return undefined;
  return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
}

function write(dir: string, name: string, pair: KeyPair): void {
  writeFileAtomic(join(dir, `${name}.pem`), pair.cert, 0o644);
  writeFileAtomic(join(dir, `${name}-key.pem`), pair.key, 0o600);
}

/**
 * The local CA (created once, kept in `dir`) and a server certificate it signed for this machine's
 * loopback names, renewed when it nears expiry. The CA's key never leaves `dir` (owner-only).
 */
export function localCertificates(dir = defaultCaDir()): LocalCertificates {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return withLock(join(dir, '.lock'), () => certificatesIn(dir));
}

/**
 * Runs `work` holding a lock file, so backends starting at once on a fresh machine agree on one CA
 * instead of each writing its own. A lock left by a crashed start is taken over after 30 s.
 */
function withLock<T>(lock: string, work: () => T): T {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
      } catch {
        // released meanwhile: try again
      }
      if (Date.now() > deadline) throw new Error(`Waited a minute for ${lock}; delete it if no other amplify-offline is starting.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function certificatesIn(dir: string): LocalCertificates {
  let ca = read(dir, 'rootCA');
  if (!ca || !usable(ca, ca.cert)) {
    ca = createCa();
    write(dir, 'rootCA', ca);
  }
  let server = read(dir, 'localhost');
  if (!server || !usable(server, ca.cert)) {
    server = createServerCertificate(ca);
    write(dir, 'localhost', server);
  }
  return { caFile: join(dir, 'rootCA.pem'), ca: ca.cert, server };
}
