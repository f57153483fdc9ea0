import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  EnableSoftwareTokenMFAException,
  ExpiredCodeException,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SoftwareTokenMFANotFoundException,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { Secret, TOTP } from 'otpauth';
import {
  confirmSignIn,
  fetchAuthSession,
  fetchMFAPreference,
  getCurrentUser,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { STATE_FILE, type CognitoEmulator } from '../src/cognito';
import { matchingTotpSteps } from '../src/cognito/totp';
import { configureAmplifyFor } from './helpers/amplify';
import { createUser, emailFactory, LocalUserPool, PASSWORD, passwordSignIn } from './helpers/cognito';

// ---- what an authenticator app computes: otpauth with the usual app settings, not the emulator's constants ------

const AUTHENTICATOR_APP = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

const stepNow = (): number => TOTP.counter({ period: AUTHENTICATOR_APP.period });
const codeFor = (secret: string, step = stepNow()): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), ...AUTHENTICATOR_APP, timestamp: step * AUTHENTICATOR_APP.period * 1000 });
/** A well-formed code that matches none of the steps the emulator accepts right now. */
function wrongCode(secret: string): string {
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => codeFor(secret, stepNow() + d)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

// ---- emulator + clients -------------------------------------------------------------------------------------

let pool: LocalUserPool;
let emulator: CognitoEmulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  pool = await LocalUserPool.start({ tmpPrefix: 'cognito-mfa-', port: 0, groups: ['AUTHORS'] });
  ({ emulator, sdk } = pool);
  configureAmplifyFor(emulator);
});

afterEach(async () => {
  await signOut().catch(() => undefined);
  jest.restoreAllMocks();
});

afterAll(() => pool.close());

const freshEmail = emailFactory('mfa');

/** Associate + verify + enable TOTP through the SDK; `step` is the time step whose code the verification used. */
async function enrolTotp(email: string, friendlyDeviceName?: string): Promise<{ secret: string; step: number; username: string }> {
  const username = await createUser(pool, email);
  const accessToken = (await passwordSignIn(pool, email)).AccessToken;
  const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
  const secret = SecretCode ?? '';
  const step = stepNow();
  const verified = await sdk.send(
    new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: codeFor(secret, step), FriendlyDeviceName: friendlyDeviceName }),
  );
  expect(verified.Status).toBe('SUCCESS');
  await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  return { secret, step, username };
}

/** USER_PASSWORD_AUTH; for a user with TOTP on, Cognito answers with the SOFTWARE_TOKEN_MFA challenge. */
const startSignIn = (email: string) =>
  sdk.send(new InitiateAuthCommand({ ClientId: emulator.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }));

/** Answers a SOFTWARE_TOKEN_MFA challenge; `username` may be the email or the sub. */
const answerTotp = (session: string | undefined, username: string, code: string) =>
  sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: emulator.userPoolClientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
  );

// ---- tests --------------------------------------------------------------------------------------------------

describe('RFC 6238', () => {
  // RFC 6238 appendix B (SHA-1 rows): secret "12345678901234567890", 8 digits, 30-second steps.
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  const seed = Secret.fromLatin1('12345678901234567890');

  it('otpauth, set up as these tests use it, reproduces the RFC test vectors (base32 secret included)', () => {
    expect(seed.base32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const [time, expected] of vectors) {
      expect(TOTP.generate({ secret: seed, ...AUTHENTICATOR_APP, digits: 8, timestamp: time * 1000 })).toBe(expected);
      expect(codeFor(seed.base32, Math.floor(time / 30))).toBe(expected.slice(2));
    }
  });

  it("the emulator accepts the RFC's codes in their own and the neighbouring steps only", () => {
    for (const [time, expected] of vectors) {
      const code = expected.slice(2);
      const step = Math.floor(time / 30);
      for (const drift of [-1, 0, 1]) expect(matchingTotpSteps(seed.base32, code, (time + drift * 30) * 1000)).toEqual([step]);
      for (const drift of [-2, 2]) expect(matchingTotpSteps(seed.base32, code, (time + drift * 30) * 1000)).toEqual([]);
    }
    // Secrets typed in by hand: case, spaces and padding do not matter; other characters match nothing.
    expect(matchingTotpSteps('gezd gnbv gy3t qojq gezd gnbv gy3t qojq====', '287082', 59_000)).toEqual([1]);
    expect(matchingTotpSteps('GEZDGNBVGY3TQOJ1', '287082', 59_000)).toEqual([]);
    expect(matchingTotpSteps(seed.base32, '28708', 59_000)).toEqual([]);
  });
});

describe('aws-amplify v6 TOTP against the emulator', () => {
  it('sets up TOTP, signs in with a code, and turns it off again', async () => {
    const email = freshEmail();
    const username = await createUser(pool, email);
    expect(await signIn({ username: email, password: PASSWORD })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(await fetchMFAPreference()).toEqual({ preferred: undefined, enabled: undefined });

    // Not yet: there is no verified authenticator.
    await expect(updateMFAPreference({ totp: 'PREFERRED' })).rejects.toMatchObject({ name: 'InvalidParameterException' });

    const details = await setUpTOTP();
    const secret = details.sharedSecret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits, base32 without padding
    expect(details.getSetupUri('Folio', email).toString()).toBe(`otpauth://totp/Folio:${email}?secret=${secret}&issuer=Folio`);

    await expect(verifyTOTPSetup({ code: wrongCode(secret) })).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
    const verifyStep = stepNow();
    const verifyCode = codeFor(secret, verifyStep);
    await verifyTOTPSetup({ code: verifyCode, options: { friendlyDeviceName: 'Test phone' } });
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ preferred: 'TOTP', enabled: ['TOTP'] });

    // The secret is persisted like the rest of the user, and never logged.
    const state = readFileSync(join(pool.dataDir, STATE_FILE), 'utf8');
    expect(state).toContain(secret);
    expect(pool.logLines.join('\n')).not.toContain(secret);

    await signOut();
    const first = await signIn({ username: email, password: PASSWORD });
    expect(first).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } });

    await expect(confirmSignIn({ challengeResponse: wrongCode(secret) })).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid code received for user',
    });
    // The code that verified the setup was spent; Cognito refuses it a second time.
    await expect(confirmSignIn({ challengeResponse: verifyCode })).rejects.toMatchObject({
      name: 'ExpiredCodeException',
      message: 'Your software token has already been used once.',
    });
    // The next step's code is inside the ±1 step window and has not been used.
    const done = await confirmSignIn({ challengeResponse: codeFor(secret, verifyStep + 1) });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });

    expect((await getCurrentUser()).username).toBe(username);
    const { tokens } = await fetchAuthSession();
    const verifier = CognitoJwtVerifier.create({ userPoolId: emulator.userPoolId, clientId: emulator.userPoolClientId, tokenUse: 'id' });
    verifier.cacheJwks(await pool.jwks());
    const verifiedPayload = await verifier.verify(tokens?.idToken?.toString() ?? '');
    expect(verifiedPayload).toMatchObject({ sub: username, email, token_use: 'id', iss: emulator.issuer });
    const me = await sdk.send(new GetUserCommand({ AccessToken: tokens?.accessToken.toString() }));
    expect(me).toMatchObject({ Username: username, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });

    await updateMFAPreference({ totp: 'DISABLED' });
    expect(await fetchMFAPreference()).toEqual({ preferred: undefined, enabled: undefined });
    await signOut();
    expect(await signIn({ username: email, password: PASSWORD })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  it('challenges USER_PASSWORD_AUTH sign-ins too', async () => {
    const email = freshEmail();
    const { secret, step } = await enrolTotp(email);
    const out = await signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(out.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect(await confirmSignIn({ challengeResponse: codeFor(secret, step + 1) })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
  });
});

describe('software-token operations through the SDK', () => {
  it('refuses to enable TOTP without a verified secret', async () => {
    const email = freshEmail();
    const username = await createUser(pool, email);
    const accessToken = (await passwordSignIn(pool, email)).AccessToken;
    const enable = () =>
      sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    await expect(enable()).rejects.toThrow(InvalidParameterException);
    await expect(enable()).rejects.toThrow('User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA');
    await expect(
      sdk.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: emulator.userPoolId,
          Username: email,
          SoftwareTokenMfaSettings: { Enabled: true },
        }),
      ),
    ).rejects.toThrow(InvalidParameterException);
    // Nor with a secret that was only associated.
    await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    await expect(enable()).rejects.toThrow(InvalidParameterException);
    // SMS and email MFA are not configured in this pool; turning them off is harmless.
    await expect(sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: true } }))).rejects.toThrow(
      InvalidParameterException,
    );
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: false } }));

    const me = await sdk.send(new GetUserCommand({ AccessToken: accessToken }));
    expect(me.UserMFASettingList).toBeUndefined();
    expect(me.PreferredMfaSetting).toBeUndefined();
    expect(me.Username).toBe(username);
  });

  it('refuses wrong, malformed and unassociated codes in VerifySoftwareToken', async () => {
    const email = freshEmail();
    await createUser(pool, email);
    const accessToken = (await passwordSignIn(pool, email)).AccessToken;
    await expect(sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: '123456' }))).rejects.toThrow(SoftwareTokenMFANotFoundException);
    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const secret = SecretCode ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const wrong = sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: wrongCode(secret) }));
    await expect(wrong).rejects.toThrow(EnableSoftwareTokenMFAException);
    await expect(sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: wrongCode(secret) }))).rejects.toThrow(
      'Code mismatch and fail enable Software Token MFA',
    );
    await expect(sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: '12ab56' }))).rejects.toThrow(InvalidParameterException);
    // A code from the previous or next 30-second step is still accepted (clock drift).
    const ok = await sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: codeFor(secret, stepNow() - 1) }));
    expect(ok).toMatchObject({ Status: 'SUCCESS' });
    expect(ok.Session).toBeUndefined();
  });

  it('challenges password sign-ins with SOFTWARE_TOKEN_MFA and issues tokens for the right code', async () => {
    const email = freshEmail();
    const { secret, step, username } = await enrolTotp(email, 'Pixel');
    const started = await startSignIn(email);
    expect(started).toMatchObject({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ChallengeParameters: { FRIENDLY_DEVICE_NAME: 'Pixel', USER_ID_FOR_SRP: username },
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
      Session: expect.any(String),
    });
    expect(started.AuthenticationResult).toBeUndefined();

    const respond = (code: string, session = started.Session) => answerTotp(session, username, code);
    await expect(respond(wrongCode(secret))).rejects.toThrow(CodeMismatchException);
    const done = await respond(codeFor(secret, step + 1));
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(done.AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
    await sdk.send(new GetUserCommand({ AccessToken: done.AuthenticationResult?.AccessToken }));

    // The session answered its challenge; it cannot be replayed.
    const replay = respond(codeFor(secret, step + 1));
    await expect(replay).rejects.toThrow(NotAuthorizedException);
    await expect(respond(codeFor(secret, step + 1))).rejects.toThrow('Invalid session for the user, session can only be used once.');
    await expect(respond('123456', 'not-a-session')).rejects.toThrow('Invalid session for the user, session is expired.');
  });

  it('challenges ADMIN_USER_PASSWORD_AUTH, expires sessions after 3 minutes, and stops after disabling', async () => {
    const email = freshEmail();
    const { secret, step, username } = await enrolTotp(email);
    const initiate = () =>
      sdk.send(
        new AdminInitiateAuthCommand({
          UserPoolId: emulator.userPoolId,
          ClientId: emulator.userPoolClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD },
        }),
      );
    const respond = (session: string | undefined, code: string) =>
      sdk.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: emulator.userPoolId,
          ClientId: emulator.userPoolClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: session,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      );

    const stale = await initiate();
    expect(stale.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(stale.ChallengeParameters).toEqual({ USER_ID_FOR_SRP: username });
    const realNow = Date.now;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 3 * 60 * 1000 + 1000);
    await expect(respond(stale.Session, codeFor(secret, step + 1))).rejects.toThrow('Invalid session for the user, session is expired.');
    jest.restoreAllMocks();

    const fresh = await initiate();
    const done = await respond(fresh.Session, codeFor(secret, step + 1));
    expect(done.AuthenticationResult?.IdToken).toEqual(expect.any(String));

    const admin = await sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: email }));
    expect(admin).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });

    await sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: emulator.userPoolId,
        Username: email,
        SoftwareTokenMfaSettings: { Enabled: false },
      }),
    );
    const plain = await initiate();
    expect(plain.ChallengeName).toBeUndefined();
    expect(plain.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    const after = await sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: email }));
    expect(after.UserMFASettingList).toBeUndefined();
  });

  it('turns a wrong answer into a dead session after five attempts', async () => {
    const email = freshEmail();
    const { secret, step } = await enrolTotp(email);
    const started = await startSignIn(email);
    const respond = (code: string) => answerTotp(started.Session, email, code);
    for (let i = 0; i < 5; i++) await expect(respond(wrongCode(secret))).rejects.toThrow(CodeMismatchException);
    await expect(respond(codeFor(secret, step + 1))).rejects.toThrow(NotAuthorizedException);
    // The replay check survives too: the verification step's code is refused with Cognito's message.
    const again = await startSignIn(email);
    await expect(answerTotp(again.Session, email, codeFor(secret, step))).rejects.toThrow(ExpiredCodeException);
  });

  it('keeps the TOTP setup across restarts', async () => {
    const email = freshEmail();
    const { secret, step } = await enrolTotp(email);
    await pool.restart();
    ({ emulator, sdk } = pool);
    configureAmplifyFor(emulator);

    const started = await startSignIn(email);
    expect(started.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const respond = (code: string) => answerTotp(started.Session, email, code);
    // The last used step was persisted as well.
    await expect(respond(codeFor(secret, step))).rejects.toThrow(ExpiredCodeException);
    expect((await respond(codeFor(secret, step + 1))).AuthenticationResult).toBeDefined();
  });
});

describe('a pool that requires MFA', () => {
  let required: LocalUserPool;

  beforeAll(async () => {
    required = await LocalUserPool.start({ tmpPrefix: 'cognito-mfa-required-', port: 0, mfaMode: 'REQUIRED' });
    configureAmplifyFor(required.emulator);
  });

  afterAll(async () => {
    await signOut().catch(() => undefined);
    configureAmplifyFor(emulator);
    await required.close();
  });

  it('walks amplify through MFA_SETUP (AssociateSoftwareToken and VerifySoftwareToken with a session)', async () => {
    const email = freshEmail();
    await createUser(required, email);

    const first = await signIn({ username: email, password: PASSWORD });
    expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    if (first.nextStep.signInStep !== 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') throw new Error('unreachable');
    const secret = first.nextStep.totpSetupDetails.sharedSecret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await expect(confirmSignIn({ challengeResponse: wrongCode(secret) })).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
    });
    const step = stepNow();
    expect(await confirmSignIn({ challengeResponse: codeFor(secret, step) })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect(await fetchMFAPreference()).toEqual({ preferred: 'TOTP', enabled: ['TOTP'] });

    await signOut();
    const second = await signIn({ username: email, password: PASSWORD });
    expect(second.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: codeFor(secret, step + 1) })).isSignedIn).toBe(true);
  });

  it('refuses the MFA_SETUP answer before the token is verified', async () => {
    const email = freshEmail();
    await createUser(required, email);
    const started = await required.sdk.send(
      new InitiateAuthCommand({ ClientId: required.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }),
    );
    expect(started).toMatchObject({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    const associated = await required.sdk.send(new AssociateSoftwareTokenCommand({ Session: started.Session }));
    expect(associated.Session).toEqual(expect.any(String));
    await expect(
      required.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: required.userPoolClientId,
          ChallengeName: 'MFA_SETUP',
          Session: associated.Session,
          ChallengeResponses: { USERNAME: email },
        }),
      ),
    ).rejects.toThrow(NotAuthorizedException);
    // The first session was spent by AssociateSoftwareToken.
    await expect(required.sdk.send(new AssociateSoftwareTokenCommand({ Session: started.Session }))).rejects.toThrow(NotAuthorizedException);
  });
});
