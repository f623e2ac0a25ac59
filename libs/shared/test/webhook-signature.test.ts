import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../src/webhooks.ts';

describe('webhook signatures', () => {
  const secret = 'a-secret-of-some-length';
  const body = '{"event":"episode.published"}';
  const at = new Date('2026-12-06T12:00:00Z');

  it('sign t=<unix seconds>,v1=<HMAC of "t.body"> and verify within the tolerance', () => {
    const header = signBody(secret, body, at);
    expect(header).toMatch(/^t=1796558400,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, 300, new Date(at.getTime() + 299_000))).toBe(true);
  });

  it('reject a changed body, another secret, a replay past the tolerance and a malformed header', () => {
    const header = signBody(secret, body, at);
    expect(verifySignature(secret, `${body} `, header, 300, at)).toBe(false);
    expect(verifySignature('another-secret-entirely', body, header, 300, at)).toBe(false);
    expect(verifySignature(secret, body, header, 300, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, body, header.replace(/^t=\d+/, 't=1796558401'), 300, at)).toBe(false);
    expect(verifySignature(secret, body, 'sha256=abc', 300, at)).toBe(false);
  });
});
