// The operator service over HTTP against real Postgres and Redis: errors reach the dashboard, the API answers.
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEpisode } from '@podpipe/ingest/register';
import { createApp, serve } from '@podpipe/control/server';
import { saveTranscript } from '@podpipe/shared/transcript-store';
import { useHarness } from './support/harness.ts';

const h = useHarness({ workers: false });
let server: Server;
let base: string;

beforeAll(async () => {
  server = await serve(h.rt, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe('operator service', () => {
  let episodeId: string;

  it('shows an episode whose drop was bad, with its error, on the dashboard', async () => {
    const transcript = path.join(h.env.dataDir, 'ep.txt');
    writeFileSync(transcript, 'hello and welcome to the show');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: transcript, meta: { title: 'Bad <meta>', guests: 'Ana' } });
    episodeId = reg.episodeId;
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(episodeId);
    expect(html).toContain('invalid episode metadata: guests');
    expect(html).toMatch(/<h2>Queues<\/h2>/);
    expect(html).toContain('<td>webhooks</td>');
    expect(html).toContain('no subscriptions');
  });

  it('lists and describes episodes as JSON, validating ids', async () => {
    const list = (await (await fetch(`${base}/api/episodes?status=failed`)).json()) as { id: string; status: string }[];
    expect(list.map((e) => e.id)).toEqual([episodeId]);
    const one = (await (await fetch(`${base}/api/episodes/${episodeId}`)).json()) as { status: string; stageRuns: unknown[] };
    expect(one.status).toBe('failed');
    expect(one.stageRuns).toEqual([]);
    expect((await fetch(`${base}/api/episodes/not-a-uuid`)).status).toBe(400);
    expect((await fetch(`${base}/api/episodes/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${base}/api/episodes?limit=9999`)).status).toBe(400);
  });

  it('queues a reprocess request through the outbox', async () => {
    const res = await fetch(`${base}/api/episodes/${episodeId}/reprocess`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ episodeId, generation: 2 });
    const deadline = Date.now() + 10_000;
    let waiting = 0;
    while (Date.now() < deadline && !(waiting = await h.rt.queues.ingest.getWaitingCount())) await new Promise((r) => setTimeout(r, 50));
    expect(waiting).toBe(1);
    const job = (await h.rt.queues.ingest.getWaiting())[0]!;
    expect(job.data).toEqual({ episodeId, generation: 2, force: false, background: false });
  });

  it('serves published files from the publish bucket, with their type', async () => {
    await h.rt.buckets.publish.putBytes('episodes/x/1/transcript.vtt', 'WEBVTT\n');
    const res = await fetch(`${base}/files/episodes/x/1/transcript.vtt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await res.text()).toBe('WEBVTT\n');
    expect((await fetch(`${base}/files/episodes/x/1/missing.json`)).status).toBe(404);
    expect((await fetch(`${base}/files/episodes/x`)).status).toBe(404); // a folder is not a file
  });

  it('answers health probes and exposes Prometheus metrics of queues, episodes and stage runs', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ postgres: 'ok', redis: 'ok' });
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('podpipe_episodes{status="failed"}')).toBe(0); // reprocessed above: queued again
    expect(value('podpipe_episodes{status="queued"}')).toBe(1);
    expect(value('podpipe_queue_jobs{queue="ingest",state="waiting"}')).toBe(1);
    expect(value('podpipe_queue_oldest_waiting_seconds{queue="ingest"}')).toBeGreaterThanOrEqual(0);
    expect(value('podpipe_queue_oldest_waiting_seconds{queue="segment"}')).toBe(0);
    expect(value('podpipe_queue_jobs{queue="webhooks",state="waiting"}')).toBe(0);
    expect(value('podpipe_webhook_deliveries{status="failed"}')).toBe(0);
    expect(text).toMatch(/^podpipe_control_process_cpu_user_seconds_total /m);

    // The oldest waiting job's age, not the newest's: one job a minute old, then a fresh one.
    await h.rt.queues.segment.add('segment', {}, { jobId: 'metrics-old', timestamp: Date.now() - 60_000 });
    await h.rt.queues.segment.add('segment', {}, { jobId: 'metrics-new' });
    const again = await (await fetch(`${base}/metrics`)).text();
    const age = Number(/^podpipe_queue_oldest_waiting_seconds\{queue="segment"\} (\S+)$/m.exec(again)?.[1]);
    expect(age).toBeGreaterThanOrEqual(59);
    expect(age).toBeLessThan(120);
    await h.rt.queues.segment.obliterate({ force: true });
  });

  it('asks for the operator token when one is configured, except for probes and published files', async () => {
    const token = 'a-long-operator-secret-123';
    const app = createApp({ ...h.rt, config: { ...h.rt.config, operatorToken: token } });
    const guarded = await new Promise<Server>((resolve) => {
      const srv = app.listen(0, () => resolve(srv));
    });
    try {
      const at = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
      expect((await fetch(`${at}/healthz`)).status).toBe(200);
      expect((await fetch(`${at}/files/episodes/x/1/transcript.vtt`)).status).toBe(200);
      for (const route of ['/', '/api/episodes', '/metrics', '/queues']) {
        const res = await fetch(`${at}${route}`);
        expect(res.status, route).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="podpipe"/);
      }
      expect((await fetch(`${at}/api/episodes`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const basic = `Basic ${Buffer.from(`operator:${token}`).toString('base64')}`;
      expect((await fetch(`${at}/`, { headers: { authorization: basic } })).status).toBe(200);
      expect((await fetch(`${at}/api/episodes`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    } finally {
      await new Promise((r) => guarded.close(r));
    }
  });

  it('serves Bull Board', async () => {
    const res = await fetch(`${base}/queues`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
  });

  it('searches corrected transcripts', async () => {
    const file = path.join(h.env.dataDir, 'search.txt');
    writeFileSync(file, 'today we talk about sourdough starters and the science of fermentation');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta: { title: 'Bread science' } });
    await saveTranscript(h.rt.db, {
      episodeId: reg.episodeId,
      version: 'corrected',
      words: [{ text: 'Fermenting', start: 0, end: 1, from: [0, 1] }, { text: 'sourdough', start: 1, end: 2, from: [1, 2] }, { text: 'starters.', start: 2, end: 3, from: [2, 3] }],
      edits: [],
      timing: 'estimated',
      contentHash: 'x',
    });
    const hits = (await (await fetch(`${base}/api/search?q=fermented%20starter`)).json()) as { episodeId: string; title: string; snippet: string }[];
    expect(hits).toEqual([expect.objectContaining({ episodeId: reg.episodeId, title: 'Bread science' })]);
    expect(hits[0]!.snippet).toContain('<b>starters</b>');
    expect((await fetch(`${base}/api/search?q=x`)).status).toBe(400);
  });
});
