import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { startCognitoEmulator, type CognitoEmulator } from '../src/cognito';

const SIGN_UP_PASSWORD = 'Pers1st-me-please!';
const ADMIN_PASSWORD = 'Adm1n-secret-word!';

const dataDirs: string[] = [];
const newDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-persist-'));
  dataDirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const clientFor = (emulator: CognitoEmulator): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({
    endpoint: emulator.url,
    region: emulator.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

async function jwks(emulator: CognitoEmulator): Promise<Jwks> {
  return (await (await fetch(emulator.jwksUrl)).json()) as Jwks;
}

async function signInWithPassword(sdk: CognitoIdentityProviderClient, emulator: CognitoEmulator, email: string, password: string) {
  const out = await sdk.send(
    new InitiateAuthCommand({
      ClientId: emulator.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  return out.AuthenticationResult as AuthenticationResultType;
}

describe('persistence across restarts', () => {
  it('keeps pool ids, signing key, users and sessions', async () => {
    const dataDir = newDataDir();
    const lines: string[] = [];
    const email = 'persist@example.com';

    const first = await startCognitoEmulator({ dataDir, region: 'eu-west-1', log: (l) => lines.push(l) });
    let sdk = clientFor(first);
    await sdk.send(
      new SignUpCommand({
        ClientId: first.userPoolClientId,
        Username: email,
        Password: SIGN_UP_PASSWORD,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    const code = /: (\d{6})$/.exec(lines.at(-1) ?? '')?.[1] ?? '';
    await sdk.send(new ConfirmSignUpCommand({ ClientId: first.userPoolClientId, Username: email, ConfirmationCode: code }));
    const tokens = await signInWithPassword(sdk, first, email, SIGN_UP_PASSWORD);
    const jwksBefore = await jwks(first);
    const { port } = new URL(first.url);
    sdk.destroy();
    await first.close();

    // Same dataDir (and port, as a dev restart would use): everything issued before must still be honoured.
    const second = await startCognitoEmulator({ dataDir, port: Number(port), log: (l) => lines.push(l) });
    sdk = clientFor(second);
    try {
      expect(second.url).toBe(first.url);
      expect(second.region).toBe('eu-west-1');
      expect(second.userPoolId).toBe(first.userPoolId);
      expect(second.userPoolClientId).toBe(first.userPoolClientId);
      expect(second.issuer).toBe(first.issuer);
      expect(await jwks(second)).toEqual(jwksBefore);

      const verifier = CognitoJwtVerifier.create({ userPoolId: second.userPoolId, clientId: second.userPoolClientId, tokenUse: 'id' });
      verifier.cacheJwks(await jwks(second));
      await expect(verifier.verify(tokens.IdToken ?? '')).resolves.toMatchObject({ email });

      const me = await sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
      expect(me.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(email);
      const refreshed = await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: second.userPoolClientId, RefreshToken: tokens.RefreshToken }));
      expect(refreshed.AuthenticationResult?.IdToken).toEqual(expect.any(String));

      const again = await signInWithPassword(sdk, second, email, SIGN_UP_PASSWORD);
      expect(again.AccessToken).toEqual(expect.any(String));
    } finally {
      sdk.destroy();
      await second.close();
    }
  });

  it('stores no password in clear and keeps the private key private', async () => {
    const dataDir = newDataDir();
    const lines: string[] = [];
    const emulator = await startCognitoEmulator({ dataDir, log: (l) => lines.push(l) });
    const sdk = clientFor(emulator);
    try {
      await sdk.send(
        new SignUpCommand({
          ClientId: emulator.userPoolClientId,
          Username: 'secret@example.com',
          Password: SIGN_UP_PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'secret@example.com' }],
        }),
      );
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: emulator.userPoolId,
          Username: 'admin@example.com',
          TemporaryPassword: 'Tempor4ry-word!',
          MessageAction: 'SUPPRESS',
        }),
      );
      await sdk.send(
        new AdminSetUserPasswordCommand({ UserPoolId: emulator.userPoolId, Username: 'admin@example.com', Password: ADMIN_PASSWORD, Permanent: true }),
      );
      expect((await signInWithPassword(sdk, emulator, 'admin@example.com', ADMIN_PASSWORD)).RefreshToken).toEqual(expect.any(String));
      const tokens = await signInWithPassword(sdk, emulator, 'admin@example.com', ADMIN_PASSWORD);

      const files = readdirSync(dataDir).sort();
      expect(files).toEqual(['cognito-signing-key.pem', 'cognito-state.json']); // no stray tmp files
      const state = readFileSync(join(dataDir, 'cognito-state.json'), 'utf8');
      expect(state).toContain('secret@example.com');
      for (const secret of [SIGN_UP_PASSWORD, 'Tempor4ry-word!', ADMIN_PASSWORD, tokens.RefreshToken ?? '']) {
        expect(state).not.toContain(secret);
      }
      const users = Object.values((JSON.parse(state) as { users: Record<string, { password: { salt: string; verifier: string } }> }).users);
      for (const user of users) {
        expect(user.password.salt).toMatch(/^[0-9a-f]+$/);
        expect(user.password.verifier).toMatch(/^[0-9a-f]{700,}$/);
      }
      expect(readFileSync(join(dataDir, 'cognito-signing-key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(statSync(join(dataDir, 'cognito-signing-key.pem')).mode & 0o077).toBe(0);
    } finally {
      sdk.destroy();
      await emulator.close();
    }
  });

  it('refuses to reuse a dataDir for another region', async () => {
    const dataDir = newDataDir();
    const emulator = await startCognitoEmulator({ dataDir, region: 'us-west-2', log: () => undefined });
    await emulator.close();
    await expect(startCognitoEmulator({ dataDir, region: 'us-east-1', log: () => undefined })).rejects.toThrow(/us-west-2/);
    const reopened = await startCognitoEmulator({ dataDir, log: () => undefined });
    expect(reopened.userPoolId).toBe(emulator.userPoolId);
    await reopened.close();
  });
});
