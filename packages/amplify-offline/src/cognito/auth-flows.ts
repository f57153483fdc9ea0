import { randomBytes } from 'node:crypto';
import { CognitoError, incorrectCredentials } from './errors';
import { assertPasswordPolicy } from './password-policy';
import type { StoredUser } from './persistence';
import type { RequestInput } from './request-input';
import { parseSrpTimestamp, srpBHex, startSrp, verifyPasswordClaim, type SrpServerSession } from './srp';
import type { AuthenticationResult, TokenSource, UserPool } from './user-pool';

/** Cognito's default AuthSessionValidity: a challenge must be answered within 3 minutes. */
const CHALLENGE_TTL_MS = 3 * 60 * 1000;
/** How far the client's signed TIMESTAMP may be from our clock. */
const TIMESTAMP_TOLERANCE_MS = 15 * 60 * 1000;
const ATTRIBUTE_PREFIX = 'userAttributes.';
/** Wrong TOTP codes one challenge session tolerates before the sign-in has to start over. */
const MAX_MFA_ATTEMPTS = 5;

export interface AuthResponse {
  ChallengeName?: string;
  ChallengeParameters: Record<string, string>;
  Session?: string;
  AuthenticationResult?: AuthenticationResult;
  AvailableChallenges?: string[];
}

interface PendingSrp {
  username: string;
  clientId: string;
  srp: SrpServerSession;
  expiresAt: number;
}

type SessionPurpose =
  | 'NEW_PASSWORD_REQUIRED'
  | 'SELECT_CHALLENGE'
  | 'SIGN_UP_CONFIRMED'
  | 'SOFTWARE_TOKEN_MFA'
  // MFA_SETUP: waiting for AssociateSoftwareToken, then VerifySoftwareToken; MFA_SETUP_VERIFIED: for the answer.
  | 'MFA_SETUP'
  | 'MFA_SETUP_VERIFIED';

interface PendingSession {
  purpose: SessionPurpose;
  username: string;
  clientId: string;
  expiresAt: number;
  failedAttempts: number;
}

const invalidSession = (): CognitoError => new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
const usedSession = (): CognitoError => new CognitoError('NotAuthorizedException', 'Invalid session for the user, session can only be used once.');

/**
 * InitiateAuth / RespondToAuthChallenge and their Admin twins. Half-finished sign-ins (SRP exchanges and
 * challenge sessions) live only in memory: they expire within minutes, so losing them on restart is harmless.
 */
/** Cognito locks a user out temporarily from this many failed passwords in a row… */
const LOCKOUT_AFTER = 5;
/** …for 1 s, doubling with each further failure, up to 15 minutes. */
const MAX_LOCKOUT_MS = 15 * 60 * 1000;

export class AuthFlows {
  private readonly pendingSrp = new Map<string, PendingSrp>();
  private readonly sessions = new Map<string, PendingSession>();
  /** Spent session ids until they would have expired, so a replay gets Cognito's "can only be used once". */
  private readonly spentSessions = new Map<string, number>();
  /** Failed password attempts per user since the last success, and until when the user is locked out. */
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly pool: UserPool,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Cognito's temporary lockout: from the fifth failed password in a row, each further attempt is
   * refused for a time that starts at one second and doubles up to 15 minutes, with
   * "Password attempts exceeded"; a correct password ends it. Kept in memory, as the lockout is
   * temporary anyway.
   */
  private checkPassword(user: StoredUser, matches: () => boolean): void {
    const record = this.failures.get(user.username);
    if (record && record.lockedUntil > this.now()) throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
    if (matches()) {
      this.failures.delete(user.username);
      return;
    }
    const count = (record?.count ?? 0) + 1;
    const lockedUntil = count >= LOCKOUT_AFTER ? this.now() + Math.min(1000 * 2 ** (count - LOCKOUT_AFTER), MAX_LOCKOUT_MS) : 0;
    this.failures.set(user.username, { count, lockedUntil });
    throw incorrectCredentials();
  }

  async initiateAuth(input: RequestInput): Promise<AuthResponse> {
    const clientId = input.string('ClientId');
    this.pool.assertClientId(clientId);
    const flow = input.string('AuthFlow');
    const params = input.map('AuthParameters');
    assertFlowEnabled(this.pool, flow);
    switch (flow) {
      case 'USER_SRP_AUTH':
        return this.beginSrp(this.signInUser(required(params, 'USERNAME')), required(params, 'SRP_A'), clientId);
      case 'USER_PASSWORD_AUTH':
        return this.passwordSignIn(required(params, 'USERNAME'), required(params, 'PASSWORD'), clientId);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return { ChallengeParameters: {}, AuthenticationResult: await this.pool.refresh(required(params, 'REFRESH_TOKEN'), clientId) };
      case 'USER_AUTH':
        return this.userAuth(params, input.optionalString('Session'), clientId);
      case 'CUSTOM_AUTH':
        throw new CognitoError('InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.');
      default:
        throw new CognitoError('InvalidParameterException', `Unsupported AuthFlow ${flow} for this client.`);
    }
  }

  /** Reached only with the admin credentials' signature (server.ts), as IAM credentials are required on AWS. */
  async adminInitiateAuth(input: RequestInput): Promise<AuthResponse> {
    this.pool.assertUserPoolId(input.string('UserPoolId'));
    const clientId = input.string('ClientId');
    this.pool.assertClientId(clientId);
    const flow = input.string('AuthFlow');
    const params = input.map('AuthParameters');
    assertFlowEnabled(this.pool, flow);
    switch (flow) {
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        return this.passwordSignIn(required(params, 'USERNAME'), required(params, 'PASSWORD'), clientId);
      case 'USER_SRP_AUTH':
        return this.beginSrp(this.signInUser(required(params, 'USERNAME')), required(params, 'SRP_A'), clientId);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return { ChallengeParameters: {}, AuthenticationResult: await this.pool.refresh(required(params, 'REFRESH_TOKEN'), clientId) };
      case 'USER_AUTH':
        return this.userAuth(params, input.optionalString('Session'), clientId);
      default:
        throw new CognitoError('InvalidParameterException', `Unsupported AuthFlow ${flow} for this client.`);
    }
  }

  async respondToAuthChallenge(input: RequestInput): Promise<AuthResponse> {
    const clientId = input.string('ClientId');
    this.pool.assertClientId(clientId);
    const challenge = input.string('ChallengeName');
    const responses = input.map('ChallengeResponses');
    const session = input.optionalString('Session');
    // Passed on to the pre token generation trigger (InitiateAuth's is not, as on AWS).
    const metadata = input.map('ClientMetadata');
    switch (challenge) {
      case 'PASSWORD_VERIFIER':
        return this.passwordVerifier(responses, clientId, metadata);
      case 'NEW_PASSWORD_REQUIRED':
        return this.newPassword(responses, session, clientId, metadata);
      case 'SELECT_CHALLENGE':
        return this.selectChallenge(responses, session, clientId, metadata);
      case 'SOFTWARE_TOKEN_MFA':
        return this.softwareTokenMfa(responses, session, clientId, metadata);
      case 'MFA_SETUP':
        return this.mfaSetup(responses, session, clientId, metadata);
      default:
        throw new CognitoError('InvalidParameterException', `Unsupported challenge ${challenge}.`);
    }
  }

  adminRespondToAuthChallenge(input: RequestInput): Promise<AuthResponse> {
    this.pool.assertUserPoolId(input.string('UserPoolId'));
    return this.respondToAuthChallenge(input);
  }

  /** ConfirmSignUp hands out a session that USER_AUTH can trade for tokens (amplify's passwordless autoSignIn). */
  createSignUpSession(user: StoredUser, clientId: string): string {
    return this.openSession('SIGN_UP_CONFIRMED', user, clientId);
  }

  /**
   * AssociateSoftwareToken with the Session of an MFA_SETUP challenge (signing in to a pool that requires MFA).
   * Like Cognito, it answers with a new session for VerifySoftwareToken; the old one is spent.
   */
  associateSoftwareTokenInSession(sessionId: string): { SecretCode: string; Session: string } {
    const { session, pending, user } = this.takeSession(sessionId, ['MFA_SETUP', 'MFA_SETUP_VERIFIED']);
    const secretCode = this.pool.associateSoftwareToken(user);
    this.spend(session);
    return { SecretCode: secretCode, Session: this.openSession('MFA_SETUP', user, pending.clientId) };
  }

  /** VerifySoftwareToken with a session; its answer's session completes the MFA_SETUP challenge. */
  verifySoftwareTokenInSession(sessionId: string, code: string, friendlyDeviceName: string | undefined): { Status: 'SUCCESS'; Session: string } {
    const { session, pending, user } = this.takeSession(sessionId, ['MFA_SETUP']);
    // A wrong code leaves the session usable, so the user can simply type the next one.
    this.pool.verifySoftwareToken(user, code, friendlyDeviceName);
    this.spend(session);
    return { Status: 'SUCCESS', Session: this.openSession('MFA_SETUP_VERIFIED', user, pending.clientId) };
  }

  // ---- flows ---------------------------------------------------------------------------------------------

  /**
   * The pool prevents user-existence errors (Gen 2 default), so an unknown login looks exactly like a wrong
   * password.
   */
  private signInUser(login: string): StoredUser {
    const user = this.pool.findByLogin(login);
    if (!user || !user.password) throw incorrectCredentials();
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return user;
  }

  private passwordSignIn(login: string, password: string, clientId: string): Promise<AuthResponse> {
    const user = this.signInUser(login);
    this.checkPassword(user, () => this.pool.passwordMatches(user, password));
    return this.finishSignIn(user, clientId);
  }

  private beginSrp(user: StoredUser, srpA: string, clientId: string): AuthResponse {
    if (!user.password) throw incorrectCredentials();
    const srp = startSrp(srpA, user.password);
    if (!srp) throw new CognitoError('InvalidParameterException', 'SRP_A is invalid.');
    this.prune();
    // The secret block is an opaque handle the client must echo back (and sign), tying the answer to this exchange.
    const secretBlock = randomBytes(128).toString('base64');
    this.pendingSrp.set(secretBlock, { username: user.username, clientId, srp, expiresAt: Date.now() + CHALLENGE_TTL_MS });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: user.password.salt,
        SECRET_BLOCK: secretBlock,
        SRP_B: srpBHex(srp),
        USERNAME: user.username,
        USER_ID_FOR_SRP: user.username,
      },
    };
  }

  private async passwordVerifier(responses: Record<string, string>, clientId: string, metadata: Record<string, string>): Promise<AuthResponse> {
    const secretBlock = required(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
    const signature = required(responses, 'PASSWORD_CLAIM_SIGNATURE');
    const timestamp = required(responses, 'TIMESTAMP');
    const login = required(responses, 'USERNAME');
    const pending = this.pendingSrp.get(secretBlock);
    // Single use: a claim cannot be replayed, and a wrong password means starting over (as in Cognito).
    this.pendingSrp.delete(secretBlock);
    if (!pending || pending.expiresAt < Date.now() || pending.clientId !== clientId) throw invalidSession();
    const user = this.pool.state.users[pending.username];
    if (!user || this.pool.findByLogin(login) !== user) throw incorrectCredentials();
    const signedAt = parseSrpTimestamp(timestamp);
    if (signedAt === null) throw new CognitoError('InvalidParameterException', 'TIMESTAMP format is invalid.');
    if (Math.abs(signedAt - Date.now()) > TIMESTAMP_TOLERANCE_MS) throw incorrectCredentials();
    this.checkPassword(user, () =>
      verifyPasswordClaim(pending.srp, {
        poolName: this.pool.poolName,
        userId: user.username,
        secretBlock,
        timestamp,
        signature,
      }),
    );
    return this.finishSignIn(user, clientId, metadata);
  }

  private newPassword(
    responses: Record<string, string>,
    sessionId: string | undefined,
    clientId: string,
    metadata: Record<string, string>,
  ): Promise<AuthResponse> {
    const { session, user } = this.takeSession(sessionId, ['NEW_PASSWORD_REQUIRED'], clientId);
    const newPassword = required(responses, 'NEW_PASSWORD');
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(responses)) {
      if (name.startsWith(ATTRIBUTE_PREFIX)) attributes[name.slice(ATTRIBUTE_PREFIX.length)] = value;
    }
    // Validate everything before mutating, and keep the session on failure so the user can simply retry.
    this.pool.checkAttributeWrites(attributes, false);
    assertPasswordPolicy(newPassword, this.pool.passwordPolicy);
    this.pool.applyAttributes(user, attributes);
    this.pool.setPassword(user, newPassword, false);
    this.spend(session);
    this.pool.save();
    return this.finishSignIn(user, clientId, metadata, 'TokenGeneration_NewPasswordChallenge');
  }

  private async selectChallenge(
    responses: Record<string, string>,
    sessionId: string | undefined,
    clientId: string,
    metadata: Record<string, string>,
  ): Promise<AuthResponse> {
    const { session, user } = this.takeSession(sessionId, ['SELECT_CHALLENGE'], clientId);
    const answer = required(responses, 'ANSWER');
    if (answer === 'PASSWORD_SRP') {
      this.spend(session);
      return this.beginSrp(user, required(responses, 'SRP_A'), clientId);
    }
    if (answer === 'PASSWORD') {
      this.spend(session);
      const password = required(responses, 'PASSWORD');
      this.checkPassword(user, () => this.pool.passwordMatches(user, password));
      return this.finishSignIn(user, clientId, metadata);
    }
    throw new CognitoError('InvalidParameterException', `Challenge ${answer} is not available for this user.`);
  }

  /** The choice-based flow; only password factors exist in this pool (no passkeys or OTP). */
  private async userAuth(params: Record<string, string>, sessionId: string | undefined, clientId: string): Promise<AuthResponse> {
    const login = required(params, 'USERNAME');
    if (sessionId) {
      const { session, user } = this.takeSession(sessionId, ['SIGN_UP_CONFIRMED'], clientId);
      if (this.pool.findByLogin(login) !== user) throw invalidSession();
      this.spend(session);
      return this.finishSignIn(user, clientId);
    }
    const user = this.signInUser(login);
    const preferred = params.PREFERRED_CHALLENGE;
    if (preferred === 'PASSWORD_SRP' && params.SRP_A) return this.beginSrp(user, params.SRP_A, clientId);
    const password = params.PASSWORD;
    if (preferred === 'PASSWORD' && password) {
      this.checkPassword(user, () => this.pool.passwordMatches(user, password));
      return this.finishSignIn(user, clientId);
    }
    return {
      ChallengeName: 'SELECT_CHALLENGE',
      ChallengeParameters: {},
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
      Session: this.openSession('SELECT_CHALLENGE', user, clientId),
    };
  }

  /**
   * SOFTWARE_TOKEN_MFA: the TOTP code that completes a password sign-in. A wrong code keeps the session for
   * another try (up to MAX_MFA_ATTEMPTS); a right one spends it.
   */
  private async softwareTokenMfa(
    responses: Record<string, string>,
    sessionId: string | undefined,
    clientId: string,
    metadata: Record<string, string>,
  ): Promise<AuthResponse> {
    const { session, pending, user } = this.takeSession(sessionId, ['SOFTWARE_TOKEN_MFA'], clientId);
    const login = required(responses, 'USERNAME');
    const code = required(responses, 'SOFTWARE_TOKEN_MFA_CODE');
    if (this.pool.findByLogin(login) !== user) throw invalidSession();
    try {
      this.pool.consumeTotpCode(user, code);
    } catch (error) {
      if (error instanceof CognitoError && error.type === 'CodeMismatchException') {
        pending.failedAttempts += 1;
        if (pending.failedAttempts >= MAX_MFA_ATTEMPTS) this.sessions.delete(session);
      }
      throw error;
    }
    this.spend(session);
    return this.issueTokens(user, clientId, metadata);
  }

  /** MFA_SETUP answered with the session VerifySoftwareToken returned: TOTP is now the user's (preferred) MFA. */
  private async mfaSetup(
    responses: Record<string, string>,
    sessionId: string | undefined,
    clientId: string,
    metadata: Record<string, string>,
  ): Promise<AuthResponse> {
    const { session, user } = this.takeSession(sessionId, ['MFA_SETUP_VERIFIED'], clientId);
    if (this.pool.findByLogin(required(responses, 'USERNAME')) !== user) throw invalidSession();
    this.pool.setSoftwareTokenPreference(user, true, true);
    this.pool.save();
    this.spend(session);
    return this.issueTokens(user, clientId, metadata);
  }

  /** Runs once the password is proven: the user's status decides between tokens and a follow-up challenge. */
  private async finishSignIn(
    user: StoredUser,
    clientId: string,
    metadata: Record<string, string> = {},
    source: TokenSource = 'TokenGeneration_Authentication',
  ): Promise<AuthResponse> {
    switch (user.status) {
      case 'UNCONFIRMED':
        throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
      case 'RESET_REQUIRED':
        throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
      case 'FORCE_CHANGE_PASSWORD': {
        if ((user.temporaryPasswordExpiresAt ?? Infinity) < Date.now()) {
          throw new CognitoError('NotAuthorizedException', 'Temporary password has expired and must be reset by an administrator.');
        }
        const { sub: _sub, ...visible } = user.attributes;
        return {
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          ChallengeParameters: {
            USER_ID_FOR_SRP: user.username,
            requiredAttributes: '[]',
            userAttributes: JSON.stringify(visible),
          },
          Session: this.openSession('NEW_PASSWORD_REQUIRED', user, clientId),
        };
      }
      case 'CONFIRMED':
        if (this.pool.totpRequired(user)) {
          const friendlyDeviceName = user.softwareToken?.friendlyDeviceName;
          return {
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            ChallengeParameters: {
              ...(friendlyDeviceName ? { FRIENDLY_DEVICE_NAME: friendlyDeviceName } : {}),
              USER_ID_FOR_SRP: user.username,
            },
            Session: this.openSession('SOFTWARE_TOKEN_MFA', user, clientId),
          };
        }
        if (this.pool.needsMfaSetup(user)) {
          return {
            ChallengeName: 'MFA_SETUP',
            ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(['SOFTWARE_TOKEN_MFA']), USER_ID_FOR_SRP: user.username },
            Session: this.openSession('MFA_SETUP', user, clientId),
          };
        }
        return this.issueTokens(user, clientId, metadata, source);
    }
  }

  private async issueTokens(
    user: StoredUser,
    clientId: string,
    metadata: Record<string, string> = {},
    source: TokenSource = 'TokenGeneration_Authentication',
  ): Promise<AuthResponse> {
    return { ChallengeParameters: {}, AuthenticationResult: await this.pool.startSession(user, clientId, source, metadata) };
  }

  // ---- in-memory challenge sessions ----------------------------------------------------------------------

  private openSession(purpose: SessionPurpose, user: StoredUser, clientId: string): string {
    this.prune();
    const id = randomBytes(96).toString('base64url');
    this.sessions.set(id, {
      purpose,
      username: user.username,
      clientId,
      expiresAt: Date.now() + CHALLENGE_TTL_MS,
      failedAttempts: 0,
    });
    return id;
  }

  /** `clientId` is left out by the operations that carry no ClientId (Associate/VerifySoftwareToken). */
  private takeSession(
    sessionId: string | undefined,
    purposes: readonly SessionPurpose[],
    clientId?: string,
  ): { session: string; pending: PendingSession; user: StoredUser } {
    const pending = sessionId ? this.sessions.get(sessionId) : undefined;
    if (sessionId && !pending && (this.spentSessions.get(sessionId) ?? 0) >= Date.now()) throw usedSession();
    if (
      !sessionId ||
      !pending ||
      !purposes.includes(pending.purpose) ||
      (clientId !== undefined && pending.clientId !== clientId) ||
      pending.expiresAt < Date.now()
    ) {
      throw invalidSession();
    }
    const user = this.pool.state.users[pending.username];
    if (!user) throw invalidSession();
    return { session: sessionId, pending, user };
  }

  /** A session answers one challenge only. */
  private spend(sessionId: string): void {
    const pending = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    if (pending) this.spentSessions.set(sessionId, pending.expiresAt);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, p] of this.pendingSrp) if (p.expiresAt < now) this.pendingSrp.delete(id);
    for (const [id, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(id);
    for (const [id, expiresAt] of this.spentSessions) if (expiresAt < now) this.spentSessions.delete(id);
  }
}

function required(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  }
  return value;
}

/** The app client setting each flow needs (Cognito checks ExplicitAuthFlows before the parameters). */
const ALLOWANCES: Record<string, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
};

/** Refuses a known flow the app client does not enable; unknown ones are left to the caller's "Unsupported". */
export function assertFlowEnabled(pool: UserPool, flow: string): void {
  const allowance = ALLOWANCES[flow];
  if (allowance) pool.assertAuthFlow(allowance, flow);
}
