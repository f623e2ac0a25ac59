// runStage decides before loading: a stage whose input key is unchanged is skipped without load(), on a real Postgres.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { episodeWithHistory, preparedEpisodeRead } from '../src/input-key.ts';
import { recordSkippedRun } from '../src/skipped-run.ts';
import { runStage, type StageContext, type StageDefinition } from '../src/stage.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';

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

/** A segment-like stage whose every call is counted; `setting` stands for config its output depends on. */
function countingStage(setting: { value: string }) {
  const calls = { inputKey: 0, load: 0, compute: 0 };
  const def: StageDefinition<{ value: string }, string> = {
    name: 'segment',
    version: 'v1',
    inputKey: () => (calls.inputKey++, { setting: setting.value }),
    load: async () => (calls.load++, { value: setting.value }),
    fingerprint: (input) => input,
    compute: async (input) => (calls.compute++, `out:${input.value}`),
    save: async (_trx, _episode, out) => out,
  };
  return { def, calls };
}

let episodeId: string;
beforeEach(async () => {
  const row = await db
    .insertInto('episodes')
    .values({ content_hash: crypto.randomUUID(), status: 'processing', generation: 1, meta: JSON.stringify({}), transcript_key: 'k' })
    .returning('id')
    .executeTakeFirstOrThrow();
  episodeId = row.id;
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
    expect(await runStage(def, ctx, { episodeId, generation: 1 }, job)).toBe('done');
    await bump(2);
    expect(await runStage(def, ctx, { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(calls).toEqual({ inputKey: 2, load: 1, compute: 1 });
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
    await runStage(def, ctx, { episodeId, generation: 1 }, job);
    await bump(2);
    await upstream('t2', 2); // a new corrected transcript upstream: the key moves, the full fingerprint decides (same here)
    expect(await runStage(def, ctx, { episodeId, generation: 2 }, job)).toBe('skipped');
    expect(calls.load).toBe(2);
    await bump(3);
    setting.value = 'b'; // its own input changed
    expect(await runStage(def, ctx, { episodeId, generation: 3 }, job)).toBe('done');
    await bump(4);
    expect(await runStage(def, ctx, { episodeId, generation: 4, force: true }, job)).toBe('done');
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

  it('reads the episode with a query compiled once, and says whether an early-handing upstream stage still runs', async () => {
    const { def } = countingStage({ value: 'a' });
    const fix = { name: 'transcribe-fix' as const };
    await upstream('t1', 1);
    const read = preparedEpisodeRead(db, fix);
    expect(preparedEpisodeRead(db, fix)).toBe(read);
    const ingest = (generation: number, status: 'running' | 'done') =>
      db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'ingest', generation, attempt: 1, status, fingerprint: 'f', output_hash: 'i' }).execute();
    expect((await read(episodeId, 2))!.upstreamPending).toBe(false); // ingest did not start in request 2
    await ingest(2, 'running');
    expect((await read(episodeId, 2))!.upstreamPending).toBe(true);
    expect((await read(episodeId, 3))!.upstreamPending).toBe(false);
    await ingest(2, 'done');
    const found = (await read(episodeId, 2))!;
    expect(found.upstreamPending).toBe(false);
    const { upstreamPending: _, ...plain } = found;
    expect(plain).toEqual(await episodeWithHistory(db, episodeId, 'transcribe-fix'));
    expect(found.history.get('transcribe-fix')).toMatchObject({ output_hash: 't1' });
    // A stage with no early-handing stage upstream of it never waits.
    await ingest(4, 'running');
    expect((await preparedEpisodeRead(db, def)(episodeId, 4))!.upstreamPending).toBe(false);
    expect(await read(crypto.randomUUID(), 1)).toBeUndefined();
  });
});
