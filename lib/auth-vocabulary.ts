/**
 * Plain-language wording for sign-in errors. The Authenticator shows a failed call's message
 * through `I18n.get(message)`, so the keys are the exact messages Cognito (or the offline
 * emulator in packages/amplify-offline/src/cognito, which copies them) and Amplify's client send, plus the
 * Authenticator's own texts for the cases it rewords before showing them.
 */

const WRONG_CODE = "That code didn't match. Check the email we sent you and enter the newest code.";
const WRONG_APP_CODE = "That code didn't match — check the time on your phone and try the newest code.";
const USED_APP_CODE = 'That code has already been used. Wait for your app to show a new one, then enter it.';
const EXPIRED_CODE = 'That code has expired. Ask for a new one with "Resend Code" and enter it here.';
const SIGN_IN_TIMED_OUT = 'Signing in took too long. Go back to sign in and enter your password again.';
const TOO_MANY_ATTEMPTS = 'Too many attempts in a row. Wait a few minutes, then try again.';
const ACCOUNT_EXISTS = 'There is already an account with this email. Sign in instead, or reset your password.';
const NO_ACCOUNT = 'We could not find an account with that email. Check it for typos, or create an account.';

/**
 * Cognito names every unmet password rule in a fixed order; the offline emulator joins all of
 * them with "; ", real Cognito names one, and its operations differ in the sentence before it.
 */
const PASSWORD_RULES = [
  ['Password not long enough', 'more characters (at least 8)'],
  ['Password must have lowercase characters', 'a lowercase letter'],
  ['Password must have uppercase characters', 'a capital letter'],
  ['Password must have numeric characters', 'a number'],
  ['Password must have symbol characters', 'a symbol such as ! or #'],
] as const;
const PASSWORD_POLICY_PREFIXES = [
  'Password did not conform with policy: ',
  'Password did not conform with password policy: ',
  'Password does not conform to policy: ',
];

function listInProse(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function passwordPolicyVocabulary(): Record<string, string> {
  const entries: Record<string, string> = {};
  // Every non-empty subset of the rules, in Cognito's order: bit i of `mask` picks rule i.
  for (let mask = 1; mask < 1 << PASSWORD_RULES.length; mask += 1) {
    const unmet = PASSWORD_RULES.filter((_, index) => mask & (1 << index));
    const advice = `Choose a stronger password: it needs ${listInProse(unmet.map(([, need]) => need))}.`;
    for (const prefix of PASSWORD_POLICY_PREFIXES) entries[prefix + unmet.map(([rule]) => rule).join('; ')] = advice;
  }
  return entries;
}

export const authVocabulary: Readonly<Record<string, string>> = {
  // Signing in
  'Incorrect username or password.': "That email and password don't match. Check both, or reset your password.",
  'User does not exist.': NO_ACCOUNT,
  'Username/client id combination not found.': NO_ACCOUNT,
  'User is not confirmed.': 'This account is not confirmed yet. Enter the code we emailed you when you signed up.',
  'User is disabled.': 'This account has been switched off. Ask the editors of the site to turn it back on.',
  'Password attempts exceeded': TOO_MANY_ATTEMPTS,
  'Password reset required for the user': 'Please choose a new password: use "Forgot your password?" to get a code.',
  'Temporary password has expired and must be reset by an administrator.': 'Your temporary password has expired. Ask the editors of the site for a new one.',

  // Creating an account
  'An account with the given email already exists.': ACCOUNT_EXISTS,
  'User already exists': ACCOUNT_EXISTS,
  'Username should be an email.': "That doesn't look like an email address. Check it and try again.",
  'Invalid email address format.': "That doesn't look like an email address. Check it and try again.",
  'Your passwords must match': "The two passwords don't match.",
  "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6":
    'Choose a stronger password: it needs more characters (at least 8).',
  "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$":
    "A password can't start or end with a space.",
  ...passwordPolicyVocabulary(),

  // Codes sent by email (sign-up, password reset)
  'Invalid verification code provided, please try again.': WRONG_CODE,
  'Invalid code provided, please request a code again.': EXPIRED_CODE,
  'Attempt limit exceeded, please try after some time.': TOO_MANY_ATTEMPTS,
  'Cannot reset password for the user as there is no registered/verified email or phone_number':
    "This account's email was never confirmed, so we can't send a reset code. Ask the editors of the site for help.",
  'User password cannot be reset in the current state.': 'Sign in with the temporary password you were given first; you will then choose your own.',

  // Two-step sign-in with an authenticator app
  'Invalid code received for user': WRONG_APP_CODE,
  'Code mismatch and fail enable Software Token MFA': WRONG_APP_CODE,
  'Your software token has already been used once.': USED_APP_CODE,
  'Invalid session for the user, session is expired.': SIGN_IN_TIMED_OUT,
  'Invalid session for the user, session can only be used once.': SIGN_IN_TIMED_OUT,
  'Invalid session for the user.': SIGN_IN_TIMED_OUT,

  // The Authenticator's own wording, used in place of some service messages
  'The verification code you entered is incorrect. Please try again.': WRONG_CODE,
  'Your verification code has expired. Please request a new code.': SIGN_IN_TIMED_OUT,

  // Throttling and the network
  'Rate exceeded': TOO_MANY_ATTEMPTS,
  'Too many requests': TOO_MANY_ATTEMPTS,
  'A network error has occurred.': "We couldn't reach the sign-in service. Check your connection and try again.",
};

/** The plain-language version of an auth error message, or the message itself when we have none. */
export function friendlyAuthMessage(message: string): string {
  return Object.hasOwn(authVocabulary, message) ? (authVocabulary[message] ?? message) : message;
}
