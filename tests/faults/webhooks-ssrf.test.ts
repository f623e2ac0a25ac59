// Webhooks are no SSRF channel: loopback, private, link-local (cloud metadata) and obfuscated addresses are refused
// at subscription and at delivery; redirects are not followed; secrets are stored encrypted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWebhook, deliverWebhook, parseWebhookUrl, webhookSecurity } from '@podpipe/control/webhooks';
import { blockedRange } from '@podpipe/shared/net-guard';
import { decryptSecret, secretKeyFrom } from '@podpipe/shared/secrets';
import { useHarness } from '../support/harness.ts';
import { insertEpisodeRow } from '@podpipe/shared/testing/episode-row';

const KEY = 'a-webhook-secret-key-of-32-or-more-chars';
const h = useHarness({ workers: false, config: () => ({ secretKey: KEY }) });
const strict = () => webhookSecurity(h.rt.config);
const lenient = () => ({ ...webhookSecurity(h.rt.config), allowPrivate: true });

let local: Server;
let hits = 0;
beforeAll(async () => {
  local = createServer((req, res) => {
    hits++;
    if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else res.writeHead(204).end();
  });
  await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise((r) => local?.close(r)));
const localUrl = (p: string) => `http://127.0.0.1:${(local.address() as AddressInfo).port}${p}`;

describe('blockedRange', () => {
  it('lets only public unicast through', () => {
    expect(blockedRange('93.184.216.34')).toBeUndefined();
    expect(blockedRange('2606:4700::1111')).toBeUndefined();
    expect(['127.0.0.1', '10.1.2.3', '192.168.0.1', '169.254.169.254', '224.0.0.1', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '100.100.100.200'].map(blockedRange)).toEqual([
      'loopback',
      'private',
      'private',
      'linkLocal',
      'multicast',
      'unspecified',
      'loopback',
      'uniqueLocal',
      'linkLocal',
      'loopback',
      'carrierGradeNat',
    ]);
  });
});

describe('addWebhook', () => {
  it.each([
    ['http://127.0.0.1:6390/', /127\.0\.0\.1 \(loopback\)/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 \(linkLocal\)/],
    ['http://[::1]:5432/', /::1 \(loopback\)/],
    ['http://0x7f000001/', /127\.0\.0\.1 \(loopback\)/],
    ['http://localhost:6379/', /resolves to .* \(loopback\)/],
    ['http://10.0.0.7/hook', /\(private\)/],
  ])('refuses %s', async (url, reason) => {
    await expect(addWebhook(h.rt.db, { url }, strict())).rejects.toThrow(reason);
  });

  it('says what is wrong with a bad URL in words', async () => {
    await expect(addWebhook(h.rt.db, { url: '[' }, strict())).rejects.toThrow('not a URL: "[" (expected http://host/path or https://host/path)');
    expect(() => parseWebhookUrl('ftp://example.com/x')).toThrow('webhook URLs must be http or https, not ftp');
    expect(() => parseWebhookUrl('https://user:pw@example.com/x')).toThrow(/must not carry a user name or password/);
  });

  it('stores the secret encrypted under PODPIPE_SECRET_KEY, and it signs deliveries as handed out', async () => {
    const { id, secret } = await addWebhook(h.rt.db, { url: localUrl('/ok') }, lenient());
    const row = await h.rt.db.selectFrom('webhooks').select('secret').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(secret);
    expect(row.secret).toMatch(/^v1:/);
    expect(decryptSecret(secretKeyFrom(KEY), row.secret)).toBe(secret);
    expect(() => decryptSecret(secretKeyFrom('another-key-that-is-also-32-chars-long'), row.secret)).toThrow(/not the key it was stored under/);
  });
});

describe('deliverWebhook', () => {
  async function delivery(url: string) {
    const episode = await insertEpisodeRow(h.rt.db, { status: 'done' });
    const { id } = await addWebhook(h.rt.db, { url }, lenient());
    return h.rt.db
      .insertInto('webhook_deliveries')
      .values({ webhook_id: id, event: 'episode.published', episode_id: episode.id, generation: 1, payload: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const lastError = async (id: string) => (await h.rt.db.selectFrom('webhook_deliveries').select('last_error').where('id', '=', id).executeTakeFirstOrThrow()).last_error;

  it('checks the address again when it delivers (a target that turned private is not contacted)', async () => {
    const d = await delivery(localUrl('/ok'));
    const before = hits;
    await expect(deliverWebhook(h.rt.db, d.id, { number: 1, last: false }, strict())).rejects.toThrow(/127\.0\.0\.1 \(loopback\)/);
    expect(hits).toBe(before);
    expect(await lastError(d.id)).toMatch(/webhooks may only reach public addresses/);
  });

  it('checks names at connect time too', async () => {
    const d = await delivery(`http://localhost:${(local.address() as AddressInfo).port}/ok`);
    const before = hits;
    await expect(deliverWebhook(h.rt.db, d.id, { number: 1, last: false }, strict())).rejects.toThrow(/localhost resolves to .* \(loopback\)/);
    expect(hits).toBe(before);
  });

  it('does not follow redirects', async () => {
    const d = await delivery(localUrl('/redirect'));
    await expect(deliverWebhook(h.rt.db, d.id, { number: 1, last: false }, lenient())).rejects.toThrow(/HTTP 302 \(redirects are not followed\)/);
  });
});
