// A drop whose transcript brings its own times: ingest hands the words on before its audio pass, the fixer runs
// meanwhile, and the audio facts join before segment — in either order, once, and after a failure mid-way.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import { registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { stageJobId, type StageName } from '@podpipe/shared/jobs';
import type { OutboxDispatcher } from '@podpipe/shared/outbox';
import { runStage, type StageContext } from '@podpipe/shared/stage';
import { useHarness } from './support/harness.ts';

const sample = path.resolve(__dirname, '../examples/sample');
const h = useHarness({ workers: false });

/** The sample's text with times spread evenly over its first `sec` seconds, as a provider's word list. */
function timedTranscript(file: string, sec: number): string {
  const words = readFileSync(path.join(sample, 'episode.txt'), 'utf8').split(/\s+/).filter(Boolean);
  const step = sec / words.length;
  writeFileSync(file, JSON.stringify(words.map((word, i) => ({ word, start: i * step, end: (i + 0.9) * step }))));
  return file;
}

/** A context whose outbox holds ingest at its hand-off to transcribe (after the commit) until `release()` settles. */
function heldAtHandOff(release: () => Promise<void>) {
  let reached!: () => void;
  const atHandOff = new Promise<void>((r) => (reached = r));
  const outbox: OutboxDispatcher = {
    ...h.rt.outbox,
    async send(entries) {
      if (entries.some((e) => e.stage === 'transcribe')) {
        reached();
        await release();
      }
      return h.rt.outbox.send(entries);
    },
  };
  const ctx: StageContext = { db: h.rt.db, buckets: h.rt.buckets, config: h.rt.config, log: h.rt.log, outbox };
  return { ctx, atHandOff };
}

const run = (stage: StageName, episodeId: string, generation: number, opts: { force?: boolean; attemptsMade?: number; ctx?: StageContext } = {}) =>
  runStage(STAGE_DEFINITIONS[stage], opts.ctx ?? h.rt, { episodeId, generation, force: opts.force ?? false }, { attemptsMade: opts.attemptsMade ?? 0, id: 'test' });

async function handOffs(episodeId: string, generation: number, stage: StageName): Promise<number> {
  const rows = await h.rt.db.selectFrom('outbox').select('id').where('job_id', '=', stageJobId(stage, { episodeId, generation })).execute();
  return rows.length;
}

const runsOf = (episodeId: string, generation: number) =>
  h.rt.db.selectFrom('stage_runs').select(['stage', 'status', 'input_key']).where('episode_id', '=', episodeId).where('generation', '=', generation).orderBy('id').execute();

describe('a timed transcript with audio', () => {
  let episodeId: string;

  it('is corrected while ingest measures the audio; segment waits for both, handed on once', async () => {
    const transcript = timedTranscript(path.join(h.env.dataDir, 'timed.json'), 240);
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: path.join(sample, 'episode.mp3'), transcriptPath: transcript, meta: { show: 'Early Show' } });
    episodeId = reg.episodeId;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const held = heldAtHandOff(() => released);
    const ingest = run('ingest', episodeId, 1, { ctx: held.ctx });
    await held.atHandOff;

    // The words are stored and handed on; the audio pass has not finished.
    expect(await handOffs(episodeId, 1, 'transcribe')).toBe(1);
    expect(await run('transcribe', episodeId, 1)).toBe('done');
    expect(await run('transcribe-fix', episodeId, 1)).toBe('done');
    expect(await handOffs(episodeId, 1, 'segment')).toBe(0); // the audio facts are not there yet
    const early = await runsOf(episodeId, 1);
    expect(early.map((r) => [r.stage, r.status])).toEqual([['ingest', 'running'], ['transcribe', 'done'], ['transcribe-fix', 'done']]);
    // Keys made while ingest ran would name its previous output: none is recorded.
    expect(early.filter((r) => r.stage !== 'ingest').map((r) => r.input_key)).toEqual([null, null]);

    release();
    expect(await ingest).toBe('done');
    expect(await handOffs(episodeId, 1, 'transcribe')).toBe(1);
    expect(await handOffs(episodeId, 1, 'segment')).toBe(1); // the last of the two to finish handed on
    expect(await run('segment', episodeId, 1)).toBe('done');
    expect(await run('publish', episodeId, 1)).toBe('done');
    const episode = await h.rt.db.selectFrom('episodes').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode).toMatchObject({ status: 'done', error: null });
    expect(episode.duration_sec).toBeGreaterThan(240);
    const chapters = await h.rt.db.selectFrom('chapters').select('end_sec').where('episode_id', '=', episodeId).orderBy('idx').execute();
    expect(chapters.length).toBeGreaterThan(0);
  }, 240_000);

  it('hands on to segment from the fixer when ingest finished first', async () => {
    const [req] = await reprocessEpisodes(h.rt.db, { episodeIds: [episodeId], force: true });
    const g = req!.generation;
    expect(await run('ingest', episodeId, g, { force: true })).toBe('done');
    expect(await handOffs(episodeId, g, 'transcribe')).toBe(1);
    expect(await handOffs(episodeId, g, 'segment')).toBe(0); // the fixer has not run
    expect(await run('transcribe', episodeId, g, { force: true })).toBe('done');
    expect(await run('transcribe-fix', episodeId, g, { force: true })).toBe('done');
    expect(await handOffs(episodeId, g, 'segment')).toBe(1);
    // Ingest had finished: the later stages' keys are whole again.
    expect((await runsOf(episodeId, g)).every((r) => r.input_key !== null)).toBe(true);
  }, 240_000);

  it('resumes after ingest fails past its early hand-off: the fixer waits, the retry joins', async () => {
    const [req] = await reprocessEpisodes(h.rt.db, { episodeIds: [episodeId], force: true });
    const g = req!.generation;
    const held = heldAtHandOff(() => Promise.reject(new Error('worker lost mid-run')));
    await expect(run('ingest', episodeId, g, { force: true, ctx: held.ctx })).rejects.toThrow('worker lost mid-run');
    expect(await handOffs(episodeId, g, 'transcribe')).toBe(1); // committed before the failure
    expect(await run('transcribe', episodeId, g, { force: true })).toBe('done');
    expect(await run('transcribe-fix', episodeId, g, { force: true })).toBe('done');
    expect(await handOffs(episodeId, g, 'segment')).toBe(0); // ingest has not finished this request

    expect(await run('ingest', episodeId, g, { force: true, attemptsMade: 1 })).toBe('done');
    expect(await handOffs(episodeId, g, 'transcribe')).toBe(1); // the retry did not hand on twice
    expect(await handOffs(episodeId, g, 'segment')).toBe(1);
    expect(await run('segment', episodeId, g, { force: true })).toBe('done');
    expect(await run('publish', episodeId, g, { force: true })).toBe('done');
    expect((await h.rt.db.selectFrom('episodes').select(['status', 'error']).where('id', '=', episodeId).executeTakeFirstOrThrow())).toEqual({ status: 'done', error: null });
  }, 240_000);

  it('reprocessing it unchanged skips every stage', async () => {
    const [req] = await reprocessEpisodes(h.rt.db, { episodeIds: [episodeId] });
    const g = req!.generation;
    for (const stage of ['ingest', 'transcribe', 'transcribe-fix', 'segment', 'publish'] as const) expect(await run(stage, episodeId, g), stage).toBe('skipped');
    expect(await handOffs(episodeId, g, 'segment')).toBe(1);
  }, 60_000);

  it('leaves a plain text to the aligner: ingest hands on only when it has finished', async () => {
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: path.join(sample, 'episode.mp3'), transcriptPath: path.join(sample, 'episode.txt'), meta: { show: 'Plain Show' } });
    let ingestAtHandOff: string[] = [];
    const held = heldAtHandOff(async () => {
      ingestAtHandOff = (await runsOf(reg.episodeId, reg.generation)).map((r) => `${r.stage} ${r.status}`);
    });
    expect(await run('ingest', reg.episodeId, reg.generation, { ctx: held.ctx })).toBe('done');
    expect(ingestAtHandOff).toEqual(['ingest done']);
    expect(await handOffs(reg.episodeId, reg.generation, 'transcribe')).toBe(1);
  }, 240_000);
});
