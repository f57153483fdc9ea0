import { generateKeyPairSync, sign } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AliasExistsException,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  InvalidPasswordException,
  LimitExceededException,
  ListUsersCommand,
  NotAuthorizedException,
  ResendConfirmationCodeCommand,
  ResourceNotFoundException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UserNotConfirmedException,
  UsernameExistsException,
  VerifyUserAttributeCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { CognitoEmulator } from '../src/cognito';
import { emailFactory, LocalUserPool, PASSWORD, passwordSignIn, signUp, signUpAndConfirm } from './helpers/cognito';

let pool: LocalUserPool;
let emulator: CognitoEmulator;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  pool = await LocalUserPool.start({ tmpPrefix: 'cognito-sdk-', groups: ['AUTHORS', 'ADMINS'] });
  ({ emulator, sdk } = pool);
});

afterAll(() => pool.close());

const freshEmail = emailFactory('user');

const decodePayload = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('pool identity', () => {
  it('uses AWS-shaped ids and issuer', () => {
    expect(emulator.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(emulator.userPoolClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(emulator.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${emulator.userPoolId}`);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.jwksUrl).toBe(`${emulator.url}/${emulator.userPoolId}/.well-known/jwks.json`);
  });

  it('serves an RS256 JWK set', async () => {
    const { keys } = await pool.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(keys[0]?.kid).toEqual(expect.any(String));
    expect(Buffer.from(keys[0]?.n ?? '', 'base64url')).toHaveLength(256);
  });
});

describe('sign-up with the AWS SDK', () => {
  it('signs up, logs a 6-digit code and confirms with it', async () => {
    const email = freshEmail();
    const out = await sdk.send(
      new SignUpCommand({
        ClientId: emulator.userPoolClientId,
        Username: email,
        Password: PASSWORD,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'name', Value: 'Ann Author' },
        ],
      }),
    );
    expect(out.UserConfirmed).toBe(false);
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'u***@e***' });
    const code = pool.lastCode('sign-up', email);
    expect(code).toMatch(/^\d{6}$/);

    await expect(passwordSignIn(pool, email)).rejects.toBeInstanceOf(UserNotConfirmedException);

    await sdk.send(new ConfirmSignUpCommand({ ClientId: emulator.userPoolClientId, Username: email, ConfirmationCode: code }));
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: email }));
    expect(user.Username).toBe(out.UserSub);
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.Enabled).toBe(true);
    expect(user.UserCreateDate).toBeInstanceOf(Date);
    const attrs = Object.fromEntries((user.UserAttributes ?? []).map((a): [string, string | undefined] => [String(a.Name), a.Value]));
    expect(attrs).toEqual({ email, email_verified: 'true', name: 'Ann Author', sub: out.UserSub });

    // A second confirmation is refused with Cognito's wording.
    await expect(sdk.send(new ConfirmSignUpCommand({ ClientId: emulator.userPoolClientId, Username: email, ConfirmationCode: code }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('rejects a wrong code with CodeMismatchException and locks after repeated failures', async () => {
    const email = freshEmail();
    await signUp(pool, email);
    const code = pool.lastCode('sign-up', email);
    const wrong = code === '000000' ? '111111' : '000000';
    const confirm = (c: string) => sdk.send(new ConfirmSignUpCommand({ ClientId: emulator.userPoolClientId, Username: email, ConfirmationCode: c }));
    const err = await confirm(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodeMismatchException);
    expect(err).toMatchObject({ message: 'Invalid verification code provided, please try again.' });
    for (let i = 0; i < 4; i++) await expect(confirm(wrong)).rejects.toBeInstanceOf(CodeMismatchException);
    await expect(confirm(code)).rejects.toBeInstanceOf(LimitExceededException);

    // A resent code starts over.
    await sdk.send(new ResendConfirmationCodeCommand({ ClientId: emulator.userPoolClientId, Username: email }));
    const fresh = pool.lastCode('sign-up', email);
    await confirm(fresh);
    expect((await passwordSignIn(pool, email)).AccessToken).toEqual(expect.any(String));
  });

  it('expires sign-up codes after 24 hours', async () => {
    const email = freshEmail();
    await signUp(pool, email);
    const code = pool.lastCode('sign-up', email);
    const realNow = Date.now.bind(Date);
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 24 * 60 * 60 * 1000 + 1000);
    try {
      await expect(sdk.send(new ConfirmSignUpCommand({ ClientId: emulator.userPoolClientId, Username: email, ConfirmationCode: code }))).rejects.toBeInstanceOf(
        ExpiredCodeException,
      );
    } finally {
      clock.mockRestore();
    }
  });

  it('enforces the Gen 2 password policy with a clear message', async () => {
    const err = await sdk
      .send(new SignUpCommand({ ClientId: emulator.userPoolClientId, Username: freshEmail(), Password: 'password' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidPasswordException);
    const message = (err as Error).message;
    expect(message).toContain('Password did not conform with policy');
    expect(message).toContain('uppercase');
    expect(message).toContain('numeric');
    expect(message).toContain('symbol');
    expect(message).not.toContain('lowercase');
    await expect(sdk.send(new SignUpCommand({ ClientId: emulator.userPoolClientId, Username: freshEmail(), Password: 'Sh0rt!' }))).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
      message: expect.stringContaining('not long enough'),
    });
  });

  it('refuses a duplicate email regardless of case', async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    const err = await sdk
      .send(new SignUpCommand({ ClientId: emulator.userPoolClientId, Username: email.toUpperCase(), Password: PASSWORD }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsernameExistsException);
    expect(err).toMatchObject({ message: 'An account with the given email already exists.' });
  });

  it('rejects an unknown client id and a non-email username', async () => {
    await expect(sdk.send(new SignUpCommand({ ClientId: 'nope', Username: freshEmail(), Password: PASSWORD }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(sdk.send(new SignUpCommand({ ClientId: emulator.userPoolClientId, Username: 'not-an-email', Password: PASSWORD }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('sign-in, tokens and sign-out', () => {
  it('signs in with email case-insensitively; wrong and unknown credentials look the same', async () => {
    const email = freshEmail();
    const sub = await signUpAndConfirm(pool, email);
    const tokens = await passwordSignIn(pool, email.toUpperCase());
    expect(tokens.TokenType).toBe('Bearer');
    expect(tokens.ExpiresIn).toBe(3600);
    expect(decodePayload(tokens.IdToken ?? '')).toMatchObject({ sub, 'cognito:username': sub, email });

    for (const attempt of [passwordSignIn(pool, email, 'Wr0ng-password!'), passwordSignIn(pool, 'nobody@example.com')]) {
      const err = await attempt.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotAuthorizedException);
      expect(err).toMatchObject({ message: 'Incorrect username or password.' });
    }
  });

  it('locks a user out for a while after five wrong passwords in a row, longer each time, as Cognito does', async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    const failure = (password: string) =>
      passwordSignIn(pool, email, password).then(
        () => 'signed in',
        (e: Error) => e.message,
      );
    let now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      for (let attempt = 1; attempt <= 5; attempt += 1) expect(await failure('Wr0ng-password!')).toBe('Incorrect username or password.');
      // Locked for a second: even the right password is refused, with Cognito's words.
      expect(await failure(PASSWORD)).toBe('Password attempts exceeded');
      now += 1_001;
      expect(await failure('Wr0ng-password!')).toBe('Incorrect username or password.');
      // The sixth failure locks for two seconds.
      now += 1_500;
      expect(await failure(PASSWORD)).toBe('Password attempts exceeded');
      now += 600;
      expect(await failure(PASSWORD)).toBe('signed in');
      // Success starts the count again: one wrong password is just a wrong password.
      expect(await failure('Wr0ng-password!')).toBe('Incorrect username or password.');
      expect(await failure(PASSWORD)).toBe('signed in');
    } finally {
      clock.mockRestore();
    }
  });

  it('issues Cognito-shaped id and access tokens', async () => {
    const email = freshEmail();
    const sub = await signUpAndConfirm(pool, email, { name: 'Cleo' });
    const tokens = await passwordSignIn(pool, email);
    const id = decodePayload(tokens.IdToken ?? '');
    const access = decodePayload(tokens.AccessToken ?? '');
    expect(id).toMatchObject({
      sub,
      email_verified: true,
      iss: emulator.issuer,
      'cognito:username': sub,
      aud: emulator.userPoolClientId,
      token_use: 'id',
      email,
      name: 'Cleo',
    });
    expect(access).toMatchObject({
      sub,
      iss: emulator.issuer,
      client_id: emulator.userPoolClientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: sub,
    });
    for (const claims of [id, access]) {
      expect(claims.exp).toBe((claims.iat as number) + 3600);
      expect(claims).toHaveProperty('origin_jti', id.origin_jti);
      expect(claims).toHaveProperty('event_id', id.event_id);
      expect(claims).toHaveProperty('auth_time');
      expect(claims).not.toHaveProperty('cognito:groups');
    }
    expect(id.jti).not.toBe(access.jti);
    const header = JSON.parse(Buffer.from(tokens.IdToken?.split('.')[0] ?? '', 'base64url').toString()) as unknown;
    expect(header).toEqual({ kid: (await pool.jwks()).keys[0]?.kid, alg: 'RS256' });
    expect(tokens.RefreshToken).toEqual(expect.any(String));
    expect(tokens.RefreshToken?.split('.')).toHaveLength(1);
  });

  it('refreshes via REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken, keeping origin_jti', async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    const tokens = await passwordSignIn(pool, email);
    const viaInitiate = await sdk.send(
      new InitiateAuthCommand({
        ClientId: emulator.userPoolClientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken ?? '' },
      }),
    );
    const viaGetTokens = await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: tokens.RefreshToken }));
    for (const result of [viaInitiate.AuthenticationResult, viaGetTokens.AuthenticationResult]) {
      expect(result?.RefreshToken).toBeUndefined();
      const access = decodePayload(result?.AccessToken ?? '');
      expect(access.origin_jti).toBe(decodePayload(tokens.AccessToken ?? '').origin_jti);
      expect(access.jti).not.toBe(decodePayload(tokens.AccessToken ?? '').jti);
    }
    await expect(sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: 'garbage' }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token',
    });
  });

  it('GlobalSignOut kills the refresh token and every access token of the user', async () => {
    const email = freshEmail();
    const sub = await signUpAndConfirm(pool, email);
    const first = await passwordSignIn(pool, email);
    const second = await passwordSignIn(pool, email);
    const me = await sdk.send(new GetUserCommand({ AccessToken: first.AccessToken }));
    expect(me.Username).toBe(sub);

    await sdk.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }));
    for (const session of [first, second]) {
      await expect(sdk.send(new GetUserCommand({ AccessToken: session.AccessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
      await expect(
        sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: session.RefreshToken })),
      ).rejects.toBeInstanceOf(NotAuthorizedException);
    }
    // Signing in again still works.
    expect((await passwordSignIn(pool, email)).AccessToken).toEqual(expect.any(String));
  });

  it('RevokeToken ends only that sign-in', async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    const revoked = await passwordSignIn(pool, email);
    const kept = await passwordSignIn(pool, email);
    await sdk.send(new RevokeTokenCommand({ ClientId: emulator.userPoolClientId, Token: revoked.RefreshToken }));
    await expect(
      sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: revoked.RefreshToken })),
    ).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(sdk.send(new GetUserCommand({ AccessToken: revoked.AccessToken }))).rejects.toBeInstanceOf(NotAuthorizedException);
    const refreshed = await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: kept.RefreshToken }));
    expect(refreshed.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('rejects access tokens once they expire', async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    const tokens = await passwordSignIn(pool, email);
    const realNow = Date.now.bind(Date);
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 3601 * 1000);
    try {
      await expect(sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
      // The refresh token outlives the access token.
      const refreshed = await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: tokens.RefreshToken }));
      await sdk.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken }));
    } finally {
      clock.mockRestore();
    }
  });

  it('changes email through UpdateUserAttributes + VerifyUserAttribute, keeping the verified one until then', async () => {
    const email = freshEmail();
    const taken = freshEmail();
    await signUpAndConfirm(pool, email);
    await signUpAndConfirm(pool, taken);
    const { AccessToken } = await passwordSignIn(pool, email);
    await expect(sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: taken }] }))).rejects.toBeInstanceOf(
      AliasExistsException,
    );
    await expect(
      sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })),
    ).rejects.toBeInstanceOf(NotAuthorizedException);

    const moved = freshEmail();
    const out = await sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [
          { Name: 'email', Value: moved },
          { Name: 'name', Value: 'Moved' },
        ],
      }),
    );
    expect(out.CodeDeliveryDetailsList).toHaveLength(1);
    const attrs = async () =>
      Object.fromEntries(
        ((await sdk.send(new GetUserCommand({ AccessToken }))).UserAttributes ?? []).map((a): [string, string | undefined] => [String(a.Name), a.Value]),
      );
    // Gen 2 keeps the verified address until the new one is verified (AttributesRequireVerificationBeforeUpdate):
    // the code goes to the new address, the old one still signs in.
    expect(await attrs()).toMatchObject({ email, email_verified: 'true', name: 'Moved' });
    expect((await passwordSignIn(pool, email)).IdToken).toEqual(expect.any(String));
    await expect(passwordSignIn(pool, moved)).rejects.toBeInstanceOf(NotAuthorizedException);
    await sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: pool.lastCode('email verification', moved) }));
    expect(await attrs()).toMatchObject({ email: moved, email_verified: 'true' });
    await expect(passwordSignIn(pool, email)).rejects.toBeInstanceOf(NotAuthorizedException);
    expect((await passwordSignIn(pool, moved)).IdToken).toEqual(expect.any(String));
  });

  it('resets a forgotten password with an emailed code', async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    const out = await sdk.send(new ForgotPasswordCommand({ ClientId: emulator.userPoolClientId, Username: email }));
    expect(out.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    const code = pool.lastCode('password reset', email);
    await expect(
      sdk.send(new ConfirmForgotPasswordCommand({ ClientId: emulator.userPoolClientId, Username: email, ConfirmationCode: code, Password: 'weak' })),
    ).rejects.toBeInstanceOf(InvalidPasswordException);
    await sdk.send(
      new ConfirmForgotPasswordCommand({ ClientId: emulator.userPoolClientId, Username: email, ConfirmationCode: code, Password: 'N3w-password!' }),
    );
    await expect(passwordSignIn(pool, email)).rejects.toBeInstanceOf(NotAuthorizedException);
    expect((await passwordSignIn(pool, email, 'N3w-password!')).IdToken).toEqual(expect.any(String));
  });
});

describe('admin operations', () => {
  it('creates a user, sets a permanent password, adds groups that show up in tokens', async () => {
    const email = freshEmail();
    const created = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: emulator.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Ada Admin' },
        ],
      }),
    );
    expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(pool.logLines.some((l) => l.includes(email))).toBe(false); // SUPPRESS sends no invitation
    const sub = created.User?.Username ?? '';
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);

    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: emulator.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: emulator.userPoolId, Username: sub, GroupName: 'AUTHORS' }));
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: emulator.userPoolId, Username: email, GroupName: 'ADMINS' }));
    await expect(sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: emulator.userPoolId, Username: email, GroupName: 'NOPE' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );

    const groups = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: emulator.userPoolId, Username: email }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['AUTHORS', 'ADMINS']);

    const auth = await sdk.send(
      new AdminInitiateAuthCommand({
        UserPoolId: emulator.userPoolId,
        ClientId: emulator.userPoolClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
      }),
    );
    const id = decodePayload(auth.AuthenticationResult?.IdToken ?? '');
    const access = decodePayload(auth.AuthenticationResult?.AccessToken ?? '');
    expect(id['cognito:groups']).toEqual(['AUTHORS', 'ADMINS']);
    expect(access['cognito:groups']).toEqual(['AUTHORS', 'ADMINS']);
    expect(id.name).toBe('Ada Admin');

    // Group changes reach the next refresh, as in Cognito.
    await sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: emulator.userPoolId, Username: email, GroupName: 'ADMINS' }));
    const refreshed = await sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: emulator.userPoolClientId, RefreshToken: auth.AuthenticationResult?.RefreshToken }),
    );
    expect(decodePayload(refreshed.AuthenticationResult?.IdToken ?? '')['cognito:groups']).toEqual(['AUTHORS']);
  });

  it('walks an admin-created user through NEW_PASSWORD_REQUIRED', async () => {
    const email = freshEmail();
    const temporary = 'Temp-passw0rd!';
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: emulator.userPoolId,
        Username: email,
        TemporaryPassword: temporary,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(pool.logLines.at(-1)).toBe(`[cognito] invitation for ${email}: temporary password ${temporary}`);
    const challenge = await sdk.send(
      new InitiateAuthCommand({
        ClientId: emulator.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: temporary },
      }),
    );
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(challenge.AuthenticationResult).toBeUndefined();
    expect(JSON.parse(challenge.ChallengeParameters?.userAttributes ?? '{}')).toMatchObject({ email });
    const respond = (password: string) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: emulator.userPoolClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: password, 'userAttributes.name': 'Tess' },
        }),
      );
    await expect(respond('weak')).rejects.toBeInstanceOf(InvalidPasswordException);
    const done = await respond('Perm4nent-pass!');
    expect(decodePayload(done.AuthenticationResult?.IdToken ?? '')).toMatchObject({ email, name: 'Tess' });
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: email }));
    expect(user.UserStatus).toBe('CONFIRMED');
    await expect(respond('An0ther-pass!')).rejects.toBeInstanceOf(NotAuthorizedException); // session is single-use
  });

  it('confirms sign-ups and sets temporary passwords', async () => {
    const email = freshEmail();
    await signUp(pool, email);
    await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: emulator.userPoolId, Username: email }));
    expect((await passwordSignIn(pool, email)).IdToken).toEqual(expect.any(String));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: emulator.userPoolId, Username: email, Password: 'Tmp-passw0rd!', Permanent: false }));
    const out = await sdk.send(
      new InitiateAuthCommand({
        ClientId: emulator.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: 'Tmp-passw0rd!' },
      }),
    );
    expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('lists users with an email filter and reports unknown users', async () => {
    const email = freshEmail();
    const sub = await signUpAndConfirm(pool, email);
    const found = await sdk.send(new ListUsersCommand({ UserPoolId: emulator.userPoolId, Filter: `email = "${email.toUpperCase()}"` }));
    expect(found.Users?.map((u) => u.Username)).toEqual([sub]);
    const none = await sdk.send(new ListUsersCommand({ UserPoolId: emulator.userPoolId, Filter: 'email = "nobody@example.com"' }));
    expect(none.Users).toEqual([]);
    const all = await sdk.send(new ListUsersCommand({ UserPoolId: emulator.userPoolId, Limit: 2 }));
    expect(all.Users).toHaveLength(2);
    expect(all.PaginationToken).toEqual(expect.any(String));
    await expect(sdk.send(new AdminGetUserCommand({ UserPoolId: emulator.userPoolId, Username: 'nobody@example.com' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await expect(sdk.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_wrongpool', Username: email }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('wire protocol', () => {
  it('answers errors as AWS JSON 1.1 with x-amzn-errortype', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        ClientId: emulator.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'x' },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(res.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });

    const unknown = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeRiskConfiguration' },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('allows CORS from localhost origins only', async () => {
    const preflight = await fetch(emulator.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-amz-target');

    const post = await fetch(emulator.url, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:4000', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: '{}',
    });
    expect(post.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4000');
    expect(post.headers.get('access-control-expose-headers')).toContain('x-amzn-errortype');

    const foreign = await fetch(emulator.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('aws-jwt-verify', () => {
  let tokens: AuthenticationResultType;

  beforeAll(async () => {
    const email = freshEmail();
    await signUpAndConfirm(pool, email);
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: emulator.userPoolId, Username: email, GroupName: 'AUTHORS' }));
    tokens = await passwordSignIn(pool, email);
  });

  const verifier = async (tokenUse: 'id' | 'access') => {
    const v = CognitoJwtVerifier.create({ userPoolId: emulator.userPoolId, clientId: emulator.userPoolClientId, tokenUse });
    v.cacheJwks(await pool.jwks());
    return v;
  };

  it('verifies id and access tokens', async () => {
    const idClaims = await (await verifier('id')).verify(tokens.IdToken ?? '');
    expect(idClaims.token_use).toBe('id');
    expect(idClaims['cognito:groups']).toEqual(['AUTHORS']);
    const accessClaims = await (await verifier('access')).verify(tokens.AccessToken ?? '');
    expect(accessClaims.token_use).toBe('access');
    const groupVerifier = CognitoJwtVerifier.create({
      userPoolId: emulator.userPoolId,
      clientId: emulator.userPoolClientId,
      tokenUse: 'access',
      groups: 'AUTHORS',
    });
    groupVerifier.cacheJwks(await pool.jwks());
    await expect(groupVerifier.verify(tokens.AccessToken ?? '')).resolves.toMatchObject({ username: accessClaims.sub });
    // Token use is checked, too.
    await expect((await verifier('access')).verify(tokens.IdToken ?? '')).rejects.toThrow(/token use/i);
  });

  it('rejects a token with one payload character changed', async () => {
    const [h, p, s] = (tokens.IdToken ?? '').split('.') as [string, string, string];
    // Change one character of the JSON (still valid JSON, still a valid-looking email) so only the signature can object.
    const json = Buffer.from(p, 'base64url').toString('utf8');
    const i = json.indexOf('@example.com') + 1;
    const tampered = Buffer.from(`${json.slice(0, i)}E${json.slice(i + 1)}`).toString('base64url');
    expect(tampered).not.toBe(p);
    await expect((await verifier('id')).verify(`${h}.${tampered}.${s}`)).rejects.toThrow(/signature/i);
    // A raw flip of one base64url character fails too.
    const j = Math.floor(p.length / 2);
    const flipped = `${p.slice(0, j)}${p[j] === 'A' ? 'B' : 'A'}${p.slice(j + 1)}`;
    await expect((await verifier('id')).verify(`${h}.${flipped}.${s}`)).rejects.toThrow();
  });

  it('rejects a token signed by another key', async () => {
    const [h, p] = (tokens.IdToken ?? '').split('.') as [string, string];
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = sign('sha256', Buffer.from(`${h}.${p}`), privateKey).toString('base64url');
    await expect((await verifier('id')).verify(`${h}.${p}.${forged}`)).rejects.toThrow(/signature/i);
  });
});
