// The operator's web app over HTTP against real Postgres and Redis: every BullMQ state on the page, archive search
// over corrected and raw transcripts, actions with their audit lines. (The browser test drives the same app.)
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FlowProducer, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '@podpipe/control/server';
import { addWebhook, webhookSecurity } from '@podpipe/control/webhooks';
import { registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { workerConnection } from '@podpipe/shared/queues';
import { saveTranscript } from '@podpipe/shared/transcript-store';
import { recordEpisodeEvent } from '@podpipe/shared/webhooks';
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

const json = async <T>(url: string, init?: RequestInit) => (await (await fetch(`${base}${url}`, init)).json()) as T;
const post = (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function transcriptEpisode(name: string, meta: Record<string, unknown>) {
  const file = path.join(h.env.dataDir, `${name}.txt`);
  writeFileSync(file, `placeholder words for the raw file of ${name}`);
  return registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta });
}

describe('dashboard', () => {
  it('shows every BullMQ state: waiting, prioritized, waiting-children, delayed, active, failed, completed', async () => {
    const queue = h.rt.queues.segment;
    const connection = workerConnection(h.env.redisUrl);
    const worker = new Worker('segment', null, { connection, prefix: h.env.queuePrefix, autorun: false });
    const flows = new FlowProducer({ connection: workerConnection(h.env.redisUrl), prefix: h.env.queuePrefix });
    try {
      for (const id of ['s-completed', 's-failed', 's-active']) await queue.add('x', {}, { jobId: id });
      const completed = (await worker.getNextJob('t1'))!;
      await completed.moveToCompleted('ok', 't1', false);
      const failed = (await worker.getNextJob('t2'))!;
      await failed.moveToFailed(new Error('boom'), 't2');
      await worker.getNextJob('t3'); // stays active
      await queue.add('x', {}, { jobId: 's-waiting' });
      await queue.add('x', {}, { jobId: 's-prioritized', priority: 5 });
      await queue.add('x', {}, { jobId: 's-delayed', delay: 60_000 });
      await flows.add({ name: 'parent', queueName: 'segment', opts: { jobId: 's-parent' }, children: [{ name: 'child', queueName: 'publish', opts: { jobId: 'p-child' } }] });

      const rows = await json<{ queue: string; counts: Record<string, number> }[]>('/api/queues');
      expect(rows.map((r) => r.queue)).toEqual(expect.arrayContaining(['ingest', 'segment', 'publish', 'webhooks']));
      expect(rows.find((r) => r.queue === 'segment')!.counts).toEqual({ waiting: 1, prioritized: 1, 'waiting-children': 1, delayed: 1, active: 1, failed: 1, completed: 1 });
      const html = await (await fetch(`${base}/ui/queues`)).text();
      for (const state of ['waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'failed', 'completed']) {
        expect(html).toContain(`<th>${state}</th>`);
        expect(html).toMatch(new RegExp(`<tr data-queue="segment">.*<td data-state="${state}">1</td>`, 's'));
      }
    } finally {
      await worker.close(true);
      await flows.close();
      connection.disconnect();
      await queue.obliterate({ force: true });
      await h.rt.queues.publish.obliterate({ force: true });
    }
  });

  it('shows a reprocessed episode waiting in prioritized, with its show, in the pipeline view and its filters', async () => {
    const reg = await transcriptEpisode('prio', { show: 'Dash Show', title: 'Waiting behind new work' });
    await reprocessEpisodes(h.rt.db, { episodeIds: [reg.episodeId], background: true });
    h.rt.outbox.kick();
    await until(() => h.rt.queues.ingest.getJob(`ingest.${reg.episodeId}.g2`));
    type Page = { total: number; rows: { id: string; show: string; status: string; stages: { stage: string; state: string }[] }[] };
    const page = await json<Page>('/api/pipeline?show=dash-show');
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ id: reg.episodeId, show: 'Dash Show', status: 'queued' });
    expect(page.rows[0]!.stages[0]).toEqual({ stage: 'ingest', state: 'prioritized', attempt: 1 });
    expect(page.rows[0]!.stages.slice(1).every((s) => s.state === 'not reached')).toBe(true);
    expect((await json<Page>('/api/pipeline?status=done')).rows.some((r) => r.id === reg.episodeId)).toBe(false);
    const html = await (await fetch(`${base}/?show=dash-show`)).text();
    expect(html).toContain(`data-episode="${reg.episodeId}"`);
    expect(html).toMatch(/<td class="stage prioritized" data-stage="ingest" data-state="prioritized"/);
    expect(html).toContain('hx-get="/ui/pipeline?show=dash-show&amp;page=1&amp;size=25"');
    expect((await fetch(`${base}/ui/pipeline?page=0`)).status).toBe(400);
    expect((await fetch(`${base}/assets/htmx.min.js`)).headers.get('content-type')).toMatch(/javascript/);
    await h.rt.queues.ingest.obliterate({ force: true });
  });

  it('finds what the raw transcript heard as well as the corrected text, once per episode, with the time in the audio', async () => {
    const reg = await transcriptEpisode('robots', { show: 'Dash Show', title: 'Robots that learn' });
    const raw = 'so today we talked with peter erbil about robots that learn'.split(' ').map((text, i) => ({ text, start: 100 + i, end: 100.8 + i }));
    await saveTranscript(h.rt.db, { episodeId: reg.episodeId, version: 'raw', words: raw, edits: null, timing: 'provider', contentHash: 'r' });
    const corrected = ['So', 'today', 'we', 'talked', 'with', 'Pieter Abbeel', 'about', 'robots', 'that', 'learn.'].map((text, i) => ({
      text,
      start: 100 + (i < 6 ? i : i + 1),
      end: 100.8 + (i < 6 ? i : i + 1),
      from: (i < 5 ? [i, i + 1] : i === 5 ? [5, 7] : [i + 1, i + 2]) as [number, number],
    }));
    await saveTranscript(h.rt.db, { episodeId: reg.episodeId, version: 'corrected', words: corrected, edits: [], timing: 'provider', contentHash: 'c' });

    type Hit = { episodeId: string; show: string; matched: string; atSec: number; snippet: string };
    const heard = await json<Hit[]>('/api/search?q=erbil');
    expect(heard).toEqual([expect.objectContaining({ episodeId: reg.episodeId, show: 'Dash Show', matched: 'raw', atSec: 105 })]);
    expect(heard[0]!.snippet).toContain('<b>erbil</b>');
    expect(await json<Hit[]>('/api/search?q=Abbeel')).toEqual([expect.objectContaining({ episodeId: reg.episodeId, matched: 'corrected', atSec: 105 })]);
    const both = await json<Hit[]>('/api/search?q=robots');
    expect(both.map((x) => x.episodeId)).toEqual([reg.episodeId]);
    expect(both[0]!.atSec).toBe(108);

    const page = await (await fetch(`${base}/search?q=erbil`)).text();
    expect(page).toContain(`href="/episodes/${reg.episodeId}?t=105#t=105"`);
    expect(page).toContain('heard in the raw transcript');
    // Transcript text is escaped: only the search marks are HTML.
    await saveTranscript(h.rt.db, { episodeId: reg.episodeId, version: 'raw', words: [{ text: '<script>erbil</script>', start: 0, end: 1 }], edits: null, timing: 'provider', contentHash: 'r2' });
    expect(await (await fetch(`${base}/search?q=erbil`)).text()).not.toContain('<script>');
  });

  it('reprocesses from a stage, retries a failed episode, and writes an audit line for each', async () => {
    const reg = await transcriptEpisode('acts', { title: 'Acted upon', guests: 'not a list' }); // bad metadata: failed at ingest
    expect((await post(`/api/episodes/${reg.episodeId}/retry`)).status).toBe(202);
    expect((await post(`/api/episodes/${reg.episodeId}/retry`)).status).toBe(409); // queued now, not failed
    const res = await post(`/api/episodes/${reg.episodeId}/reprocess`, { fromStage: 'segment', force: true });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ episodeId: reg.episodeId, generation: 3 });
    const outbox = await h.rt.db.selectFrom('outbox').select(['queue', 'job_id']).where('job_id', 'like', `%${reg.episodeId}%`).orderBy('id').execute();
    expect(outbox.map((o) => o.job_id)).toEqual([`ingest.${reg.episodeId}.g2`, `segment.${reg.episodeId}.g3`]);
    expect((await post(`/api/episodes/${reg.episodeId}/reprocess`, { fromStage: 'nowhere' })).status).toBe(400);

    // From the page (htmx): a line of outcome and an event that refreshes the audit list.
    const fromPage = await fetch(`${base}/api/episodes/${reg.episodeId}/reprocess`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'HX-Request': 'true' },
      body: JSON.stringify({ fromStage: 'publish', force: '' }),
    });
    expect(fromPage.headers.get('hx-trigger')).toBe('audit-changed');
    expect(await fromPage.text()).toContain('Reprocessing from publish: generation 4 queued');

    const audit = await json<{ actor: string; action: string; details: Record<string, unknown> }[]>(`/api/episodes/${reg.episodeId}/audit`);
    expect(audit.map((a) => [a.action, a.actor, a.details.fromStage])).toEqual([
      ['reprocess', 'dashboard', 'publish'],
      ['reprocess', 'api', 'segment'],
      ['retry', 'api', 'ingest'],
    ]);
    const page = await (await fetch(`${base}/ui/episodes/${reg.episodeId}/live`)).text();
    expect(page).toContain('reprocess from segment (force) → generation 3 by api');
    expect((await fetch(`${base}/episodes/${reg.episodeId}`)).status).toBe(200);
    expect((await fetch(`${base}/episodes/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('redelivers a failed webhook and shows its last error on the episode page', async () => {
    const reg = await transcriptEpisode('hooked', { title: 'Hooked' });
    await addWebhook(h.rt.db, { url: 'http://127.0.0.1:9/hook' }, webhookSecurity({ secretKey: 'a-secret-key-for-the-dashboard-tests-0123456789', webhookAllowPrivate: true }));
    await h.rt.db.transaction().execute((trx) => recordEpisodeEvent(trx, { episodeId: reg.episodeId, generation: 1, event: 'episode.failed' }));
    const delivery = await h.rt.db.selectFrom('webhook_deliveries').select('id').where('episode_id', '=', reg.episodeId).executeTakeFirstOrThrow();
    await h.rt.db.updateTable('webhook_deliveries').set({ status: 'failed', attempts: 14, last_error: 'connect ECONNREFUSED 127.0.0.1:9' }).where('id', '=', delivery.id).execute();
    expect(await (await fetch(`${base}/episodes/${reg.episodeId}`)).text()).toContain('connect ECONNREFUSED 127.0.0.1:9');

    expect((await post(`/api/deliveries/${delivery.id}/redeliver`)).status).toBe(202);
    expect(await h.rt.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'last_error']).where('id', '=', delivery.id).executeTakeFirst()).toEqual({
      status: 'pending',
      attempts: 0,
      last_error: null,
    });
    expect(await h.rt.queues.webhooks.getJobState(`webhook.${delivery.id}`)).toBe('waiting');
    const audit = await json<{ action: string; details: { url: string } }[]>(`/api/episodes/${reg.episodeId}/audit`);
    expect(audit[0]).toMatchObject({ action: 'redeliver-webhook', details: { url: 'http://127.0.0.1:9/hook' } });
    await h.rt.queues.webhooks.obliterate({ force: true });
  });

  it("edits a show's glossary: add, list with counts and where learned, remove", async () => {
    const reg = await transcriptEpisode('gloss', { show: 'Glossy', title: 'Taught a name' });
    const show = await h.rt.db.selectFrom('shows').select('id').where('slug', '=', 'glossy').executeTakeFirstOrThrow();
    await h.rt.db.insertInto('glossary_sightings').values({ show_id: show.id, term: 'Andrej Karpathy', heard: 'andre carpathy', kind: 'person', episode_id: reg.episodeId, occurrences: 3 }).execute();
    await h.rt.db.insertInto('glossary').values({ show_id: show.id, term: 'Andrej Karpathy', heard: 'andre carpathy', kind: 'person', count: 3 }).execute();

    const added = await post('/api/shows/glossy/glossary', { term: 'Pieter Abbeel', heard: 'Peter Erbil', kind: 'person' });
    expect(added.status).toBe(201);
    type Entry = { term: string; heard: string; count: number; byHand: boolean; learnedFrom: { episodeId: string; occurrences: number }[] };
    const list = await json<Entry[]>('/api/shows/glossy/glossary');
    expect(list).toEqual([
      { term: 'Andrej Karpathy', heard: 'andre carpathy', kind: 'person', count: 3, byHand: false, learnedFrom: [{ episodeId: reg.episodeId, title: 'Taught a name', occurrences: 3 }] },
      { term: 'Pieter Abbeel', heard: 'peter erbil', kind: 'person', count: 1, byHand: true, learnedFrom: [] },
    ]);
    const page = await (await fetch(`${base}/shows/glossy`)).text();
    expect(page).toContain('Taught a name</a> (3)');

    const del = (body: unknown) => fetch(`${base}/api/shows/glossy/glossary`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const removed = await del({ term: 'Andrej Karpathy', heard: 'andre carpathy' });
    expect(removed.status).toBe(200);
    expect((await json<Entry[]>('/api/shows/glossy/glossary')).map((e) => e.term)).toEqual(['Pieter Abbeel']);
    expect(await h.rt.db.selectFrom('glossary_sightings').select('term').where('show_id', '=', show.id).execute()).toEqual([]);
    expect((await del({ term: 'nothing' })).status).toBe(404);
    expect((await fetch(`${base}/api/shows/glossy/glossary?term=nothing`, { method: 'DELETE' })).status).toBe(415); // JSON only (CSRF rule)
    const fromPage = await post('/api/shows/glossy/glossary/remove', { term: 'Pieter Abbeel', heard: 'peter erbil' }, { 'HX-Request': 'true' });
    expect(fromPage.headers.get('hx-refresh')).toBe('true');
    expect(await json<Entry[]>('/api/shows/glossy/glossary')).toEqual([]);
    expect((await post('/api/shows/nope/glossary', { term: 'X' })).status).toBe(404);
    const shows = await json<{ slug: string; glossary: number }[]>('/api/shows');
    expect(shows.find((s) => s.slug === 'glossy')).toMatchObject({ glossary: 0, episodes: 1 });
    const audit = await h.rt.db.selectFrom('audit_log').select(['action', 'actor']).where('show_id', '=', show.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'glossary-add', actor: 'api' },
      { action: 'glossary-remove', actor: 'api' },
      { action: 'glossary-remove', actor: 'dashboard' },
    ]);
  });

  it('flags stuck episodes: an active job whose worker is gone, and an in-flight episode no queue holds', async () => {
    type Stuck = { id: string; reason: string };
    // Its worker took the ingest job a minute ago and vanished without a word (its connection dropped).
    const dead = await transcriptEpisode('dead-worker', { title: 'Worker died' });
    await h.rt.db.deleteFrom('outbox').where('job_id', '=', `ingest.${dead.episodeId}.g1`).execute();
    await h.rt.queues.ingest.obliterate({ force: true }); // earlier tests' jobs, and this one if already pushed: ours must be the next taken
    await h.rt.queues.ingest.add('ingest', { episodeId: dead.episodeId, generation: 1 }, { jobId: `ingest.${dead.episodeId}.g1` });
    const connection = workerConnection(h.env.redisUrl);
    const worker = new Worker('ingest', null, { connection, prefix: h.env.queuePrefix, autorun: false });
    const job = (await worker.getNextJob('gone'))!;
    expect(job.id).toBe(`ingest.${dead.episodeId}.g1`);
    await h.rt.redis.hset(h.rt.queues.ingest.toKey(job.id!), 'processedOn', String(Date.now() - 60_000));
    await worker.close(true); // leaves its job active, lock and all
    connection.disconnect();
    await h.rt.db.updateTable('episodes').set({ status: 'processing', stage: 'ingest' }).where('id', '=', dead.episodeId).execute();

    // Processing for five minutes, with no job in any queue and nothing left to hand over.
    const orphan = await transcriptEpisode('orphan', { title: 'Lost its job' });
    await h.rt.db.deleteFrom('outbox').where('job_id', 'like', `%${orphan.episodeId}%`).execute();
    await h.rt.queues.ingest.remove(`ingest.${orphan.episodeId}.g1`); // in case the dispatcher pushed it first
    await h.rt.db.updateTable('episodes').set({ status: 'processing', stage: 'segment', updated_at: new Date(Date.now() - 300_000) }).where('id', '=', orphan.episodeId).execute();

    const stuck = await until(async () => {
      const list = (await json<{ stuck: Stuck[] }>('/api')).stuck;
      return list.some((e) => e.id === dead.episodeId) ? list : undefined;
    });
    expect(stuck.find((e) => e.id === dead.episodeId)!.reason).toMatch(/^no live worker on the ingest queue; its job has been active 6\d s/);
    expect(stuck.find((e) => e.id === orphan.episodeId)!.reason).toMatch(/^no job in any queue for 30\d s while the episode is in flight/);
    expect(await json<Stuck[]>('/api/stuck')).toEqual(stuck);
    expect(Number(/^podpipe_episodes_stuck (\d+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1])).toBe(stuck.length);

    const page = await json<{ rows: { id: string; stuck?: string }[] }>('/api/pipeline?status=stuck');
    expect(page.rows.map((r) => r.id).sort()).toEqual(stuck.map((e) => e.id).sort());
    const html = await (await fetch(`${base}/?status=stuck`)).text();
    expect(html).toMatch(new RegExp(`data-episode="${dead.episodeId}" data-status="processing" data-stuck="true"`));
    expect(html).toContain('stuck: no live worker on the ingest queue');
    await h.rt.queues.ingest.obliterate({ force: true });
  });
});
