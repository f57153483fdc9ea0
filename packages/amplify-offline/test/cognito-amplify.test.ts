import { GetTokensFromRefreshTokenCommand, GetUserCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  resetPassword,
  signIn,
  signOut,
  signUp,
  updatePassword,
} from 'aws-amplify/auth';
import { configureAmplifyFor } from './helpers/amplify';
import { adminCreateUser, emailFactory, LocalUserPool, PASSWORD } from './helpers/cognito';

let pool: LocalUserPool;

beforeAll(async () => {
  pool = await LocalUserPool.start({ tmpPrefix: 'cognito-amplify-', groups: ['AUTHORS'] });
  configureAmplifyFor(pool.emulator);
});

afterEach(async () => {
  await signOut().catch(() => undefined);
});

afterAll(() => pool.close());

const freshEmail = emailFactory('amp');

/**
 * amplify's code-based autoSignIn arms a 3-minute setTimeout that nothing clears; unref it so Jest can exit.
 */
async function withUnrefedLongTimers<T>(fn: () => Promise<T>): Promise<T> {
  const realSetTimeout = global.setTimeout;
  const spy = jest.spyOn(global, 'setTimeout').mockImplementation(((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSetTimeout(handler, ms, ...args);
    if ((ms ?? 0) > 60_000) timer.unref();
    return timer;
  }) as unknown as typeof setTimeout);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

async function signUpConfirmed(email: string): Promise<void> {
  await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username: email, confirmationCode: pool.lastCode('sign-up', email) });
}

describe('aws-amplify v6 against the emulator', () => {
  it('signs up, confirms and auto-signs-in like the Authenticator does', async () => {
    const email = freshEmail();
    const out = await withUnrefedLongTimers(() =>
      signUp({ username: email, password: PASSWORD, options: { userAttributes: { email, name: 'Nia' }, autoSignIn: true } }),
    );
    expect(out.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    const confirmed = await confirmSignUp({ username: email, confirmationCode: pool.lastCode('sign-up', email) });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    const signedIn = await autoSignIn();
    expect(signedIn).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });

    const user = await getCurrentUser();
    expect(user.userId).toBe(out.userId);
    expect(user.username).toBe(out.userId);
    expect(await fetchUserAttributes()).toEqual({ email, email_verified: 'true', name: 'Nia', sub: out.userId });
  });

  it('supports the USER_AUTH autoSignIn that trades the ConfirmSignUp session for tokens', async () => {
    const email = freshEmail();
    await withUnrefedLongTimers(() =>
      signUp({
        username: email,
        password: PASSWORD,
        options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } },
      }),
    );
    await confirmSignUp({ username: email, confirmationCode: pool.lastCode('sign-up', email) });
    // amplify debounces autoSignIn() process-wide for 300 ms; a call inside that window never settles.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await autoSignIn()).isSignedIn).toBe(true);
    expect((await fetchAuthSession()).tokens?.idToken?.payload.email).toBe(email);
  });

  it('signs in with SRP, refreshes, and rejects wrong passwords', async () => {
    const email = freshEmail();
    await signUpConfirmed(email);

    const wrong = await signIn({ username: email, password: 'Wrong-passw0rd!' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });

    const result = await signIn({ username: email.toUpperCase(), password: PASSWORD });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload).toMatchObject({ email, token_use: 'id', iss: pool.emulator.issuer });
    expect(session.tokens?.accessToken.payload.token_use).toBe('access');

    const refreshed = await fetchAuthSession({ forceRefresh: true });
    const before = session.tokens?.accessToken.payload;
    const after = refreshed.tokens?.accessToken.payload;
    expect(after?.jti).not.toBe(before?.jti);
    expect(after?.origin_jti).toBe(before?.origin_jti);
    expect(after?.sub).toBe(before?.sub);
  });

  it('signs in through USER_AUTH with PASSWORD_SRP and PASSWORD', async () => {
    const email = freshEmail();
    await signUpConfirmed(email);
    for (const preferredChallenge of ['PASSWORD_SRP', 'PASSWORD'] as const) {
      const out = await signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge } });
      expect(out.isSignedIn).toBe(true);
      await signOut();
    }
  });

  it('signOut({ global: true }) makes the old refresh and access tokens unusable', async () => {
    const email = freshEmail();
    await signUpConfirmed(email);
    await signIn({ username: email, password: PASSWORD });
    // aws-amplify does not expose the refresh token publicly; read it from its token store.
    const { tokenOrchestrator } = await import('aws-amplify/auth/cognito').then((m) => m.cognitoUserPoolsTokenProvider);
    const stored = await tokenOrchestrator.getTokenStore().loadTokens();
    const refreshToken = stored?.refreshToken;
    const accessToken = stored?.accessToken.toString();
    expect(refreshToken).toEqual(expect.any(String));
    await pool.sdk.send(new GetUserCommand({ AccessToken: accessToken }));

    await signOut({ global: true });
    expect((await fetchAuthSession()).tokens).toBeUndefined();
    await expect(pool.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: pool.userPoolClientId, RefreshToken: refreshToken }))).rejects.toBeInstanceOf(
      NotAuthorizedException,
    );
    await expect(pool.sdk.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toBeInstanceOf(NotAuthorizedException);
  });

  it('revokes the refresh token on a local signOut', async () => {
    const email = freshEmail();
    await signUpConfirmed(email);
    await signIn({ username: email, password: PASSWORD });
    const { tokenOrchestrator } = await import('aws-amplify/auth/cognito').then((m) => m.cognitoUserPoolsTokenProvider);
    const refreshToken = (await tokenOrchestrator.getTokenStore().loadTokens())?.refreshToken;
    await signOut();
    await expect(pool.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: pool.userPoolClientId, RefreshToken: refreshToken }))).rejects.toBeInstanceOf(
      NotAuthorizedException,
    );
  });

  it('reports unconfirmed users as a CONFIRM_SIGN_UP step', async () => {
    const email = freshEmail();
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    const out = await signIn({ username: email, password: PASSWORD });
    expect(out).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } });
  });

  it('completes NEW_PASSWORD_REQUIRED for admin-created users', async () => {
    const email = freshEmail();
    await adminCreateUser(pool, email, { temporaryPassword: 'Temporary-1!' });
    const first = await signIn({ username: email, password: 'Temporary-1!' });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    await expect(confirmSignIn({ challengeResponse: 'tooweak' })).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    const done = await confirmSignIn({ challengeResponse: 'Brand-new-passw0rd!' });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
    expect((await signIn({ username: email, password: 'Brand-new-passw0rd!' })).isSignedIn).toBe(true);
  });

  it('resets and changes passwords', async () => {
    const email = freshEmail();
    await signUpConfirmed(email);
    const reset = await resetPassword({ username: email });
    expect(reset.nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
    await confirmResetPassword({ username: email, confirmationCode: pool.lastCode('password reset', email), newPassword: 'Reset-passw0rd!' });
    await expect(signIn({ username: email, password: PASSWORD })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await signIn({ username: email, password: 'Reset-passw0rd!' });

    await expect(updatePassword({ oldPassword: 'Not-the-0ld-one!', newPassword: 'Changed-passw0rd!' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await updatePassword({ oldPassword: 'Reset-passw0rd!', newPassword: 'Changed-passw0rd!' });
    await signOut();
    expect((await signIn({ username: email, password: 'Changed-passw0rd!' })).isSignedIn).toBe(true);
  });
});
