import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lifecycleRules } from '../src/s3/settings';
import { BucketStore } from '../src/s3/store';

const work = mkdtempSync(join(tmpdir(), 's3-lifecycle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const day = 24 * 60 * 60 * 1000;

test('rules from the template: enabled expirations and multipart aborts by prefix; disabled and storage-class-only rules do nothing', () => {
  const rules = lifecycleRules('bucket', [
    { Id: 'raw', Status: 'Enabled', Prefix: 'uploads/', ExpirationInDays: 1 },
    { Id: 'parts', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
    { Id: 'filtered', Status: 'Enabled', Filter: { Prefix: 'logs/' }, ExpirationInDays: 30 },
    { Id: 'off', Status: 'Disabled', ExpirationInDays: 1 },
    { Id: 'cold', Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }] },
  ]);
  expect(rules).toEqual([
    { id: 'raw', prefix: 'uploads/', expirationDays: 1 },
    { id: 'parts', prefix: '', abortMultipartDays: 2 },
    { id: 'filtered', prefix: 'logs/', expirationDays: 30 },
  ]);
});

test('a rule the local S3 cannot apply is refused by name, not skipped', () => {
  expect(() =>
    lifecycleRules('bucket', [{ Id: 'tagged', Status: 'Enabled', Filter: { TagFilters: [{ Key: 'a', Value: 'b' }] }, ExpirationInDays: 1 }]),
  ).toThrow('Bucket bucket: lifecycle rule "tagged" uses Filter.TagFilters');
  expect(() => lifecycleRules('bucket', [{ Id: 'dated', Status: 'Enabled', ExpirationDate: '2030-01-01' }])).toThrow('uses ExpirationDate');
});

test('objects under the prefix expire after their days; others, and younger ones, stay; stale multipart uploads are aborted', () => {
  const store = new BucketStore(join(work, 'bucket'));
  store.put('uploads/a/raw', Buffer.from('raw'), {});
  store.put('media/a/kept.jpg', Buffer.from('kept'), {});
  const upload = store.createUpload('media/a/big.jpg', {});
  store.putPart(upload, 1, Buffer.alloc(10));
  const rules = lifecycleRules('bucket', [
    { Id: 'raw', Status: 'Enabled', Prefix: 'uploads/', ExpirationInDays: 1 },
    { Id: 'parts', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
  ]);

  expect(store.applyLifecycle(rules, Date.now() + day / 2)).toEqual({ expired: [], aborted: [] });
  expect(store.applyLifecycle(rules, Date.now() + day + 1000)).toEqual({ expired: ['uploads/a/raw'], aborted: ['media/a/big.jpg'] });
  expect(store.keys()).toEqual(['media/a/kept.jpg']);
  expect(store.upload(upload, 'media/a/big.jpg')).toBeUndefined();
  // And it stays so across a restart.
  expect(new BucketStore(join(work, 'bucket')).keys()).toEqual(['media/a/kept.jpg']);
});
