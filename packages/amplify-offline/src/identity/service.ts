import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { CognitoError } from '../cognito/errors';
import type { RequestInput } from '../cognito/request-input';
import { trustsWebIdentity, type RoleSession } from '../iam/evaluate';
import type { IamRole } from '../iam/roles';
import type { IdentityStore, IssuedCredentials } from './credentials';
import type { IdentityPoolSettings } from './settings';

export interface IdentityPoolServiceOptions {
  identityPoolId: string;
  region: string;
  accountId: string;
  settings: IdentityPoolSettings;
  /** Every role of the app by ARN (with the policies attached to it). */
  roles: Map<string, IamRole>;
  store: IdentityStore;
  /** The user pool's public keys: ID tokens in Logins are verified against them. */
  jwks: Parameters<JwksCache['addJwks']>[1];
}

/** Who a set of temporary credentials belongs to, as AppSync and S3 see the caller. */
export interface CredentialSession extends RoleSession {
  credentials: IssuedCredentials;
  identityPoolId: string;
}

export type IdentityOperation = (input: RequestInput) => Promise<object>;

const notAuthorized = (message: string) => new CognitoError('NotAuthorizedException', message);

/**
 * Cognito Identity for the app's identity pool: the calls aws-amplify makes (GetId,
 * GetCredentialsForIdentity), with ID tokens verified, roles chosen as the pool's role mapping says,
 * each role's trust policy checked, and temporary credentials issued per identity.
 */
export class IdentityPoolService {
  private readonly verifiers = new Map<string, { verify(token: string): Promise<Record<string, unknown>> }>();

  constructor(private readonly options: IdentityPoolServiceOptions) {
    for (const provider of options.settings.providers) {
      const userPoolId = provider.providerName.slice(provider.providerName.indexOf('/') + 1);
      const verifier = CognitoJwtVerifier.create({ userPoolId, clientId: provider.clientId, tokenUse: 'id' });
      verifier.cacheJwks(options.jwks);
      this.verifiers.set(provider.providerName, verifier);
    }
  }

  get operations(): Record<string, IdentityOperation> {
    return {
      GetId: (input) => this.getId(input),
      GetCredentialsForIdentity: (input) => this.getCredentialsForIdentity(input),
    };
  }

  /** The session behind an access key id issued here, or undefined for a key this pool never issued. */
  session(accessKeyId: string): CredentialSession | undefined {
    const credentials = this.options.store.credentials(accessKeyId);
    const role = credentials && this.options.roles.get(credentials.roleArn);
    if (!credentials || !role) return undefined;
    return {
      credentials,
      role,
      identityPoolId: this.options.identityPoolId,
      accountId: this.options.accountId,
      sessionArn: `arn:aws:sts::${this.options.accountId}:assumed-role/${role.name}/CognitoIdentityCredentials`,
      webIdentity: {
        'cognito-identity.amazonaws.com:sub': credentials.identityId,
        'cognito-identity.amazonaws.com:aud': this.options.identityPoolId,
      },
    };
  }

  private async getId(input: RequestInput): Promise<object> {
    const poolId = input.string('IdentityPoolId');
    if (poolId !== this.options.identityPoolId) throw new CognitoError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    const login = await this.login(input);
    if (!login) {
      this.requireGuestAccess();
      // As on AWS, every unauthenticated GetId creates an identity; clients keep theirs in storage.
      return { IdentityId: this.options.store.createIdentity(this.options.region, undefined) };
    }
    const existing = this.options.store.identityForLogin(login.provider, login.sub);
    return { IdentityId: existing ?? this.options.store.createIdentity(this.options.region, { provider: login.provider, sub: login.sub }) };
  }

  private async getCredentialsForIdentity(input: RequestInput): Promise<object> {
    const identityId = input.string('IdentityId');
    const identity = this.options.store.identity(identityId);
    if (!identity) throw new CognitoError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    const login = await this.login(input);
    const { settings } = this.options;
    let roleArn: string | undefined;
    let servedId = identityId;
    if (login) {
      if (identity.login) {
        // An identity linked to a login is only reached with a valid token for that same login.
        if (login.provider !== identity.login.provider || login.sub !== identity.login.sub)
          throw notAuthorized(`Access to Identity '${identityId}' is forbidden.`);
      } else {
        // A guest who signs in: as on AWS, the login's own identity is used if it has one (the guest
        // identity merged into it), otherwise the guest identity becomes hers, linked to the login.
        servedId = this.options.store.identityForLogin(login.provider, login.sub) ?? identityId;
      }
      roleArn = this.authenticatedRole(login, input.optionalString('CustomRoleArn'));
    } else {
      if (identity.login) throw notAuthorized(`Access to Identity '${identityId}' is forbidden.`);
      this.requireGuestAccess();
      roleArn = settings.roles.unauthenticated;
    }
    const role = roleArn ? this.options.roles.get(roleArn) : undefined;
    if (!role) {
      throw new CognitoError('InvalidIdentityPoolConfigurationException', 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
    }
    if (role.permissionsBoundary) {
      throw new CognitoError(
        'InvalidIdentityPoolConfigurationException',
        `Role ${role.arn} has a permissions boundary, which amplify-offline does not evaluate.`,
      );
    }
    if (role.awsManagedPolicyArns.length > 0) {
      throw new CognitoError(
        'InvalidIdentityPoolConfigurationException',
        `Role ${role.arn} uses AWS-managed policies (${role.awsManagedPolicyArns.join(', ')}) whose documents are not in the app; amplify-offline cannot evaluate them.`,
      );
    }
    const amr = login ? ['authenticated', login.provider, `${login.provider}:CognitoSignIn:${login.sub}`] : ['unauthenticated'];
    if (!(await trustsWebIdentity(role, this.options.accountId, { identityPoolId: this.options.identityPoolId, identityId: servedId, amr }))) {
      throw new CognitoError(
        'InvalidIdentityPoolConfigurationException',
        `Invalid identity pool configuration: the trust policy of ${role.arn} does not let this identity assume it.`,
      );
    }
    // Linked only once the role may be assumed: a refused sign-in leaves the guest identity a guest.
    if (login && !identity.login && servedId === identityId) this.options.store.linkLogin(identityId, login);
    const credentials = this.options.store.issue({
      roleArn: role.arn,
      identityId: servedId,
      authenticated: Boolean(login),
      ...(login ? { login: { provider: login.provider, sub: login.sub } } : {}),
    });
    return {
      IdentityId: servedId,
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        // Cognito Identity's JSON protocol sends timestamps as epoch seconds.
        Expiration: Math.floor(credentials.expiresAt / 1000),
      },
    };
  }

  private requireGuestAccess(): void {
    if (!this.options.settings.allowUnauthenticatedIdentities) throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
  }

  /** The role for a signed-in user: the pool's Token role mapping (group roles in the ID token) or its authenticated role. */
  private authenticatedRole(login: VerifiedLogin, customRoleArn: string | undefined): string | undefined {
    const provider = this.options.settings.providers.find((candidate) => candidate.providerName === login.provider);
    const tokenRoles = Array.isArray(login.claims['cognito:roles']) ? (login.claims['cognito:roles'] as unknown[]).map(String) : [];
    const preferred = typeof login.claims['cognito:preferred_role'] === 'string' ? login.claims['cognito:preferred_role'] : undefined;
    if (provider?.roleMapping) {
      if (customRoleArn) {
        if (!tokenRoles.includes(customRoleArn)) throw notAuthorized(`The ID token does not grant role ${customRoleArn}.`);
        return customRoleArn;
      }
      if (preferred) return preferred;
      if (provider.roleMapping.ambiguousRoleResolution === 'Deny')
        throw notAuthorized('The ID token names no preferred role and the role mapping denies ambiguous roles.');
    }
    return this.options.settings.roles.authenticated;
  }

  /** The one login of a Logins map, its token verified against the user pool. */
  private async login(input: RequestInput): Promise<VerifiedLogin | undefined> {
    const entries = Object.entries(input.map('Logins'));
    if (entries.length === 0) return undefined;
    if (entries.length > 1) throw notAuthorized('Invalid login token. Only one login provider is configured for this identity pool.');
    const [[provider, token]] = entries as [[string, string]];
    const verifier = this.verifiers.get(provider);
    if (!verifier) throw notAuthorized(`Invalid login token. ${provider} is not a login provider of this identity pool.`);
    let claims: Record<string, unknown>;
    try {
      claims = await verifier.verify(token);
    } catch (error) {
      throw notAuthorized(`Invalid login token. ${error instanceof Error ? error.message : String(error)}`);
    }
    return { provider, sub: String(claims.sub), claims };
  }
}

interface VerifiedLogin {
  provider: string;
  sub: string;
  claims: Record<string, unknown>;
}
