// The operator service is safe by default: loopback bind, no token-less public bind, CSRF and oversized bodies
// refused, security headers, Bull Board read-only without a token.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, serve } from '@podpipe/control/server';
import { useHarness } from '../support/harness.ts';

const h = useHarness({ workers: false });
const TOKEN = 'a-long-enough-operator-token';
let open: Server;
let guarded: Server;
let openBase: string;
let guardedBase: string;

const listen = (app: ReturnType<typeof createApp>) =>
  new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
const baseOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  open = await serve(h.rt, 0);
  openBase = baseOf(open);
  guarded = await listen(createApp({ ...h.rt, config: { ...h.rt.config, operatorToken: TOKEN } }));
  guardedBase = baseOf(guarded);
});

afterAll(async () => {
  await new Promise((r) => open?.close(r));
  await new Promise((r) => guarded?.close(r));
});

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

describe('binding', () => {
  it('listens on loopback only by default: a connection to the machine\'s other address is refused', async () => {
    const port = (open.address() as AddressInfo).port;
    expect((open.address() as AddressInfo).address).toBe('127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const external = externalAddress();
    if (!external) return; // a machine with loopback only has nothing else to try
    await expect(fetch(`http://${external}:${port}/healthz`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
  });

  it('refuses to start on a public address without a token, in one line that says what to do', async () => {
    await expect(serve(h.rt, 0, '0.0.0.0')).rejects.toThrow(/^refusing to serve on 0\.0\.0\.0 without PODPIPE_OPERATOR_TOKEN: set a token .*HOST=127\.0\.0\.1/);
    const withToken = await serve({ ...h.rt, config: { ...h.rt.config, operatorToken: TOKEN } }, 0, '0.0.0.0');
    await new Promise((r) => withToken.close(r));
  });
});

describe('state-changing requests', () => {
  const episodeUrl = (base: string) => `${base}/api/episodes/${crypto.randomUUID()}/reprocess`;

  it('refuses a CSRF-style text/plain POST and a cross-site JSON one', async () => {
    const plain = await fetch(episodeUrl(openBase), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"force":true}' });
    expect(plain.status).toBe(415);
    const form = await fetch(episodeUrl(openBase), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'force=true' });
    expect(form.status).toBe(415);
    const crossSite = await fetch(episodeUrl(openBase), { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    const sameSite = await fetch(episodeUrl(openBase), { method: 'POST', headers: { 'content-type': 'application/json', origin: openBase }, body: '{}' });
    expect(sameSite.status).toBe(404); // got through to the handler: no such episode
  });

  it('answers an oversized body with 413, and only after the token', async () => {
    const big = JSON.stringify({ force: false, pad: 'x'.repeat(200_000) });
    const anonymous = await fetch(episodeUrl(guardedBase), { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(anonymous.status).toBe(401);
    const operator = await fetch(episodeUrl(guardedBase), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: big });
    expect(operator.status).toBe(413);
    expect(await operator.json()).toEqual({ error: 'request body too large (limit 100 kB)' });
  });
});

describe('headers and Bull Board', () => {
  it('sends CSP and framing headers, and no X-Powered-By', async () => {
    const res = await fetch(`${openBase}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('mounts Bull Board read-only without a token: pausing a queue is refused', async () => {
    const res = await fetch(`${openBase}/queues/api/queues/ingest/pause`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await h.rt.queues.ingest.isPaused()).toBe(false);
    const withToken = await fetch(`${guardedBase}/queues/api/queues/ingest/pause`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: '{}' });
    expect(withToken.status).toBe(200);
    expect(await h.rt.queues.ingest.isPaused()).toBe(true);
    await h.rt.queues.ingest.resume();
  });
});
