import { createHmac } from 'node:crypto';
import { REVALIDATION_MAX_AGE_MS, signRevalidation, verifyRevalidation } from './revalidation';

const secret = 'a-shared-secret-of-enough-length';
const now = new Date('2026-11-26T12:00:00.000Z');

describe('revalidation requests from the backend', () => {
  it('accepts a request signed with the shared secret and hands back its cache tags', () => {
    const { body, signature } = signRevalidation(secret, ['home', 'post:dahlias', 'tag:garden', 'author:ann-okafor'], now);
    expect(verifyRevalidation(secret, body, signature, new Date(now.getTime() + 1000))).toEqual({
      ok: true,
      tags: ['home', 'post:dahlias', 'tag:garden', 'author:ann-okafor'],
    });
  });

  it('refuses another secret, a missing or malformed signature, and a changed body', () => {
    const { body, signature } = signRevalidation(secret, ['home'], now);
    expect(verifyRevalidation('another-secret', body, signature, now)).toMatchObject({ ok: false, status: 401 });
    expect(verifyRevalidation(secret, body, null, now)).toMatchObject({ ok: false, status: 401 });
    expect(verifyRevalidation(secret, body, 'sha256=zz', now)).toMatchObject({ ok: false, status: 401 });
    expect(verifyRevalidation(secret, body.replace('home', 'feed'), signature, now)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a request older than five minutes (or from far in the future)', () => {
    const { body, signature } = signRevalidation(secret, ['home'], now);
    expect(verifyRevalidation(secret, body, signature, new Date(now.getTime() + REVALIDATION_MAX_AGE_MS + 1))).toMatchObject({ ok: false, status: 401 });
    expect(verifyRevalidation(secret, body, signature, new Date(now.getTime() - REVALIDATION_MAX_AGE_MS - 1))).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses malformed tags and bodies, even when signed', () => {
    for (const tags of [['/'], ['post:../../x'], ['home', 'x'.repeat(300)], Array.from({ length: 501 }, () => 'home')]) {
      const { body, signature } = signRevalidation(secret, tags, now);
      expect(verifyRevalidation(secret, body, signature, now)).toMatchObject({ ok: false });
    }
    const notJson = 'not json';
    expect(verifyRevalidation(secret, notJson, `sha256=${createHmac('sha256', secret).update(notJson).digest('hex')}`, now)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('revalidates the tags it knows when a newer backend also sends one it does not (deploys update the backend first)', () => {
    const { body, signature } = signRevalidation(secret, ['home', 'neighbours', 'shelf:winter', 'post:dahlias'], now);
    expect(verifyRevalidation(secret, body, signature, now)).toEqual({ ok: true, tags: ['home', 'neighbours', 'post:dahlias'] });
  });

  it('refuses an oversized body before computing anything', () => {
    expect(verifyRevalidation(secret, 'x'.repeat(70 * 1024), 'sha256=' + '0'.repeat(64), now)).toMatchObject({ ok: false, status: 413 });
  });
});
