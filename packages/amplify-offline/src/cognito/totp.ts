import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 TOTP as Cognito's software-token MFA uses it: HMAC-SHA1, 6 digits, 30-second steps, and codes from
 * the neighbouring steps accepted for clock drift. Secrets travel as RFC 4648 base32 without padding. The
 * arithmetic is otpauth's, the library the tests and the end-to-end journeys compute their codes with.
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** How many steps either side of "now" still count. */
export const TOTP_WINDOW = 1;

/** A new 160-bit shared secret (RFC 4226's recommended length), base32-encoded. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export const totpStep = (epochMs: number): number => TOTP.counter({ period: TOTP_STEP_SECONDS, timestamp: epochMs });

/** Lenient like authenticator apps (case, spaces and '=' padding do not matter); null for anything that is not base32. */
function parseSecret(base32: string): Secret | null {
  try {
    const secret = Secret.fromBase32(base32.replace(/\s/g, ''));
    return secret.bytes.length > 0 ? secret : null;
  } catch {
    return null;
  }
}

/**
 * The time steps (oldest first) within the drift window whose code equals `code`; empty when none does.
 * Callers compare them with the last step a code was accepted for, so a code cannot be replayed.
 */
export function matchingTotpSteps(secret: string, code: string, epochMs: number): number[] {
  const key = parseSecret(secret);
  if (!key || !new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return [];
  const totp = new TOTP({ secret: key, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_STEP_SECONDS });
  const now = totpStep(epochMs);
  const steps: number[] = [];
  for (let step = Math.max(0, now - TOTP_WINDOW); step <= now + TOTP_WINDOW; step++) {
    // window 0: this step only, compared in constant time by otpauth.
    if (totp.validate({ token: code, timestamp: step * TOTP_STEP_SECONDS * 1000, window: 0 }) === 0) steps.push(step);
  }
  return steps;
}
