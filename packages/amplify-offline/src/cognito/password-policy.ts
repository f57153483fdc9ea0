import { randomInt } from 'node:crypto';
import { CognitoError } from './errors';

// Cognito's own list of characters that count as "symbols" (space counts, but only inside the password).
const SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

export interface PasswordPolicy {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigits: boolean;
  requireSymbols: boolean;
}

/** Amplify Gen 2's default policy: at least 8 characters with lower, upper, digit and symbol. */
export const PASSWORD_POLICY: Readonly<PasswordPolicy> = {
  minLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
};

/** Lists every unmet rule (not just the first), so a sign-up form can show one helpful message. */
export function passwordPolicyViolations(password: string, policy: Readonly<PasswordPolicy> = PASSWORD_POLICY): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push('Password not long enough');
  if (policy.requireLowercase && !/[a-z]/.test(password)) problems.push('Password must have lowercase characters');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) problems.push('Password must have uppercase characters');
  if (policy.requireDigits && !/[0-9]/.test(password)) problems.push('Password must have numeric characters');
  if (policy.requireSymbols && ![...password].some((c) => SYMBOLS.includes(c))) problems.push('Password must have symbol characters');
  return problems;
}

export function assertPasswordPolicy(password: string, policy: Readonly<PasswordPolicy> = PASSWORD_POLICY): void {
  // Cognito rejects leading/trailing whitespace at the API boundary, before the policy is even consulted.
  if (password.length === 0 || /^\s|\s$/.test(password)) {
    throw new CognitoError(
      'InvalidParameterException',
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
    );
  }
  const problems = passwordPolicyViolations(password, policy);
  if (problems.length > 0) {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${problems.join('; ')}`);
  }
}

/** A policy-conforming password for admin-created users when the caller did not choose one. */
export function generateTemporaryPassword(policy: Readonly<PasswordPolicy> = PASSWORD_POLICY): string {
  const pools = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%&*?+='];
  const chars = pools.map((p) => p[randomInt(p.length)] ?? 'x');
  const all = pools.join('');
  while (chars.length < Math.max(12, policy.minLength)) chars.push(all[randomInt(all.length)] ?? 'x');
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
