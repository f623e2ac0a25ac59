// The downstream contract's events end to end: real Redis and Postgres, the real stage workers and webhook worker,
// subscribers on a local HTTP server. A re-drop that changes only metadata is announced as episode.updated, not
// episode.published; a reprocess that changes nothing as episode.reprocessed, to the subscribers that asked for it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { addWebhook, startWebhookWorker, webhookSecurity } from '@podpipe/control/webhooks';
import { registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { showFeedKey } from '@podpipe/publish/show-feed';
import { EVENT_SCHEMA_VERSION, verifySignature, type EpisodeEventBody } from '@podpipe/shared/webhooks';
import { useHarness } from './support/harness.ts';

// Loopback subscribers: private targets allowed, as PODPIPE_WEBHOOK_ALLOW_PRIVATE=1 does.
const h = useHarness({ workers: true, config: () => ({ secretKey: 'test-key-for-webhook-secrets-at-rest', webhookAllowPrivate: true }) });

interface Received {
  subscriber: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: EpisodeEventBody;
}
const received: Received[] = [];
let receiver: Server;
let base: string;
let deliveries: Worker;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push({ subscriber: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as EpisodeEventBody });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  deliveries = startWebhookWorker(h.rt);
});

afterAll(async () => {
  await deliveries?.close();
  await new Promise((r) => receiver?.close(r));
});

/** What one subscriber has heard about an episode, as `<generation>:<event>`. */
const heard = (subscriber: string, episodeId: string) =>
  received.filter((r) => r.subscriber === subscriber && r.body.episode.id === episodeId).map((r) => `${r.body.episode.generation}:${r.body.event}`);

describe('episode events end to end', () => {
  const secrets: Record<string, string> = {};
  let transcript: string;
  let episodeId: string;
  const meta = { show: 'Events Show', guid: 'events-show-001', title: 'Starters', hosts: ['Ana Ruiz'], pubDate: '2026-11-02T08:00:00Z' };

  it('announces the first publication to every subscriber', async () => {
    // `/default` takes the default events (no episode.reprocessed); `/all` opted in to every publication event.
    secrets['/default'] = (await addWebhook(h.rt.db, { url: `${base}/default` }, webhookSecurity(h.rt.config))).secret;
    secrets['/all'] = (await addWebhook(h.rt.db, { url: `${base}/all`, events: ['episode.published', 'episode.updated', 'episode.reprocessed'] }, webhookSecurity(h.rt.config))).secret;
    transcript = path.join(h.env.dataDir, 'starters.txt');
    writeFileSync(transcript, 'welcome back to the show. today we talk about sourdough starters, how to feed them and how to keep one alive through a long winter. our guest bakes every morning.');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: transcript, meta });
    episodeId = reg.episodeId;
    expect((await waitForEpisode(h.rt.db, episodeId, 1, { timeoutMs: 90_000 })).error).toBeNull();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(heard('/default', episodeId)).toEqual(['1:episode.published']);
    expect(heard('/all', episodeId)).toEqual(['1:episode.published']);
  });

  it('announces a re-drop with changed metadata only as episode.updated, signed and versioned', async () => {
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: transcript, meta: { ...meta, title: 'Keeping a starter alive', guests: ['Ben Okafor'], episode: 12 } });
    expect(reg).toMatchObject({ episodeId, generation: 2, created: false });
    expect((await waitForEpisode(h.rt.db, episodeId, 2, { timeoutMs: 90_000 })).error).toBeNull();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(4);
    for (const subscriber of ['/default', '/all']) {
      expect(heard(subscriber, episodeId)).toEqual(['1:episode.published', '2:episode.updated']);
      const hit = received.filter((r) => r.subscriber === subscriber).at(-1)!;
      expect(hit.headers['x-podpipe-event']).toBe('episode.updated');
      const signature = String(hit.headers['x-podpipe-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(secrets[subscriber]!, hit.raw, signature)).toBe(true);
      expect(verifySignature(secrets[subscriber === '/all' ? '/default' : '/all']!, hit.raw, signature)).toBe(false);
      expect(hit.body).toMatchObject({ schemaVersion: EVENT_SCHEMA_VERSION, event: 'episode.updated', episode: { id: episodeId, generation: 2, show: 'events-show', title: 'Keeping a starter alive', status: 'done' } });
      // The artifacts it lists are the new version's: episode.json names the new title.
      const doc = hit.body.artifacts.find((a) => a.kind === 'episode.json')!;
      expect(doc.url).toMatch(new RegExp(`^${h.rt.config.publicBaseUrl}/episodes/${episodeId}/v/[0-9a-f]{16}/episode\\.json$`));
      const published = JSON.parse((await h.rt.buckets.publish.getBytes(doc.url.slice(h.rt.config.publicBaseUrl.length + 1))).toString('utf8')) as Record<string, unknown>;
      expect(published).toMatchObject({ generation: 2, title: 'Keeping a starter alive', episodeNumber: 12 });
    }
    // The show's feed follows the metadata: one item, with the new title.
    const feed = (await h.rt.buckets.publish.getBytes(showFeedKey('events-show'))).toString('utf8');
    expect(feed.match(/<item>/g)).toHaveLength(1);
    expect(feed).toContain('<title>Keeping a starter alive</title>');
  });

  it('announces a reprocess that changes nothing as episode.reprocessed, only to the subscriber that opted in', async () => {
    await reprocessEpisodes(h.rt.db, { episodeIds: [episodeId] });
    h.rt.outbox.kick();
    expect((await waitForEpisode(h.rt.db, episodeId, 3, { timeoutMs: 90_000 })).error).toBeNull();
    await expect.poll(() => heard('/all', episodeId), { timeout: 15_000 }).toEqual(['1:episode.published', '2:episode.updated', '3:episode.reprocessed']);
    const hit = received.at(-1)!;
    expect(verifySignature(secrets['/all']!, hit.raw, String(hit.headers['x-podpipe-signature']))).toBe(true);
    // The default subscriber has no delivery for it at all, not one that is still on its way.
    const rows = await h.rt.db.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id').select(['w.url', 'd.event']).where('d.generation', '=', 3).execute();
    expect(rows).toEqual([{ url: `${base}/all`, event: 'episode.reprocessed' }]);
    expect(heard('/default', episodeId)).toEqual(['1:episode.published', '2:episode.updated']);
  });
});
