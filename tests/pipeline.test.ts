// The stages wired through real BullMQ queues on Redis and a real Postgres, in one process.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import { waitForEpisode } from '@podpipe/control/episodes';
import { pipelineMetrics } from '@podpipe/control/metrics';
import { BACKGROUND_PRIORITY, STAGES } from '@podpipe/shared/jobs';
import { runStage } from '@podpipe/shared/stage';
import { useHarness } from './support/harness.ts';

const sample = path.resolve(__dirname, '../examples/sample');
const sampleMeta = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(sample, 'episode.meta.json'), 'utf8')));

const h = useHarness({ workers: true });

/** Waits until the outbox has handed the episode's ingest job of this generation to BullMQ. */
async function waitForJob(episodeId: string, generation: number) {
  const deadline = Date.now() + 10_000;
  while (!(await h.rt.queues.ingest.getJob(`ingest.${episodeId}.g${generation}`)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

async function rowCounts(episodeId: string) {
  const count = async (table: 'transcripts' | 'chapters' | 'summaries' | 'quotes' | 'artifacts') =>
    Number((await h.rt.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('episode_id', '=', episodeId).executeTakeFirstOrThrow()).n);
  return {
    transcripts: await count('transcripts'),
    chapters: await count('chapters'),
    summaries: await count('summaries'),
    quotes: await count('quotes'),
    artifacts: await count('artifacts'),
  };
}

describe('pipeline', () => {
  let episodeId: string;

  it('takes an episode with audio from drop to published artifacts', async () => {
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: path.join(sample, 'episode.mp3'), transcriptPath: path.join(sample, 'episode.txt'), meta: sampleMeta });
    expect(reg).toMatchObject({ created: true, generation: 1, error: null });
    episodeId = reg.episodeId;
    const episode = await waitForEpisode(h.rt.db, episodeId, 1, { timeoutMs: 220_000 });
    expect(episode.error).toBeNull();
    expect(episode.status).toBe('done');
    expect(episode.duration_sec).toBeGreaterThan(240);
    const runs = await h.rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', episodeId).orderBy('id').execute();
    expect(runs).toEqual(STAGES.map((stage) => ({ stage, status: 'done' })));
    const counts = await rowCounts(episodeId);
    expect(counts).toMatchObject({ transcripts: 3, summaries: 1, artifacts: 9 }); // 8 files + the published audio
    expect(counts.chapters).toBeGreaterThan(0);
    // Pushed hand-offs are marked sent in batches a moment after the push (outbox.ts), so a fast last stage can
    // finish before its hand-off's mark lands: every row must be marked within a few seconds, not at once.
    const unsent = async () => (await h.rt.db.selectFrom('outbox').select(['queue', 'sent_at']).execute()).filter((o) => o.sent_at === null);
    const markDeadline = Date.now() + 5_000;
    while ((await unsent()).length && Date.now() < markDeadline) await new Promise((r) => setTimeout(r, 100));
    expect(await unsent()).toEqual([]);
  }, 240_000);

  it('re-running a finished stage replaces its rows instead of duplicating them', async () => {
    const before = await rowCounts(episodeId);
    const outcome = await runStage(STAGE_DEFINITIONS.segment, h.rt, { episodeId, generation: 1, force: true }, { attemptsMade: 0, id: 'manual' });
    expect(outcome).toBe('done');
    expect(await rowCounts(episodeId)).toEqual(before);
  });

  it('reprocessing unchanged content skips every stage by fingerprint and keeps the same rows', async () => {
    const before = await rowCounts(episodeId);
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: path.join(sample, 'episode.mp3'), transcriptPath: path.join(sample, 'episode.txt'), meta: sampleMeta });
    expect(reg).toMatchObject({ episodeId, created: false, generation: 2 });
    const episode = await waitForEpisode(h.rt.db, episodeId, 2, { timeoutMs: 60_000 });
    expect(episode.status).toBe('done');
    const runs = await h.rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', episodeId).where('generation', '=', 2).orderBy('id').execute();
    expect(runs).toEqual(STAGES.map((stage) => ({ stage, status: 'skipped' })));
    expect(await rowCounts(episodeId)).toEqual(before);
    expect(await h.rt.db.selectFrom('episodes').select('id').execute()).toHaveLength(1);
  });

  it('ignores a job from an older request', async () => {
    const outcome = await runStage(STAGE_DEFINITIONS.ingest, h.rt, { episodeId, generation: 1, force: true }, { attemptsMade: 0, id: 'stale' });
    expect(outcome).toBe('stale');
  });

  it('fails an episode with unreadable audio at once, with the reason stored on it', async () => {
    const bogus = path.join(h.env.dataDir, 'not-audio.mp3');
    writeFileSync(bogus, 'this is not an mp3 file at all');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: bogus, transcriptPath: path.join(sample, 'episode.txt'), meta: {} });
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 1, { timeoutMs: 30_000 });
    expect(episode.status).toBe('failed');
    expect(episode.stage).toBe('ingest');
    expect(episode.error).toMatch(/^ingest: audio is unreadable/);
    const runs = await h.rt.db.selectFrom('stage_runs').select(['status', 'attempt']).where('episode_id', '=', reg.episodeId).execute();
    expect(runs).toEqual([{ status: 'failed', attempt: 1 }]); // bad input is not retried
  });

  it('keeps a drop with invalid metadata as a failed episode instead of losing it', async () => {
    const transcript = path.join(h.env.dataDir, 'meta-bad.txt');
    writeFileSync(transcript, 'a short transcript about nothing in particular');
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: transcript, meta: { hosts: 'not a list' } });
    expect(reg.error).toMatch(/invalid episode metadata: hosts/);
    const episode = await h.rt.db.selectFrom('episodes').selectAll().where('id', '=', reg.episodeId).executeTakeFirstOrThrow();
    expect(episode).toMatchObject({ status: 'failed' });
    expect(await h.rt.buckets.ingest.exists(episode.transcript_key!)).toBe(true);
  });
});

describe('recovery after losing Redis', () => {
  it('re-requests every unfinished episode from Postgres alone and finishes it', async () => {
    const transcript = path.join(h.env.dataDir, 'lost.txt');
    writeFileSync(transcript, 'welcome to the show today we talk about losing a queue and getting it back');
    const ingest = h.rt.queues.ingest;
    await ingest.pause(); // no worker may take the job before Redis "loses" it
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: transcript, meta: {} });
    h.rt.outbox.kick();
    const deadline = Date.now() + 10_000;
    while ((await ingest.getJobCountByTypes('waiting')) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await ingest.obliterate({ force: true }); // the job is gone; the episode stays queued in Postgres
    await ingest.resume();
    expect((await h.rt.db.selectFrom('episodes').select('status').where('id', '=', reg.episodeId).executeTakeFirstOrThrow()).status).toBe('queued');

    const requested = await reprocessEpisodes(h.rt.db, { unfinishedOnly: true });
    expect(requested).toEqual([{ episodeId: reg.episodeId, generation: 2 }]);
    h.rt.outbox.kick();
    const episode = await waitForEpisode(h.rt.db, reg.episodeId, 2, { timeoutMs: 60_000 });
    expect(episode.status).toBe('done');
  });
});

describe('operating the pipeline', () => {
  it('treats a new upload under an episode GUID as a new version of that episode, keeping the old files', async () => {
    const drop = async (name: string, text: string, show: string) => {
      const file = path.join(h.env.dataDir, `${name}.txt`);
      writeFileSync(file, text);
      return registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta: { show, title: 'Episode 42', guid: 'show-ep-42' } });
    };
    const first = await drop('v1', 'welcome to episode forty two about bread', 'Guid Show');
    await waitForEpisode(h.rt.db, first.episodeId, first.generation, { timeoutMs: 60_000 });
    const firstKey = (await h.rt.db.selectFrom('episodes').select('transcript_key').where('id', '=', first.episodeId).executeTakeFirstOrThrow()).transcript_key!;

    const fixed = await drop('v2', 'welcome to episode forty two about sourdough bread', 'Guid Show');
    expect(fixed).toMatchObject({ episodeId: first.episodeId, generation: first.generation + 1, created: false, error: null });
    const episode = await waitForEpisode(h.rt.db, fixed.episodeId, fixed.generation, { timeoutMs: 60_000 });
    expect(episode.status).toBe('done');
    const corrected = await h.rt.db.selectFrom('transcripts').select('text').where('episode_id', '=', episode.id).where('version', '=', 'corrected').executeTakeFirstOrThrow();
    expect(corrected.text).toMatch(/sourdough/i);
    expect(await h.rt.buckets.ingest.exists(firstKey)).toBe(true); // the first upload stays archived

    // The same GUID in another show is another episode.
    const other = await drop('v3', 'a different show that happens to use the same guid scheme', 'Other Show');
    expect(other.episodeId).not.toBe(first.episodeId);
    expect(other.created).toBe(true);
  });

  it('lets a new episode overtake a background reprocess at every stage', async () => {
    const ingest = h.rt.queues.ingest;
    await ingest.pause();
    const old = path.join(h.env.dataDir, 'archive-ep.txt');
    writeFileSync(old, 'an old episode from the archive about sourdough');
    const archived = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: old, meta: {} });
    await waitForJob(archived.episodeId, 1);
    await ingest.obliterate({ force: true });
    await ingest.pause(); // obliterate took the pause with it
    const [again] = await reprocessEpisodes(h.rt.db, { episodeIds: [archived.episodeId], background: true });
    h.rt.outbox.kick();
    await waitForJob(archived.episodeId, again!.generation);
    const fresh = path.join(h.env.dataDir, 'fresh-ep.txt');
    writeFileSync(fresh, 'a brand new episode dropped this morning about rye');
    const drop = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: fresh, meta: {} });
    h.rt.outbox.kick();
    await waitForJob(drop.episodeId, 1);
    // BullMQ takes jobs without a priority before prioritized ones: the new episode goes first although queued last.
    expect(await ingest.getJobState(`ingest.${archived.episodeId}.g${again!.generation}`)).toBe('prioritized');
    expect(await ingest.getJobState(`ingest.${drop.episodeId}.g1`)).toMatch(/^(waiting|paused)$/);
    await ingest.resume();
    await waitForEpisode(h.rt.db, archived.episodeId, again!.generation, { timeoutMs: 60_000 });
    // ...and the background request stays in the background at the next stages.
    const published = await h.rt.queues.publish.getJob(`publish.${archived.episodeId}.g${again!.generation}`);
    expect(published?.opts.priority).toBe(BACKGROUND_PRIORITY);
    expect((await h.rt.queues.publish.getJob(`publish.${drop.episodeId}.g1`))?.opts.priority ?? 0).toBe(0);
  });

  it('reports what it did as Prometheus metrics', async () => {
    const text = await pipelineMetrics(h.rt).metrics();
    const value = (series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1]);
    for (const stage of STAGES) {
      expect(value(`podpipe_stage_runs_last_hour{stage="${stage}",status="done"}`)).toBeGreaterThan(0);
      expect(value(`podpipe_stage_run_seconds_p95_last_hour{stage="${stage}"}`)).toBeGreaterThan(0);
    }
    expect(value('podpipe_episodes{status="done"}')).toBeGreaterThan(0);
    expect(value('podpipe_episodes{status="failed"}')).toBe(2); // the unreadable audio and the invalid metadata
    expect(value('podpipe_queue_workers{queue="segment"}')).toBeGreaterThan(0);
  });
});
