// Downstream events: a subscriber hears about published and failed episodes, signed, and an unreachable
// subscriber is retried until it answers. Real Redis and Postgres; the subscriber is a local HTTP server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { addWebhook, deliverWebhook, listWebhooks, removeWebhook, startWebhookWorker, webhookSecurity } from '@podpipe/control/webhooks';
import { registerEpisode } from '@podpipe/ingest/register';
import { serve } from '@podpipe/control/server';
import { verifySignature, type EpisodeEventBody } from '@podpipe/shared/webhooks';
import { useHarness } from './support/harness.ts';

// The subscriber listens on loopback: private targets are allowed here, as PODPIPE_WEBHOOK_ALLOW_PRIVATE=1 does.
const h = useHarness({ workers: true, config: () => ({ secretKey: 'test-key-for-webhook-secrets-at-rest', webhookAllowPrivate: true }) });
const security = () => webhookSecurity(h.rt.config);

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: EpisodeEventBody;
}
const received: Received[] = [];
/** Answers 503 to the first `failFirst` requests, then 204. */
let failFirst = 0;
let subscriber: Server;
let url: string;
let deliveries: Worker;

beforeAll(async () => {
  subscriber = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(503).end();
        return;
      }
      received.push({ url: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as EpisodeEventBody });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => subscriber.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(subscriber.address() as AddressInfo).port}/hooks/podpipe`;
  deliveries = startWebhookWorker(h.rt);
});

afterAll(async () => {
  await deliveries?.close();
  await new Promise((r) => subscriber?.close(r));
});

async function drop(name: string, text: string, meta: object) {
  const file = path.join(h.env.dataDir, `${name}.txt`);
  writeFileSync(file, text);
  return registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta });
}

describe('webhooks', () => {
  let secret: string;
  let hookId: string;

  it('posts a signed episode.published event with every artifact URL once the episode is published', async () => {
    ({ id: hookId, secret } = await addWebhook(h.rt.db, { url }, security()));
    const reg = await drop('ep1', 'welcome to the show today we talk about bread and sourdough starters', { show: 'Bread Talk', title: 'Sourdough' });
    await waitForEpisode(h.rt.db, reg.episodeId, reg.generation, { timeoutMs: 60_000 });
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    const [hit] = received;
    expect(hit!.headers['x-podpipe-event']).toBe('episode.published');
    expect(verifySignature(secret, hit!.raw, String(hit!.headers['x-podpipe-signature']))).toBe(true);
    expect(hit!.body.episode).toMatchObject({ id: reg.episodeId, generation: 1, show: 'bread-talk', title: 'Sourdough', status: 'done', error: null });
    expect(hit!.body.artifacts.map((a) => a.kind)).toEqual(expect.arrayContaining(['transcript.json', 'transcript.vtt', 'chapters.json', 'feed-item.xml']));
    expect(hit!.body.artifacts.every((a) => a.url.startsWith(`${h.rt.config.publicBaseUrl}/episodes/${reg.episodeId}/`) && a.sha256.length === 64)).toBe(true);
    const row = () => h.rt.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'response_status']).executeTakeFirstOrThrow();
    await expect.poll(row, { timeout: 5_000 }).toEqual({ status: 'delivered', attempts: 1, response_status: 204 });
  });

  it('tells the show-only subscriber nothing about other shows, and reports failed episodes', async () => {
    await addWebhook(h.rt.db, { url: `${url}?only=bread-talk`, show: 'bread-talk', events: ['episode.failed'] }, security());
    const reg = await drop('bad', 'this one has broken metadata', { show: 'Bread Talk', guests: 'not a list' });
    expect(reg.error).toMatch(/invalid episode metadata/);
    // A failure inside the pipeline: a transcript with no words is bad input, failed at once.
    const bad = await drop('empty', '   ', { show: 'Bread Talk', title: 'Nothing' });
    const failed = await waitForEpisode(h.rt.db, bad.episodeId, bad.generation, { timeoutMs: 60_000 });
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ingest: /) });
    // The catch-all subscription hears both failures; the show's own one only the episode known to be the show's
    // (metadata that does not parse names no show).
    await expect.poll(() => received.filter((r) => r.body.event === 'episode.failed').length, { timeout: 10_000 }).toBe(3);
    const failures = received.filter((r) => r.body.event === 'episode.failed');
    expect(failures.filter((r) => r.url.endsWith('?only=bread-talk')).map((r) => r.body.episode.id)).toEqual([bad.episodeId]);
    const metaFailure = failures.find((r) => r.body.episode.id === reg.episodeId)!;
    expect(metaFailure.body.episode.error).toMatch(/invalid episode metadata/);
    const hit = failures.find((r) => r.body.episode.id === bad.episodeId)!;
    expect(hit.body.episode).toMatchObject({ id: bad.episodeId, status: 'failed', error: failed.error });
    expect(hit.body.artifacts).toEqual([]);
  });

  it('retries a subscriber that is down until it answers, recording each failed attempt', async () => {
    failFirst = 1;
    const before = received.length;
    const reg = await drop('ep2', 'second episode about rye bread and what makes a crust', { show: 'Bread Talk', title: 'Rye' });
    await waitForEpisode(h.rt.db, reg.episodeId, reg.generation, { timeoutMs: 60_000 });
    const row = () => h.rt.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'last_error']).where('episode_id', '=', reg.episodeId).executeTakeFirstOrThrow();
    await expect.poll(async () => (await row()).attempts, { timeout: 10_000 }).toBe(1);
    expect(await row()).toEqual({ status: 'pending', attempts: 1, last_error: 'HTTP 503' });
    // BullMQ's backoff would wait 10 s; promote the retry now.
    const job = (await h.rt.queues.webhooks.getDelayed())[0]!;
    await job.promote();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(async () => (await row()).status, { timeout: 5_000 }).toBe('delivered');
    expect((await row()).attempts).toBe(2);
  });

  it('marks a delivery failed after its last attempt, and never sends a removed subscription', async () => {
    const [first] = await h.rt.db.selectFrom('webhook_deliveries').select('id').orderBy('created_at').execute();
    // Delivered deliveries are never sent twice.
    expect(await deliverWebhook(h.rt.db, first!.id, { number: 9, last: true }, security())).toBe('skipped');
    const { id } = await addWebhook(h.rt.db, { url: 'http://127.0.0.1:9/nothing-listens-here' }, security());
    const lonelyEpisode = (await h.rt.db.selectFrom('episodes').select('id').executeTakeFirstOrThrow()).id;
    const lonely = await h.rt.db
      .insertInto('webhook_deliveries')
      .values({ webhook_id: id, event: 'episode.published', episode_id: lonelyEpisode, generation: 99, payload: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(deliverWebhook(h.rt.db, lonely.id, { number: 14, last: true }, security())).rejects.toThrow(/webhook http:\/\/127\.0\.0\.1:9/);
    expect(await h.rt.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('id', '=', lonely.id).executeTakeFirstOrThrow()).toEqual({ status: 'failed', attempts: 14 });
    const server = await serve(h.rt, 0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const hooks = (await (await fetch(`${base}/api/webhooks`)).json()) as { id: string; delivered: number }[];
      expect(hooks.find((w) => w.id === hookId)?.delivered).toBe(4);
      const episode = (await (await fetch(`${base}/api/episodes/${lonelyEpisode}`)).json()) as { webhookDeliveries: { status: string; last_error: string }[] };
      expect(episode.webhookDeliveries).toContainEqual(expect.objectContaining({ status: 'failed', last_error: expect.stringContaining('ECONNREFUSED') }));
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await removeWebhook(h.rt.db, hookId)).toBe(true);
    expect((await listWebhooks(h.rt.db)).map((w) => w.id)).not.toContain(hookId);
  });
});
