import { authVocabulary, friendlyAuthMessage } from './auth-vocabulary';

describe('friendlyAuthMessage', () => {
  it.each([
    ['Incorrect username or password.', "That email and password don't match. Check both, or reset your password."],
    ['User does not exist.', 'We could not find an account with that email. Check it for typos, or create an account.'],
    ['An account with the given email already exists.', 'There is already an account with this email. Sign in instead, or reset your password.'],
    ['Invalid verification code provided, please try again.', "That code didn't match. Check the email we sent you and enter the newest code."],
    ['Invalid code provided, please request a code again.', 'That code has expired. Ask for a new one with "Resend Code" and enter it here.'],
    ['Code mismatch and fail enable Software Token MFA', "That code didn't match — check the time on your phone and try the newest code."],
    ['Invalid code received for user', "That code didn't match — check the time on your phone and try the newest code."],
    ['Attempt limit exceeded, please try after some time.', 'Too many attempts in a row. Wait a few minutes, then try again.'],
    ['Password attempts exceeded', 'Too many attempts in a row. Wait a few minutes, then try again.'],
    ['User is not confirmed.', 'This account is not confirmed yet. Enter the code we emailed you when you signed up.'],
    ['Invalid session for the user, session is expired.', 'Signing in took too long. Go back to sign in and enter your password again.'],
    ['A network error has occurred.', "We couldn't reach the sign-in service. Check your connection and try again."],
  ])('rewords %p', (message, friendly) => {
    expect(friendlyAuthMessage(message)).toBe(friendly);
  });

  it('rewords the message the Authenticator shows in place of an expired sign-in session', () => {
    // The Authenticator swaps "session is expired" for this text of its own before looking it up.
    expect(friendlyAuthMessage('Your verification code has expired. Please request a new code.')).toMatch(/^Signing in took too long/);
  });

  it('names the one rule real Cognito reports for a weak password', () => {
    expect(friendlyAuthMessage('Password did not conform with policy: Password must have uppercase characters')).toBe(
      'Choose a stronger password: it needs a capital letter.',
    );
    expect(friendlyAuthMessage('Password does not conform to policy: Password not long enough')).toBe(
      'Choose a stronger password: it needs more characters (at least 8).',
    );
  });

  it('names every rule when the offline Cognito lists several', () => {
    expect(
      friendlyAuthMessage(
        'Password did not conform with policy: Password not long enough; Password must have uppercase characters; Password must have symbol characters',
      ),
    ).toBe('Choose a stronger password: it needs more characters (at least 8), a capital letter and a symbol such as ! or #.');
    expect(
      friendlyAuthMessage(
        'Password did not conform with policy: Password not long enough; Password must have lowercase characters; Password must have uppercase characters; Password must have numeric characters; Password must have symbol characters',
      ),
    ).toBe('Choose a stronger password: it needs more characters (at least 8), a lowercase letter, a capital letter, a number and a symbol such as ! or #.');
  });

  it('covers every combination of password rules under each of Cognito’s wordings', () => {
    const policyKeys = Object.keys(authVocabulary).filter((key) => key.includes('conform'));
    expect(policyKeys).toHaveLength(31 * 3);
  });

  it('leaves a message it does not know, and inherited object keys, unchanged', () => {
    expect(friendlyAuthMessage('Something new from Cognito')).toBe('Something new from Cognito');
    expect(friendlyAuthMessage('constructor')).toBe('constructor');
  });

  it('never answers with the technical wording it replaces', () => {
    for (const [message, friendly] of Object.entries(authVocabulary)) {
      expect(friendly).not.toBe(message);
      expect(friendly).not.toMatch(/Exception|Software Token|MFA|username/);
    }
  });
});
