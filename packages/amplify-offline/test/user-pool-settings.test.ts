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
    expect(settings).toEqual({
      groups: ['EDITORS'],
      mfaMode: 'OFF',
      passwordPolicy: { minLength: 14, requireLowercase: false, requireUppercase: false, requireDigits: false, requireSymbols: true },
    });
  });
});
