import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, fetchUserAttributes, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { ConsoleLogger } from 'aws-amplify/utils';
import { adminSignIn, LocalUserPool, PASSWORD, passwordSignIn, signUpAndConfirm } from './helpers/cognito';

/**
 * Pools that are not Gen 2's default e-mail sign-in, configured as `amplify-offline start` passes
 * what the synthesized pool declares: chosen usernames with an e-mail alias, phone-number sign-in,
 * required, custom and immutable attributes, and the app client's token lifetimes.
 */
const attributes = (values: Record<string, string>) => Object.entries(values).map(([Name, Value]) => ({ Name, Value }));
const claims = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('a pool of chosen usernames with an e-mail alias, required name, a custom and an immutable attribute', () => {
  let pool: LocalUserPool;
  beforeAll(async () => {
    pool = await LocalUserPool.start({
      tmpPrefix: 'cognito-usernames-',
      // Only what differs from Gen 2's e-mail pool (case-insensitive, e-mail verified and recovering).
      signIn: {
        usernameAttributes: [],
        aliasAttributes: ['email', 'preferred_username'],
        requiredAttributes: ['email', 'name'],
        immutableAttributes: ['custom:team'],
        customAttributes: ['custom:team', 'custom:bio'],
      },
      tokenLifetimes: { accessTokenSeconds: 5 * 60, idTokenSeconds: 10 * 60, refreshTokenSeconds: 86400 },
    });
  });
  afterAll(() => pool.close());

  const signUpAs = (Username: string, values: Record<string, string>) =>
    pool.sdk.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username, Password: PASSWORD, UserAttributes: attributes(values) }));

  it('refuses a sign-up without the required attributes, naming each', async () => {
    await expect(signUpAs('nameless', { email: 'nameless@example.com' })).rejects.toThrow(
      'Attributes did not conform to the schema: name: The attribute is required',
    );
  });

  it('refuses an e-mail address as the username, since e-mail is an alias here', async () => {
    await expect(signUpAs('ada@example.com', { email: 'ada@example.com', name: 'Ada' })).rejects.toThrow(
      'Username cannot be of email format, since user pool is configured for email alias.',
    );
  });

  it('refuses a custom attribute the pool does not declare, and takes one it does', async () => {
    await expect(signUpAs('grace', { email: 'grace@example.com', name: 'Grace', 'custom:shoe_size': '38' })).rejects.toThrow(
      'Attributes did not conform to the schema: custom:shoe_size: Attribute does not exist in the schema.',
    );
    await expect(signUpAs('grace', { email: 'grace@example.com', name: 'Grace', 'custom:team': 'compilers' })).resolves.toMatchObject({
      UserConfirmed: false,
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
  });

  it('keeps usernames unique in any case, and signs in with the username in any case', async () => {
    await expect(signUpAs('GRACE', { email: 'other@example.com', name: 'Other' })).rejects.toThrow('User already exists');
    await pool.sdk.send(
      new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: 'grace', ConfirmationCode: pool.lastCode('sign-up', 'grace@example.com') }),
    );
    const tokens = await passwordSignIn(pool, 'Grace');
    expect(claims(tokens.AccessToken).username).toBe('grace');
    expect(claims(tokens.IdToken)['cognito:username']).toBe('grace');
    // The sub is a UUID of its own: the username is the name the user chose.
    expect(claims(tokens.IdToken).sub).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a preferred_username alias to one user, and signs in with it', async () => {
    await signUpAs('turing', { email: 'turing@example.com', name: 'Alan Turing', preferred_username: 'Alan' });
    await expect(signUpAs('someone', { email: 'someone@example.com', name: 'Someone', preferred_username: 'alan' })).rejects.toThrow(
      'An account with the given preferred_username already exists.',
    );
    await pool.sdk.send(
      new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: 'turing', ConfirmationCode: pool.lastCode('sign-up', 'turing@example.com') }),
    );
    const tokens = await passwordSignIn(pool, 'ALAN');
    expect(claims(tokens.IdToken)['cognito:username']).toBe('turing');
    const grace = await passwordSignIn(pool, 'grace');
    await expect(
      pool.sdk.send(new UpdateUserAttributesCommand({ AccessToken: grace.AccessToken, UserAttributes: attributes({ preferred_username: 'Alan' }) })),
    ).rejects.toThrow('An account with the given preferred_username already exists.');
  });

  it('signs in with the e-mail alias only once it is verified', async () => {
    await signUpAs('hopper', { email: 'hopper@example.com', name: 'Grace Hopper' });
    await expect(passwordSignIn(pool, 'hopper@example.com')).rejects.toThrow(/User does not exist|Incorrect username or password/);
    await pool.sdk.send(
      new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: 'hopper', ConfirmationCode: pool.lastCode('sign-up', 'hopper@example.com') }),
    );
    const tokens = await passwordSignIn(pool, 'Hopper@Example.com');
    expect(claims(tokens.IdToken)['cognito:username']).toBe('hopper');
  });

  it('stamps the app client’s token lifetimes: five minutes of access, ten of identity', async () => {
    const tokens = await passwordSignIn(pool, 'grace');
    const access = claims(tokens.AccessToken);
    const id = claims(tokens.IdToken);
    expect(tokens.ExpiresIn).toBe(300);
    expect(Number(access.exp) - Number(access.iat)).toBe(300);
    expect(Number(id.exp) - Number(id.iat)).toBe(600);
  });

  it('never changes an immutable attribute after sign-up, even for an administrator', async () => {
    const tokens = await passwordSignIn(pool, 'grace');
    await expect(
      pool.sdk.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes({ 'custom:team': 'databases' }) })),
    ).rejects.toThrow('Cannot modify the non-mutable attribute custom:team');
    await expect(
      pool.sdk.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: pool.userPoolId, Username: 'grace', UserAttributes: attributes({ 'custom:team': 'x' }) }),
      ),
    ).rejects.toThrow('Cannot modify the non-mutable attribute custom:team');
    await pool.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes({ 'custom:bio': 'Writes compilers.' }) }),
    );
    const user = await pool.sdk.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'grace' }));
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:team', Value: 'compilers' },
        { Name: 'custom:bio', Value: 'Writes compilers.' },
      ]),
    );
  });

  it('refuses to verify an e-mail alias another user already holds verified', async () => {
    await signUpAs('copycat', { email: 'copy@example.com', name: 'Copy Cat' });
    await pool.sdk.send(
      new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: 'copycat', ConfirmationCode: pool.lastCode('sign-up', 'copy@example.com') }),
    );
    const tokens = await passwordSignIn(pool, 'copycat');
    // An unverified duplicate can sit on an account (Cognito allows it)...
    await pool.sdk.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes({ email: 'hopper@example.com' }) }));
    // ...but verifying it would make one alias name two users.
    await expect(
      pool.sdk.send(
        new VerifyUserAttributeCommand({
          AccessToken: tokens.AccessToken,
          AttributeName: 'email',
          Code: pool.lastCode('email verification', 'hopper@example.com'),
        }),
      ),
    ).rejects.toThrow('An account with the given email already exists.');
  });

  it('serves the unchanged aws-amplify client: sign-up with a username, SRP sign-in, attributes', async () => {
    ConsoleLogger.LOG_LEVEL = 'ERROR';
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: pool.userPoolId,
          userPoolClientId: pool.userPoolClientId,
          userPoolEndpoint: pool.emulator.url,
          loginWith: { username: true, email: true },
        },
      },
    });
    try {
      await signUp({ username: 'lovelace', password: PASSWORD, options: { userAttributes: { email: 'ada@example.org', name: 'Ada Lovelace' } } });
      await confirmSignUp({ username: 'lovelace', confirmationCode: pool.lastCode('sign-up', 'ada@example.org') });
      await expect(signIn({ username: 'lovelace', password: PASSWORD })).resolves.toMatchObject({ isSignedIn: true });
      await expect(getCurrentUser()).resolves.toMatchObject({ username: 'lovelace' });
      await expect(fetchUserAttributes()).resolves.toMatchObject({ email: 'ada@example.org', email_verified: 'true', name: 'Ada Lovelace' });
      const session = await fetchAuthSession();
      expect(session.tokens?.accessToken.payload.username).toBe('lovelace');
    } finally {
      await signOut();
    }
  });
});

describe("Gen 2's e-mail pool: a changed address waits for its code, and an address names one user", () => {
  let pool: LocalUserPool;
  beforeAll(async () => {
    pool = await LocalUserPool.start({ tmpPrefix: 'cognito-pending-' });
  });
  afterAll(() => pool.close());

  it('lets two users ask for the same new address, and only the first to verify it gets it', async () => {
    const stamp = Date.now();
    const [ann, ben, wanted] = [`ann.${stamp}@example.com`, `ben.${stamp}@example.com`, `shared.${stamp}@example.com`];
    await signUpAndConfirm(pool, ann);
    await signUpAndConfirm(pool, ben);
    const annTokens = await passwordSignIn(pool, ann);
    const benTokens = await passwordSignIn(pool, ben);
    for (const tokens of [annTokens, benTokens]) {
      await pool.sdk.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes({ email: wanted }) }));
    }
    const codes = pool.logLines.filter((line) => line.includes(`email verification code for ${wanted}`)).map((line) => line.slice(-6));
    expect(codes).toHaveLength(2);
    await pool.sdk.send(new VerifyUserAttributeCommand({ AccessToken: annTokens.AccessToken, AttributeName: 'email', Code: codes[0] }));
    await expect(pool.sdk.send(new VerifyUserAttributeCommand({ AccessToken: benTokens.AccessToken, AttributeName: 'email', Code: codes[1] }))).rejects.toThrow(
      'An account with the given email already exists.',
    );
    // Ben keeps the address he had; the new one signs Ann in.
    expect(claims((await passwordSignIn(pool, ben)).IdToken).email).toBe(ben);
    expect(claims((await passwordSignIn(pool, wanted)).IdToken).email).toBe(wanted);
  });
});

describe("the app client's auth flows", () => {
  let pool: LocalUserPool;
  beforeAll(async () => {
    // Gen 2's app client: SRP, custom auth and refresh.
    pool = await LocalUserPool.start({ tmpPrefix: 'cognito-flows-', authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  });
  afterAll(() => pool.close());

  it('refuses the password flows it does not enable, before looking at the user', async () => {
    await expect(passwordSignIn(pool, 'nobody@example.com')).rejects.toThrow('USER_PASSWORD_AUTH flow not enabled for this client');
    await expect(adminSignIn(pool, 'nobody@example.com')).rejects.toThrow('ADMIN_USER_PASSWORD_AUTH flow not enabled for this client');
  });

  it('serves SRP, as the unchanged aws-amplify client signs in', async () => {
    const email = `srp.${Date.now()}@example.com`;
    await signUpAndConfirm(pool, email);
    ConsoleLogger.LOG_LEVEL = 'ERROR';
    Amplify.configure({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.userPoolClientId, userPoolEndpoint: pool.emulator.url } } });
    try {
      await expect(signIn({ username: email, password: PASSWORD })).resolves.toMatchObject({ isSignedIn: true });
    } finally {
      await signOut();
    }
  });
});

describe('a pool that signs in with phone numbers', () => {
  let pool: LocalUserPool;
  beforeAll(async () => {
    pool = await LocalUserPool.start({
      tmpPrefix: 'cognito-phones-',
      // Only what differs from Gen 2's e-mail pool: the phone number in every role the e-mail address had.
      signIn: {
        usernameAttributes: ['phone_number'],
        autoVerifiedAttributes: ['phone_number'],
        recovery: ['phone_number'],
        requiredAttributes: ['phone_number'],
        keepOriginal: ['phone_number'],
      },
    });
  });
  afterAll(() => pool.close());

  it('takes a phone number as the username, sends the sign-up code by SMS and verifies the number with it', async () => {
    await expect(pool.sdk.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username: 'someone@example.com', Password: PASSWORD }))).rejects.toThrow(
      'Username should be a phone number.',
    );
    const out = await pool.sdk.send(new SignUpCommand({ ClientId: pool.userPoolClientId, Username: '+15555550123', Password: PASSWORD }));
    expect(out.CodeDeliveryDetails).toEqual({ Destination: '+*******0123', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    await pool.sdk.send(
      new ConfirmSignUpCommand({ ClientId: pool.userPoolClientId, Username: '+15555550123', ConfirmationCode: pool.lastCode('sign-up', '+15555550123') }),
    );
    const tokens = await passwordSignIn(pool, '+15555550123');
    expect(claims(tokens.IdToken)).toMatchObject({ phone_number: '+15555550123', phone_number_verified: true });
    // The username is the generated UUID that is also the sub.
    expect(claims(tokens.IdToken)['cognito:username']).toBe(out.UserSub);
  });

  it('recovers a password through the verified phone number', async () => {
    await expect(pool.sdk.send(new ForgotPasswordCommand({ ClientId: pool.userPoolClientId, Username: '+15555550123' }))).resolves.toMatchObject({
      CodeDeliveryDetails: { DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
    });
    expect(pool.lastCode('password reset', '+15555550123')).toMatch(/^\d{6}$/);
  });

  it('refuses a phone number that is not in E.164 form, and sends a code for a changed one', async () => {
    const tokens = await passwordSignIn(pool, '+15555550123');
    await expect(
      pool.sdk.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes({ phone_number: '555-0199' }) })),
    ).rejects.toThrow('Invalid phone number format.');
    const changed = await pool.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes({ phone_number: '+15555550199' }) }),
    );
    expect(changed.CodeDeliveryDetailsList).toEqual([{ Destination: '+*******0199', DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    // The pool keeps the verified number until the new one is verified: the old one still signs in.
    await expect(passwordSignIn(pool, '+15555550123')).resolves.toHaveProperty('AccessToken');
    await expect(passwordSignIn(pool, '+15555550199')).rejects.toThrow(/Incorrect username or password|User does not exist/);
    await pool.sdk.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'phone_number' }));
    await pool.sdk.send(
      new VerifyUserAttributeCommand({
        AccessToken: tokens.AccessToken,
        AttributeName: 'phone_number',
        Code: pool.lastCode('phone number verification', '+15555550199'),
      }),
    );
    await expect(passwordSignIn(pool, '+15555550199')).resolves.toHaveProperty('AccessToken');
    await expect(passwordSignIn(pool, '+15555550123')).rejects.toThrow(/Incorrect username or password|User does not exist/);
  });

  it('lets an administrator create a user by phone number', async () => {
    const created = await pool.sdk.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: '+15555550777', MessageAction: 'SUPPRESS' }));
    expect(created.User?.Attributes).toEqual(expect.arrayContaining([{ Name: 'phone_number', Value: '+15555550777' }]));
    await expect(pool.sdk.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: '+15555550777' }))).rejects.toThrow(
      'An account with the given phone_number already exists.',
    );
  });
});
