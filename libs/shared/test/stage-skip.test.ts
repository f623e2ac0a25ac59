// runStage decides before loading: a stage whose input key is unchanged is skipped without load(), on a real Postgres.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { episodeWithHistory, preparedStageStart } from '../src/input-key.ts';
import { recordSkippedRun } from '../src/skipped-run.ts';
import { runStage, type StageContext, type StageDefinition } from '../src/stage.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';
import { insertEpisodeRow } from '../src/testing/episode-row.ts';

let env: IsolatedEnv;
let db: Database;
let ctx: StageContext;

beforeAll(async () => {
  env = await isolatedEnv();
  db = createDatabase(env.databaseUrl, 2);
  ctx = { db, buckets: {} as StageContext['buckets'], config: env.config, log: createLogger('silent'), outbox: { kick() {}, send: async () => true, stop: async () => {} } as unknown as StageContext['outbox'] };
});

afterAll(async () => {
  await db?.destroy();
  await env?.dispose();
});

/**
 * A segment-like stage whose every call is counted; its output depends on one config value (publicBaseUrl stands for
 * any), `setting.value` in the context `at(setting)` gives it.
 */
function countingStage(_setting?: { value: string }, name: 'segment' | 'publish' = 'segment') {
  const calls = { inputKey: 0, load: 0, compute: 0 };
  const def: StageDefinition<{ value: string }, string> = {
    name,
    version: 'v1',
    inputKey: (c) => (calls.inputKey++, { setting: c.config.publicBaseUrl }),
    load: async (c) => (calls.load++, { value: c.config.publicBaseUrl }),
    fingerprint: (input) => input,
    compute: async (input) => (calls.compute++, `out:${input.value}`),
    save: async (_trx, _episode, out) => out,
  };
  return { def, calls };
}

/** The context with the stage's config value set (a new config object, as another process's would be). */
const at = (setting: { value: string }): StageContext => ({ ...ctx, config: { ...ctx.config, publicBaseUrl: setting.value } });

let episodeId: string;
beforeEach(async () => {
  episodeId = (await insertEpisodeRow(db)).id;
});

const bump = async (generation: number) => db.updateTable('episodes').set({ generation }).where('id', '=', episodeId).execute();
const upstream = (hash: string, generation: number) =>
  db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'transcribe-fix', generation, attempt: 1, status: 'done', fingerprint: 'f', output_hash: hash }).execute();
const job = { attemptsMade: 0, id: 'j' };

describe('runStage decides before loading', () => {
  it('skips an unchanged stage without loading, and hands on to the next stage', async () => {
    const setting = { value: 'a' };
    const { def, calls } = countingStage(setting);
    await upstream('t1', 1);
    expect(await runStage(def, at(setting), { episodeId, generation: 1 }, job)).toBe('done');
    await bump(2);
    expect(await runStage(def, at(setting), { episodeId, generation: 2 }, job)).toBe('skipped');
    // Decided in the statement, on the stored inputs' digest: the key was not even made.
    expect(calls).toEqual({ inputKey: 1, load: 1, compute: 1 });
    const runs = await db.selectFrom('stage_runs').select(['status', 'output_hash', 'input_key', 'fingerprint']).where('episode_id', '=', episodeId).where('stage', '=', 'segment').orderBy('id').execute();
    expect(runs.map((r) => r.status)).toEqual(['done', 'skipped']);
    expect(runs[1]!.output_hash).toBe(runs[0]!.output_hash);
    expect(runs[1]!.fingerprint).toBe(runs[0]!.fingerprint);
    const handOffs = await db.selectFrom('outbox').select('payload').where('queue', '=', 'publish').execute();
    expect(handOffs.map((h) => (h.payload as { generation: number }).generation).filter((g) => g === 2)).toHaveLength(1);
  });

  it('loads and runs again when an upstream output or its own input changed, and when forced', async () => {
    const setting = { value: 'a' };
    const { def, calls } = countingStage(setting);
    await upstream('t1', 1);
    await runStage(def, at(setting), { episodeId, generation: 1 }, job);
    await bump(2);
    await upstream('t2', 2); // a new corrected transcript upstream: the key moves, the full fingerprint decides (same here)
    expect(await runStage(def, at(setting), { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(calls.load).toBe(2);
    await bump(3);
    setting.value = 'b'; // its own input changed
    expect(await runStage(def, at(setting), { episodeId, generation: 3 }, job)).toBe('done');
    await bump(4);
    expect(await runStage(def, at(setting), { episodeId, generation: 4, force: true }, job)).toBe('done');
    expect(calls).toMatchObject({ load: 4, compute: 3 });
  });

  it('drops a skipped job whose generation was superseded meanwhile', async () => {
    const { def } = countingStage({ value: 'a' });
    await upstream('t1', 1);
    await runStage(def, ctx, { episodeId, generation: 1 }, job);
    await bump(3);
    expect(await runStage(def, ctx, { episodeId, generation: 2 }, job)).toBe('stale');
  });

  it('records a skipped run and its hand-off in one statement, both or neither', async () => {
    await db.updateTable('episodes').set({ title: 'Ep' }).where('id', '=', episodeId).execute();
    await bump(2);
    const run = { stage: 'segment' as const, episodeId, generation: 1, attempt: 1, fingerprint: 'f', outputHash: 'o', inputKey: 'k', inputParts: { code: 'c' }, durationMs: 3 };
    const job = { episodeId, generation: 1, force: false, background: true };
    const written = async () => ({
      runs: (await db.selectFrom('stage_runs').select('generation').where('episode_id', '=', episodeId).execute()).length,
      handOffs: (await db.selectFrom('outbox').select('job_id').where('job_id', 'like', `%${episodeId}%`).execute()).length,
    });
    expect(await recordSkippedRun(db, run, 'publish', job)).toBeNull(); // superseded: generation 2 exists
    expect(await written()).toEqual({ runs: 0, handOffs: 0 });
    const handOff = await recordSkippedRun(db, { ...run, generation: 2 }, 'publish', { ...job, generation: 2 });
    expect(handOff).toMatchObject({ stage: 'publish', title: 'Ep', job: { episodeId, generation: 2, background: true } });
    expect(await written()).toEqual({ runs: 1, handOffs: 1 });
    const stored = await db.selectFrom('stage_runs').select(['status', 'input_parts', 'output_hash']).where('episode_id', '=', episodeId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'skipped', input_parts: { code: 'c' }, output_hash: 'o' });
  });

  it('commits a skip with a next stage without waiting for the flush, for that statement alone', async () => {
    const one = createDatabase(env.databaseUrl, 1); // one connection: the setting would stay on it if it leaked
    try {
      const run = { stage: 'segment' as const, episodeId, generation: 1, attempt: 1, fingerprint: 'f', outputHash: 'o', inputKey: 'k', inputParts: { code: 'c' }, durationMs: 3 };
      expect(await recordSkippedRun(one, run, 'publish', { episodeId, generation: 1, force: false, background: false }, { relaxedCommit: true })).toMatchObject({ stage: 'publish' });
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(one);
      expect(rows[0]!.synchronous_commit).toBe('on');
      // Visible to every other connection at once.
      expect(await db.selectFrom('outbox').select('id').where('job_id', 'like', `publish.${episodeId}.g1`).execute()).toHaveLength(1);
    } finally {
      await one.destroy();
    }
  });

  it('a skipped hand-off that could not be pushed is made durable before the job completes, or the job runs again', async () => {
    const { def } = countingStage({ value: 'a' });
    await upstream('t1', 1);
    await runStage(def, ctx, { episodeId, generation: 1 }, job);
    await bump(2);
    const handOffs = () => db.selectFrom('outbox').select(['id', 'sent_at']).where('job_id', '=', `publish.${episodeId}.g2`).execute();
    // Redis refused the push: the row stays pending (the dispatcher pushes it) and its commit is flushed.
    const unpushed = { ...ctx, outbox: { ...ctx.outbox, send: async () => false } };
    expect(await runStage(def, unpushed, { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(await handOffs()).toEqual([{ id: expect.any(Number), sent_at: null }]);
    // The push failed and the commit is gone (as after a Postgres crash that lost it): the job must fail, to run again.
    await bump(3);
    const lost = {
      ...ctx,
      outbox: {
        ...ctx.outbox,
        send: async (entries: { id: number }[]) => {
          await db.deleteFrom('outbox').where('id', 'in', entries.map((e) => e.id)).execute();
          return false;
        },
      },
    };
    await expect(runStage(def, lost as StageContext, { episodeId, generation: 3 }, job)).rejects.toThrow(/neither pushed nor recorded/);
  });

  it('reads the episode with a statement compiled once, and says whether an early-handing upstream stage still runs', async () => {
    const { def } = countingStage();
    const fix = { name: 'transcribe-fix' as const, version: 'v1' };
    await upstream('t1', 1);
    const start = preparedStageStart(db, fix);
    expect(preparedStageStart(db, fix)).toBe(start);
    const read = async (episode: string, generation: number) => {
      const found = await start(ctx.config, { episodeId: episode, generation, handOff: null, maySkip: false, attempt: 1, durationMs: 0 });
      return found.kind === 'read' ? found.read : undefined;
    };
    const ingest = (generation: number, status: 'running' | 'done') =>
      db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'ingest', generation, attempt: 1, status, fingerprint: 'f', output_hash: 'i' }).execute();
    expect((await read(episodeId, 2))!.upstreamPending).toBe(false); // ingest did not start in request 2
    await ingest(2, 'running');
    expect((await read(episodeId, 2))!.upstreamPending).toBe(true);
    expect((await read(episodeId, 3))!.upstreamPending).toBe(false);
    await ingest(2, 'done');
    const found = (await read(episodeId, 2))!;
    expect(found.upstreamPending).toBe(false);
    const { upstreamPending: _, storedInputs, inputsUnchanged, ...plain } = found;
    expect(plain).toEqual(await episodeWithHistory(db, episodeId, 'transcribe-fix'));
    expect(storedInputs).toMatch(/^[0-9a-f]{64}$/);
    expect(inputsUnchanged).toBe(false); // the fixer has no run with a digest yet
    expect(found.history.get('transcribe-fix')).toMatchObject({ output_hash: 't1' });
    // A stage with no early-handing stage upstream of it never waits.
    await ingest(4, 'running');
    const segment = await preparedStageStart(db, def)(ctx.config, { episodeId, generation: 4, handOff: null, maySkip: false, attempt: 1, durationMs: 0 });
    expect(segment.kind === 'read' && segment.read.upstreamPending).toBe(false);
    expect(await start(ctx.config, { episodeId: crypto.randomUUID(), generation: 1, handOff: null, maySkip: false, attempt: 1, durationMs: 0 })).toEqual({ kind: 'gone' });
  });
});

describe('the stored inputs decide a skip in one statement', () => {
  const digestOf = async (generation: number) =>
    (await db.selectFrom('stage_runs').select('input_raw').where('episode_id', '=', episodeId).where('stage', '=', 'segment').where('generation', '=', generation).executeTakeFirstOrThrow()).input_raw;

  it('misses on a changed episode field, show read or config, and the input key decides; the next skip is the statement\'s again', async () => {
    const setting = { value: 'a' };
    const { def, calls } = countingStage(setting);
    await upstream('t1', 1);
    await runStage(def, at(setting), { episodeId, generation: 1 }, job);
    const first = await digestOf(1);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    // A field the key does not use changed: the digest moves, the key (made again) does not, so it skips by the key.
    await db.updateTable('episodes').set({ title: 'Retitled', meta: JSON.stringify({ title: 'Retitled' }) }).where('id', '=', episodeId).execute();
    await bump(2);
    expect(await runStage(def, at(setting), { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(calls).toEqual({ inputKey: 2, load: 1, compute: 1 });
    const second = await digestOf(2);
    expect(second).not.toBe(first);
    // Recorded with the new digest: the next unchanged request skips in the statement, no key made.
    await bump(3);
    expect(await runStage(def, at(setting), { episodeId, generation: 3 }, job)).toBe('skipped');
    expect(calls.inputKey).toBe(2);
    expect(await digestOf(3)).toBe(second);
    // The config its key reads changed: the digest misses and the stage runs.
    await bump(4);
    expect(await runStage(def, at({ value: 'b' }), { episodeId, generation: 4 }, job)).toBe('done');
    expect(calls).toEqual({ inputKey: 3, load: 2, compute: 2 });
    // Wiring only (another process's queue prefix and port): the digest holds.
    await bump(5);
    expect(await runStage(def, { ...at({ value: 'b' }), config: { ...at({ value: 'b' }).config, queuePrefix: 'elsewhere', port: 1 } }, { episodeId, generation: 5 }, job)).toBe('skipped');
    expect(calls.inputKey).toBe(3);
  });

  it('a run recorded before digests skips by its key once, then by the digest', async () => {
    const { def, calls } = countingStage();
    await upstream('t1', 1);
    await runStage(def, ctx, { episodeId, generation: 1 }, job);
    await db.updateTable('stage_runs').set({ input_raw: null }).where('episode_id', '=', episodeId).execute();
    await bump(2);
    expect(await runStage(def, ctx, { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(calls.inputKey).toBe(2);
    await bump(3);
    expect(await runStage(def, ctx, { episodeId, generation: 3 }, job)).toBe('skipped');
    expect(calls).toEqual({ inputKey: 2, load: 1, compute: 1 });
    const runs = await db.selectFrom('stage_runs').select(['status', 'input_key', 'input_parts', 'fingerprint', 'output_hash']).where('episode_id', '=', episodeId).where('stage', '=', 'segment').orderBy('id').execute();
    expect(runs.map((r) => r.status)).toEqual(['done', 'skipped', 'skipped']);
    expect(new Set(runs.map((r) => JSON.stringify([r.input_key, r.input_parts, r.fingerprint, r.output_hash]))).size).toBe(1);
    expect(await db.selectFrom('outbox').select('job_id').where('job_id', 'in', [`publish.${episodeId}.g2`, `publish.${episodeId}.g3`]).execute()).toHaveLength(2);
  });

  it('does not skip in the statement while an early-handing upstream stage of the request runs, nor a stale or forced job', async () => {
    const fixCalls = { inputKey: 0, load: 0 };
    const fix: StageDefinition<{ value: string }, string> = {
      name: 'transcribe-fix',
      version: 'v1',
      inputKey: () => (fixCalls.inputKey++, {}),
      load: async () => (fixCalls.load++, { value: 'x' }),
      fingerprint: (input) => input,
      compute: async () => 'fixed',
      save: async (_trx, _episode, out) => out,
    };
    await db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'transcribe', generation: 1, attempt: 1, status: 'done', fingerprint: 'f', output_hash: 'w' }).execute();
    await runStage(fix, ctx, { episodeId, generation: 1 }, job);
    await bump(2);
    await db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'ingest', generation: 2, attempt: 1, status: 'running', fingerprint: 'f' }).execute();
    // ingest handed on early and still runs: no key, no digest; the full fingerprint decides (up to date).
    expect(await runStage(fix, ctx, { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(fixCalls).toEqual({ inputKey: 1, load: 2 });
    const last = await db.selectFrom('stage_runs').select(['input_key', 'input_raw']).where('episode_id', '=', episodeId).where('stage', '=', 'transcribe-fix').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toEqual({ input_key: null, input_raw: null });
    // A stale job is dropped; a forced one runs.
    await bump(4);
    expect(await runStage(fix, ctx, { episodeId, generation: 3 }, job)).toBe('stale');
    expect(await runStage(fix, ctx, { episodeId, generation: 4, force: true }, job)).toBe('done');
  });

  it('the last stage skips on an unchanged digest without making its key, the episode done', async () => {
    const { def, calls } = countingStage(undefined, 'publish');
    await db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'segment', generation: 1, attempt: 1, status: 'done', fingerprint: 'f', output_hash: 's' }).execute();
    expect(await runStage(def, ctx, { episodeId, generation: 1 }, job)).toBe('done');
    await bump(2);
    await db.updateTable('episodes').set({ status: 'queued' }).where('id', '=', episodeId).execute();
    expect(await runStage(def, ctx, { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(calls).toEqual({ inputKey: 1, load: 1, compute: 1 });
    expect(await db.selectFrom('episodes').select('status').where('id', '=', episodeId).executeTakeFirstOrThrow()).toEqual({ status: 'done' });
  });

  it('commits the statement\'s skip without waiting for the flush, for that statement alone', async () => {
    const one = createDatabase(env.databaseUrl, 1); // one connection: the setting would stay on it if it leaked
    try {
      const { def, calls } = countingStage();
      const oneCtx = { ...ctx, db: one };
      await upstream('t1', 1);
      await runStage(def, oneCtx, { episodeId, generation: 1 }, job);
      await bump(2);
      expect(await runStage(def, oneCtx, { episodeId, generation: 2 }, job)).toBe('skipped');
      expect(calls.inputKey).toBe(1);
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(one);
      expect(rows[0]!.synchronous_commit).toBe('on');
      expect(await db.selectFrom('outbox').select('id').where('job_id', '=', `publish.${episodeId}.g2`).execute()).toHaveLength(1);
    } finally {
      await one.destroy();
    }
  });
});
