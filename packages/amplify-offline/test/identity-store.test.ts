import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS_LIFETIME_MS, IdentityStore } from '../src/identity/credentials';

const work = mkdtempSync(join(tmpdir(), 'identity-store-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the identity pool store', () => {
  it('keeps identities and unexpired credentials across a restart once flushed, and drops expired ones', () => {
    const file = join(work, 'identity-pool.json');
    const store = new IdentityStore(file);
    const identityId = store.createIdentity('us-east-1', { provider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', sub: 'sub-1' });
    const now = Date.now();
    const fresh = store.issue({ roleArn: 'arn:aws:iam::123456789012:role/auth', identityId, authenticated: true }, now);
    const stale = store.issue({ roleArn: 'arn:aws:iam::123456789012:role/auth', identityId, authenticated: true }, now - CREDENTIALS_LIFETIME_MS - 1000);
    store.flush();

    const restarted = new IdentityStore(file);
    expect(restarted.identityForLogin('cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', 'sub-1')).toBe(identityId);
    expect(restarted.credentials(fresh.accessKeyId)).toMatchObject({ secretAccessKey: fresh.secretAccessKey, sessionToken: fresh.sessionToken });
    expect(restarted.credentials(stale.accessKeyId)).toBeUndefined();
  });
});
