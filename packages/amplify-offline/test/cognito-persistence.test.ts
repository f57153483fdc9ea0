import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetTokensFromRefreshTokenCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { startCognitoEmulator } from '../src/cognito';
import { createUser, LocalUserPool, passwordSignIn, signUp, signUpAndConfirm } from './helpers/cognito';

const SIGN_UP_PASSWORD = 'Pers1st-me-please!';
const ADMIN_PASSWORD = 'Adm1n-secret-word!';

describe('persistence across restarts', () => {
  it('keeps pool ids, signing key, users and sessions', async () => {
    const email = 'persist@example.com';
    const pool = await LocalUserPool.start({ tmpPrefix: 'cognito-persist-', region: 'eu-west-1' });
    try {
      const first = pool.emulator;
      await signUpAndConfirm(pool, email, {}, SIGN_UP_PASSWORD);
      const tokens = await passwordSignIn(pool, email, SIGN_UP_PASSWORD);
      const jwksBefore = await pool.jwks();

      // Same dataDir (and port, as a dev restart would use), region not given: everything issued before must still be honoured.
      await pool.restart({ port: Number(new URL(first.url).port) });
      const second = pool.emulator;
      expect(second.url).toBe(first.url);
      expect(second.region).toBe('eu-west-1');
      expect(second.userPoolId).toBe(first.userPoolId);
      expect(second.userPoolClientId).toBe(first.userPoolClientId);
      expect(second.issuer).toBe(first.issuer);
      expect(await pool.jwks()).toEqual(jwksBefore);

      const verifier = CognitoJwtVerifier.create({ userPoolId: second.userPoolId, clientId: second.userPoolClientId, tokenUse: 'id' });
      verifier.cacheJwks(await pool.jwks());
      await expect(verifier.verify(tokens.IdToken)).resolves.toMatchObject({ email });

      const me = await pool.sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
      expect(me.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(email);
      const refreshed = await pool.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: second.userPoolClientId, RefreshToken: tokens.RefreshToken }));
      expect(refreshed.AuthenticationResult?.IdToken).toEqual(expect.any(String));

      const again = await passwordSignIn(pool, email, SIGN_UP_PASSWORD);
      expect(again.AccessToken).toEqual(expect.any(String));
    } finally {
      await pool.close();
    }
  });

  it('stores no password in clear and keeps the private key private', async () => {
    const pool = await LocalUserPool.start({ tmpPrefix: 'cognito-persist-' });
    try {
      await signUp(pool, 'secret@example.com', {}, SIGN_UP_PASSWORD);
      await createUser(pool, 'admin@example.com', { temporaryPassword: 'Tempor4ry-word!', password: ADMIN_PASSWORD });
      expect((await passwordSignIn(pool, 'admin@example.com', ADMIN_PASSWORD)).RefreshToken).toEqual(expect.any(String));
      const tokens = await passwordSignIn(pool, 'admin@example.com', ADMIN_PASSWORD);

      const dataDir = pool.dataDir;
      const files = readdirSync(dataDir).sort();
      expect(files).toEqual(['admin-credentials.json', 'cognito-signing-key.pem', 'cognito-state.json']); // no stray tmp files
      const state = readFileSync(join(dataDir, 'cognito-state.json'), 'utf8');
      expect(state).toContain('secret@example.com');
      for (const secret of [SIGN_UP_PASSWORD, 'Tempor4ry-word!', ADMIN_PASSWORD, tokens.RefreshToken]) {
        expect(state).not.toContain(secret);
      }
      const users = Object.values((JSON.parse(state) as { users: Record<string, { password: { salt: string; verifier: string } }> }).users);
      for (const user of users) {
        expect(user.password.salt).toMatch(/^[0-9a-f]+$/);
        expect(user.password.verifier).toMatch(/^[0-9a-f]{700,}$/);
      }
      expect(readFileSync(join(dataDir, 'cognito-signing-key.pem'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(statSync(join(dataDir, 'cognito-signing-key.pem')).mode & 0o077).toBe(0);
      // The admin API's secret too, and it is the one the pool checks signatures against.
      expect(statSync(join(dataDir, 'admin-credentials.json')).mode & 0o077).toBe(0);
      expect(JSON.parse(readFileSync(join(dataDir, 'admin-credentials.json'), 'utf8'))).toEqual(pool.emulator.adminCredentials);
    } finally {
      await pool.close();
    }
  });

  it('refuses to reuse a dataDir for another region', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cognito-persist-'));
    try {
      const emulator = await startCognitoEmulator({ dataDir, region: 'us-west-2', log: () => undefined });
      await emulator.close();
      await expect(startCognitoEmulator({ dataDir, region: 'us-east-1', log: () => undefined })).rejects.toThrow(/us-west-2/);
      const reopened = await startCognitoEmulator({ dataDir, log: () => undefined });
      expect(reopened.userPoolId).toBe(emulator.userPoolId);
      await reopened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
