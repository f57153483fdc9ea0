import { assertFlowEnabled, AuthFlows } from './auth-flows';
import { CognitoError } from './errors';
import { assertPasswordPolicy, generateTemporaryPassword } from './password-policy';
import type { StoredUser } from './persistence';
import type { RequestInput } from './request-input';
import { deliveryTo, isEmail, isPhoneNumber, type UsernameAttribute } from './pool-config';
import { NO_CLIENT } from './triggers';
import { verificationCode, type UserPool } from './user-pool';

export type Operation = (input: RequestInput) => object | Promise<object>;

const MAX_PAGE_SIZE = 60;

/**
 * Handlers keyed by the operation name in `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`.
 *
 * Admin* and List* operations reach a handler only with a valid SigV4 signature by the backend's admin
 * credentials, as on AWS with IAM (server.ts checks it before dispatching).
 */
export function createOperations(pool: UserPool): Record<string, Operation> {
  const flows = new AuthFlows(pool);

  const clientId = (input: RequestInput): string => {
    const id = input.string('ClientId');
    pool.assertClientId(id);
    return id;
  };
  const adminUser = (input: RequestInput): StoredUser => {
    pool.assertUserPoolId(input.string('UserPoolId'));
    return pool.requireUser(input.string('Username'));
  };
  /** With user-existence errors prevented, code requests for unknown users "succeed" without sending anything. */
  const decoyDelivery = (login: string): object => {
    if (isPhoneNumber(login)) return { CodeDeliveryDetails: deliveryTo('phone_number', login) };
    if (isEmail(login)) return { CodeDeliveryDetails: deliveryTo('email', login) };
    // A chosen username says nothing about where codes go: a plausible masked destination of the pool's kind.
    const attribute = pool.signIn.recovery[0] ?? 'email';
    return { CodeDeliveryDetails: deliveryTo(attribute, attribute === 'email' ? `${login}@${login}` : '+10000000000') };
  };
  /** A sign-up code only where the pool auto-verifies an attribute the user has; otherwise an administrator confirms. */
  const signUpCode = (user: StoredUser): object => (pool.codeDestination(user, 'signUp') ? { CodeDeliveryDetails: pool.issueCode(user, 'signUp') } : {});
  /**
   * Asks the pre sign-up trigger about a user not yet in the pool, then adds it: confirmed and
   * verified as the trigger answers. A refusal leaves no user behind.
   */
  const signUpUser = async (
    source: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
    user: StoredUser,
    client: string,
    input: RequestInput,
  ): Promise<StoredUser> => {
    if (!pool.triggers) return pool.addUser(user);
    const { sub: _sub, ...attributes } = user.attributes;
    const decided = await pool.triggers.preSignUp(source, user.username, attributes, client, input.attributes('ValidationData'), input.map('ClientMetadata'));
    // Auto-confirming is for SignUp; an invited user still sets a password.
    if (decided.autoConfirmUser && user.status === 'UNCONFIRMED') user.status = 'CONFIRMED';
    if (decided.autoVerifyEmail && user.attributes.email) user.attributes.email_verified = 'true';
    if (decided.autoVerifyPhone && user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
    return pool.addUser(user);
  };
  /** The post confirmation trigger, once the confirmed user is saved (its function may look the user up). */
  const confirmed = async (
    source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
    user: StoredUser,
    client: string,
    input: RequestInput,
  ): Promise<void> => {
    await pool.triggers?.postConfirmation(source, user, client, input.map('ClientMetadata'));
  };
  /** SetUserMFAPreference and its admin twin; TOTP is the only factor this pool offers. */
  const setMfaPreference = (user: StoredUser, input: RequestInput): object => {
    for (const [member, factor] of [
      ['SMSMfaSettings', 'SMS_MFA'],
      ['EmailMfaSettings', 'EMAIL_OTP'],
    ] as const) {
      const settings = input.optionalStruct(member);
      if (settings?.optionalBoolean('Enabled') || settings?.optionalBoolean('PreferredMfa')) {
        throw new CognitoError('InvalidParameterException', `User does not have delivery config set to turn on ${factor}`);
      }
    }
    const totp = input.optionalStruct('SoftwareTokenMfaSettings');
    if (totp) pool.setSoftwareTokenPreference(user, totp.optionalBoolean('Enabled') ?? false, totp.optionalBoolean('PreferredMfa'));
    pool.save();
    return {};
  };

  return {
    // ---- self-service (app client) -------------------------------------------------------------------
    async SignUp(input) {
      const client = clientId(input);
      const login = input.string('Username');
      const password = input.string('Password');
      const attributes = input.attributes('UserAttributes');
      pool.checkAttributeWrites(attributes, false);
      assertPasswordPolicy(password, pool.passwordPolicy);
      const user = await signUpUser('PreSignUp_SignUp', pool.newUser(login, attributes, 'UNCONFIRMED'), client, input);
      pool.setPassword(user, password, false);
      const userConfirmed = user.status === 'CONFIRMED';
      // A user the trigger confirmed gets no code.
      const delivery = userConfirmed ? {} : signUpCode(user);
      pool.save();
      if (userConfirmed) await confirmed('PostConfirmation_ConfirmSignUp', user, client, input);
      return { UserConfirmed: userConfirmed, UserSub: user.attributes.sub, ...delivery };
    },

    async ConfirmSignUp(input) {
      const client = clientId(input);
      const user = pool.findByLogin(input.string('Username'));
      const code = input.string('ConfirmationCode');
      if (!user) throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      if (user.status !== 'UNCONFIRMED') {
        throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
      }
      pool.verifyWithCode(user, 'signUp', code, input.optionalBoolean('ForceAliasCreation') ?? false);
      user.status = 'CONFIRMED';
      user.updatedAt = Date.now();
      pool.save();
      await confirmed('PostConfirmation_ConfirmSignUp', user, client, input);
      return { Session: flows.createSignUpSession(user, client) };
    },

    ResendConfirmationCode(input) {
      clientId(input);
      const login = input.string('Username');
      const user = pool.findByLogin(login);
      if (!user) return decoyDelivery(login);
      if (user.status !== 'UNCONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
      if (!pool.codeDestination(user, 'signUp')) {
        throw new CognitoError('InvalidParameterException', 'Auto verification not turned on.');
      }
      const delivery = pool.issueCode(user, 'signUp');
      pool.save();
      return { CodeDeliveryDetails: delivery };
    },

    ForgotPassword(input) {
      clientId(input);
      const login = input.string('Username');
      const user = pool.findByLogin(login);
      if (!user) return decoyDelivery(login);
      if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
      if (user.status === 'FORCE_CHANGE_PASSWORD') {
        throw new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.');
      }
      // Throws, as Cognito does, when the recovery setting names no verified attribute the user has.
      const delivery = pool.issueCode(user, 'resetPassword');
      pool.save();
      return { CodeDeliveryDetails: delivery };
    },

    async ConfirmForgotPassword(input) {
      const client = clientId(input);
      const user = pool.findByLogin(input.string('Username'));
      const code = input.string('ConfirmationCode');
      const password = input.string('Password');
      if (!user) throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      // Policy first, so a weak password does not burn the emailed code.
      assertPasswordPolicy(password, pool.passwordPolicy);
      pool.consumeCode(user, 'resetPassword', code);
      pool.setPassword(user, password, false);
      pool.save();
      await confirmed('PostConfirmation_ConfirmForgotPassword', user, client, input);
      return {};
    },

    InitiateAuth: (input) => flows.initiateAuth(input),
    RespondToAuthChallenge: (input) => flows.respondToAuthChallenge(input),

    async GetTokensFromRefreshToken(input) {
      const client = clientId(input);
      assertFlowEnabled(pool, 'REFRESH_TOKEN_AUTH');
      return { AuthenticationResult: await pool.refresh(input.string('RefreshToken'), client) };
    },

    GetUser(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      return { Username: user.username, UserAttributes: pool.attributeList(user), ...pool.mfaSettings(user) };
    },

    // ---- software-token (TOTP) MFA: with an access token, or with the session of an MFA_SETUP challenge ----
    AssociateSoftwareToken(input) {
      const accessToken = input.optionalString('AccessToken');
      if (accessToken) return { SecretCode: pool.associateSoftwareToken(pool.authenticate(accessToken)) };
      const session = input.optionalString('Session');
      if (!session) throw new CognitoError('InvalidParameterException', 'Either AccessToken or Session must be provided.');
      return flows.associateSoftwareTokenInSession(session);
    },

    VerifySoftwareToken(input) {
      const code = input.string('UserCode');
      assertUserCodeShape(code);
      const friendlyDeviceName = input.optionalString('FriendlyDeviceName');
      const accessToken = input.optionalString('AccessToken');
      if (accessToken) {
        pool.verifySoftwareToken(pool.authenticate(accessToken), code, friendlyDeviceName);
        return { Status: 'SUCCESS' };
      }
      const session = input.optionalString('Session');
      if (!session) throw new CognitoError('InvalidParameterException', 'Either AccessToken or Session must be provided.');
      return flows.verifySoftwareTokenInSession(session, code, friendlyDeviceName);
    },

    SetUserMFAPreference(input) {
      return setMfaPreference(pool.authenticate(input.string('AccessToken')), input);
    },

    UpdateUserAttributes(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      const attributes = input.attributes('UserAttributes');
      pool.checkAttributeWrites(attributes, false, user);
      const unverified = pool.applyAttributes(user, attributes);
      const deliveries = unverified.map((attribute) => pool.issueCode(user, verificationCode(attribute)));
      pool.save();
      return { CodeDeliveryDetailsList: deliveries };
    },

    GetUserAttributeVerificationCode(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      const attribute = verifiableAttribute(input.string('AttributeName'));
      if (!user.attributes[attribute]) throw new CognitoError('InvalidParameterException', `The user has no ${attribute} to verify.`);
      const delivery = pool.issueCode(user, verificationCode(attribute));
      pool.save();
      return { CodeDeliveryDetails: delivery };
    },

    VerifyUserAttribute(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      const attribute = verifiableAttribute(input.string('AttributeName'));
      pool.verifyWithCode(user, verificationCode(attribute), input.string('Code'));
      pool.save();
      return {};
    },

    ChangePassword(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      const previous = input.string('PreviousPassword');
      const proposed = input.string('ProposedPassword');
      if (!pool.passwordMatches(user, previous)) {
        throw new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
      }
      assertPasswordPolicy(proposed, pool.passwordPolicy);
      pool.setPassword(user, proposed, false);
      pool.save();
      return {};
    },

    GlobalSignOut(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      pool.signOutEverywhere(user);
      pool.save();
      return {};
    },

    RevokeToken(input) {
      const client = clientId(input);
      pool.revokeRefreshToken(input.string('Token'), client);
      return {};
    },

    DeleteUser(input) {
      const user = pool.authenticate(input.string('AccessToken'));
      pool.deleteUser(user);
      pool.save();
      return {};
    },

    // The Authenticator asks for passkeys after sign-in when passkey prompts are configured; there are none here.
    ListWebAuthnCredentials(input) {
      pool.authenticate(input.string('AccessToken'));
      return { Credentials: [] };
    },

    // ---- admin (see the note above: no IAM check locally) -----------------------------------------------
    async AdminCreateUser(input) {
      pool.assertUserPoolId(input.string('UserPoolId'));
      const login = input.string('Username');
      const action = input.optionalString('MessageAction');
      if (action === 'RESEND') {
        const user = pool.requireUser(login);
        if (user.status !== 'FORCE_CHANGE_PASSWORD') {
          throw new CognitoError('UnsupportedUserStateException', 'Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.');
        }
        const temporary = generateTemporaryPassword(pool.passwordPolicy);
        pool.setPassword(user, temporary, true);
        pool.log(`[cognito] invitation for ${invitee(user)}: temporary password ${temporary}`);
        pool.save();
        return { User: pool.describe(user) };
      }
      if (action !== undefined && action !== 'SUPPRESS') {
        throw new CognitoError('InvalidParameterException', `Invalid MessageAction ${action}.`);
      }
      const attributes = input.attributes('UserAttributes');
      pool.checkAttributeWrites(attributes, true);
      const chosen = input.optionalString('TemporaryPassword');
      if (chosen !== undefined) assertPasswordPolicy(chosen, pool.passwordPolicy);
      const temporary = chosen ?? generateTemporaryPassword(pool.passwordPolicy);
      const user = await signUpUser('PreSignUp_AdminCreateUser', pool.newUser(login, attributes, 'FORCE_CHANGE_PASSWORD'), NO_CLIENT, input);
      pool.setPassword(user, temporary, true);
      if (action !== 'SUPPRESS') {
        // Stands in for Cognito's invitation email.
        pool.log(`[cognito] invitation for ${invitee(user)}: temporary password ${temporary}`);
      }
      pool.save();
      return { User: pool.describe(user) };
    },

    AdminSetUserPassword(input) {
      const user = adminUser(input);
      const password = input.string('Password');
      const permanent = input.optionalBoolean('Permanent') ?? false;
      assertPasswordPolicy(password, pool.passwordPolicy);
      pool.setPassword(user, password, !permanent);
      if (permanent) user.status = 'CONFIRMED';
      pool.save();
      return {};
    },

    async AdminConfirmSignUp(input) {
      const user = adminUser(input);
      if (user.status !== 'UNCONFIRMED') {
        throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
      }
      user.status = 'CONFIRMED';
      delete user.codes.signUp;
      user.updatedAt = Date.now();
      pool.save();
      await confirmed('PostConfirmation_ConfirmSignUp', user, NO_CLIENT, input);
      return {};
    },

    AdminGetUser(input) {
      const user = adminUser(input);
      const { Attributes, ...rest } = pool.describe(user);
      return { ...rest, UserAttributes: Attributes, ...pool.mfaSettings(user) };
    },

    AdminSetUserMFAPreference(input) {
      return setMfaPreference(adminUser(input), input);
    },

    AdminDeleteUser(input) {
      pool.deleteUser(adminUser(input));
      pool.save();
      return {};
    },

    AdminUpdateUserAttributes(input) {
      const user = adminUser(input);
      const attributes = input.attributes('UserAttributes');
      pool.checkAttributeWrites(attributes, true, user);
      for (const attribute of pool.applyAttributes(user, attributes)) pool.issueCode(user, verificationCode(attribute));
      pool.save();
      return {};
    },

    AdminDisableUser(input) {
      const user = adminUser(input);
      user.enabled = false;
      user.updatedAt = Date.now();
      pool.save();
      return {};
    },

    AdminEnableUser(input) {
      const user = adminUser(input);
      user.enabled = true;
      user.updatedAt = Date.now();
      pool.save();
      return {};
    },

    AdminResetUserPassword(input) {
      const user = adminUser(input);
      user.status = 'RESET_REQUIRED';
      pool.issueCode(user, 'resetPassword');
      pool.save();
      return {};
    },

    AdminUserGlobalSignOut(input) {
      pool.signOutEverywhere(adminUser(input));
      pool.save();
      return {};
    },

    AdminInitiateAuth: (input) => flows.adminInitiateAuth(input),
    AdminRespondToAuthChallenge: (input) => flows.adminRespondToAuthChallenge(input),

    AdminAddUserToGroup(input) {
      const user = adminUser(input);
      const group = input.string('GroupName');
      pool.assertGroup(group);
      if (!user.groups.includes(group)) user.groups.push(group);
      user.updatedAt = Date.now();
      pool.save();
      return {};
    },

    AdminRemoveUserFromGroup(input) {
      const user = adminUser(input);
      const group = input.string('GroupName');
      pool.assertGroup(group);
      user.groups = user.groups.filter((g) => g !== group);
      user.updatedAt = Date.now();
      pool.save();
      return {};
    },

    AdminListGroupsForUser(input) {
      const user = adminUser(input);
      const groups = user.groups.filter((g) => pool.groups.includes(g));
      return paginate(
        groups.map((g) => pool.describeGroup(g)),
        input,
        'Groups',
        'NextToken',
      );
    },

    ListGroups(input) {
      pool.assertUserPoolId(input.string('UserPoolId'));
      return paginate(
        pool.groups.map((g) => pool.describeGroup(g)),
        input,
        'Groups',
        'NextToken',
      );
    },

    ListUsersInGroup(input) {
      pool.assertUserPoolId(input.string('UserPoolId'));
      const group = input.string('GroupName');
      pool.assertGroup(group);
      const users = pool.listUsers().filter((u) => u.groups.includes(group));
      return paginate(
        users.map((u) => pool.describe(u)),
        input,
        'Users',
        'NextToken',
      );
    },

    ListUsers(input) {
      pool.assertUserPoolId(input.string('UserPoolId'));
      const filter = input.optionalString('Filter');
      const wanted = input.optionalStringList('AttributesToGet');
      const matches = filter ? parseFilter(filter) : () => true;
      const users = pool
        .listUsers()
        .filter(matches)
        .map((u) => {
          const described = pool.describe(u);
          if (wanted) described.Attributes = pool.attributeList(u).filter((a) => wanted.includes(a.Name));
          return described;
        });
      return paginate(users, input, 'Users', 'PaginationToken');
    },
  };
}

/** UserCode is modelled as exactly 6 characters of [0-9]+; AWS lists every violated constraint. */
function assertUserCodeShape(code: string): void {
  const problems: string[] = [];
  if (code.length < 6) problems.push('Member must have length greater than or equal to 6');
  if (code.length > 6) problems.push('Member must have length less than or equal to 6');
  if (!/^[0-9]+$/.test(code)) problems.push('Member must satisfy regular expression pattern: [0-9]+');
  if (problems.length === 0) return;
  const count = problems.length === 1 ? '1 validation error' : `${problems.length} validation errors`;
  throw new CognitoError(
    'InvalidParameterException',
    `${count} detected: ${problems.map((p) => `Value at 'userCode' failed to satisfy constraint: ${p}`).join('; ')}`,
  );
}

function verifiableAttribute(name: string): UsernameAttribute {
  if (name !== 'email' && name !== 'phone_number') {
    throw new CognitoError('InvalidParameterException', `Verification of attribute ${name} is not supported by this pool.`);
  }
  return name;
}

/** Where an invitation would go: the user's e-mail address or phone number, else the username. */
function invitee(user: StoredUser): string {
  return user.attributes.email ?? user.attributes.phone_number ?? user.username;
}

/**
 * ListUsers filters: `attr = "value"` (exact) or `attr ^= "value"` (prefix). Email matches ignore case,
 * like sign-in does.
 */
function parseFilter(filter: string): (user: StoredUser) => boolean {
  const m = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!m) throw new CognitoError('InvalidParameterException', 'Error while parsing filter.');
  const [, name = '', operator, rawValue = ''] = m;
  const value = rawValue.replace(/\\(.)/g, '$1');
  const read = (u: StoredUser): string | undefined => {
    if (name === 'username') return u.username;
    if (name === 'cognito:user_status') return u.status;
    if (name === 'status') return u.enabled ? 'Enabled' : 'Disabled';
    return u.attributes[name];
  };
  const fold = name === 'email' ? (s: string) => s.toLowerCase() : (s: string) => s;
  return (u) => {
    const actual = read(u);
    if (actual === undefined) return false;
    return operator === '=' ? fold(actual) === fold(value) : fold(actual).startsWith(fold(value));
  };
}

function paginate<T>(items: T[], input: RequestInput, listKey: string, tokenKey: string): object {
  const limit = input.optionalNumber('Limit') ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new CognitoError(
      'InvalidParameterException',
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE_SIZE}`,
    );
  }
  const token = input.optionalString(tokenKey);
  const start = token === undefined ? 0 : Number.parseInt(Buffer.from(token, 'base64').toString('utf8'), 10);
  if (!Number.isInteger(start) || start < 0) throw new CognitoError('InvalidParameterException', `Invalid ${tokenKey}.`);
  const end = start + (limit === 0 ? MAX_PAGE_SIZE : limit);
  const page = items.slice(start, end);
  return {
    [listKey]: page,
    ...(end < items.length ? { [tokenKey]: Buffer.from(String(end)).toString('base64') } : {}),
  };
}
