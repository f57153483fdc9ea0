import type { CloudAssembly } from '../src';
import { userPoolSettings } from '../src/user-pool-settings';

/** Just enough of a cloud assembly: one stack whose resources are given. */
function assemblyWith(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): CloudAssembly {
  const stack = { name: 'auth', resources };
  return { root: { walk: () => [stack] } } as unknown as CloudAssembly;
}
const pool = (properties: Record<string, unknown>) => assemblyWith({ UserPool: { Type: 'AWS::Cognito::UserPool', Properties: properties } });

describe('the user pool as the app declares it', () => {
  it('has MFA off unless the pool turns it on, as Gen 2 does', () => {
    expect(userPoolSettings(pool({})).mfaMode).toBe('OFF');
    expect(userPoolSettings(pool({ MfaConfiguration: 'OFF' })).mfaMode).toBe('OFF');
  });

  it('offers TOTP as the pool configures it: OPTIONAL stays optional, ON is required', () => {
    expect(userPoolSettings(pool({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] })).mfaMode).toBe('OPTIONAL');
    expect(userPoolSettings(pool({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] })).mfaMode).toBe('REQUIRED');
  });

  it('refuses, by resource and factor, a second factor that cannot be delivered offline', () => {
    expect(() => userPoolSettings(pool({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'] }))).toThrow(
      'auth/UserPool: SMS_MFA multi-factor sign-in cannot be served offline (only TOTP, SOFTWARE_TOKEN_MFA, is emulated).',
    );
    expect(() => userPoolSettings(pool({ MfaConfiguration: 'ON', EnabledMfas: ['EMAIL_OTP'] }))).toThrow(/EMAIL_OTP multi-factor/);
  });

  it('refuses an MFA setting computed at deploy time', () => {
    expect(() => userPoolSettings(pool({ MfaConfiguration: { 'Fn::If': ['IsProd', 'ON', 'OFF'] } }))).toThrow(
      'auth/UserPool: MfaConfiguration is computed at deploy time, which amplify-offline cannot serve.',
    );
  });

  it('reads groups and the password policy beside it', () => {
    const settings = userPoolSettings(
      assemblyWith({
        UserPool: { Type: 'AWS::Cognito::UserPool', Properties: { Policies: { PasswordPolicy: { MinimumLength: 14, RequireSymbols: true } } } },
        Editors: { Type: 'AWS::Cognito::UserPoolGroup', Properties: { GroupName: 'EDITORS' } },
      }),
    );
    expect(settings).toMatchObject({
      groups: ['EDITORS'],
      mfaMode: 'OFF',
      passwordPolicy: { minLength: 14, requireLowercase: false, requireUppercase: false, requireDigits: false, requireSymbols: true },
    });
  });

  it('reads the sign-in attributes, schema and recovery of a pool of chosen usernames', () => {
    const { signIn } = userPoolSettings(
      pool({
        AliasAttributes: ['email', 'preferred_username'],
        AutoVerifiedAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: true },
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        AccountRecoverySetting: {
          RecoveryMechanisms: [
            { Name: 'verified_email', Priority: 2 },
            { Name: 'verified_phone_number', Priority: 1 },
          ],
        },
        Schema: [
          { Name: 'email', Mutable: true, Required: true },
          { Name: 'birthdate', Mutable: false, Required: true },
          { Name: 'team', AttributeDataType: 'String', Mutable: false },
        ],
      }),
    );
    expect(signIn).toEqual({
      usernameAttributes: [],
      aliasAttributes: ['email', 'preferred_username'],
      caseSensitive: true,
      autoVerifiedAttributes: ['email'],
      recovery: ['phone_number', 'email'],
      requiredAttributes: ['email', 'birthdate'],
      immutableAttributes: ['birthdate', 'custom:team'],
      customAttributes: ['custom:team'],
      keepOriginal: ['email'],
    });
  });

  it("takes Gen 2's phone sign-in as declared, and Cognito's recovery default when none is", () => {
    const { signIn } = userPoolSettings(
      pool({ UsernameAttributes: ['phone_number'], AutoVerifiedAttributes: ['phone_number'], UsernameConfiguration: { CaseSensitive: false } }),
    );
    expect(signIn).toMatchObject({ usernameAttributes: ['phone_number'], caseSensitive: false, recovery: ['phone_number', 'email'] });
    // Without UsernameConfiguration, Cognito's (and CDK's) default: case-sensitive usernames.
    expect(userPoolSettings(pool({})).signIn.caseSensitive).toBe(true);
    expect(userPoolSettings(pool({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } })).signIn.recovery).toEqual([]);
  });

  it('refuses sign-in settings it cannot know or does not serve, naming the resource', () => {
    expect(() => userPoolSettings(pool({ UsernameAttributes: { Ref: 'Attributes' } }))).toThrow(
      'auth/UserPool: UsernameAttributes is computed at deploy time, which amplify-offline cannot serve.',
    );
    expect(() => userPoolSettings(pool({ AliasAttributes: ['nickname'] }))).toThrow(
      'auth/UserPool: AliasAttributes nickname is not an attribute amplify-offline knows.',
    );
  });

  it("reads the app client's token lifetimes in their units, with Cognito's defaults", () => {
    const client = (properties: Record<string, unknown>) =>
      userPoolSettings(assemblyWith({ Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: properties } })).tokenLifetimes;
    expect(client({})).toEqual({ accessTokenSeconds: 3600, idTokenSeconds: 3600, refreshTokenSeconds: 30 * 86400 });
    expect(client({ AccessTokenValidity: 2, IdTokenValidity: 3, RefreshTokenValidity: 7 })).toEqual({
      accessTokenSeconds: 7200,
      idTokenSeconds: 10800,
      refreshTokenSeconds: 7 * 86400,
    });
    expect(
      client({
        AccessTokenValidity: 5,
        IdTokenValidity: 15,
        RefreshTokenValidity: 60,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      }),
    ).toEqual({ accessTokenSeconds: 300, idTokenSeconds: 900, refreshTokenSeconds: 3600 });
    expect(() =>
      userPoolSettings(
        assemblyWith({
          A: { Type: 'AWS::Cognito::UserPoolClient', Properties: {} },
          B: { Type: 'AWS::Cognito::UserPoolClient', Properties: {} },
        }),
      ),
    ).toThrow('The app declares 2 user pool clients; amplify-offline serves the one Gen 2 creates.');
  });

  it("reads the app client's auth flows, legacy names as what they allow, and Cognito's default when none are declared", () => {
    const flows = (properties: Record<string, unknown>) =>
      userPoolSettings(assemblyWith({ Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: properties } })).authFlows;
    expect(flows({})).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(flows({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ADMIN_NO_SRP_AUTH'] })).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH']);
  });
});
