import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './db/schema.ts';
import type { InputParts } from './input-key.ts';
import { StageJob, stageJobId, type StageName } from './jobs.ts';
import type { OutboxEntry } from './outbox.ts';

/** A stage run skipped because its input key is unchanged: it repeats the previous run's fingerprint and output. */
export interface SkippedRun {
  stage: StageName;
  episodeId: string;
  generation: number;
  attempt: number;
  fingerprint: string;
  outputHash: string | null;
  inputKey: string;
  inputParts: InputParts;
  /** The stored-input digest the key was made beside (preparedStageStart), so the next skip decides in one statement. */
  inputRaw?: string | null;
  durationMs: number;
}

/** A skipped run's values as SQL: parameters, or expressions over the rows the insert selects from. */
export type SkippedRunColumns = Record<'stage' | 'generation' | 'attempt' | 'fingerprint' | 'outputHash' | 'inputKey' | 'inputParts' | 'inputRaw' | 'durationMs', unknown>;

/**
 * The insert of a skipped run for the episode `current` names (a CTE of the caller's statement: the episode row,
 * locked or updated at the run's generation), selecting from `from`: one fragment for both writers of a skipped run —
 * recordSkippedRun (values from the caller) and the stage-start statement (preparedStageStart: the last finished run's
 * values, read in the statement).
 */
export function skippedRunInsert(run: SkippedRunColumns, from: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into stage_runs (episode_id, stage, generation, attempt, status, fingerprint, output_hash, input_key, input_parts, input_raw, finished_at, duration_ms)
    select current.id, ${run.stage}, ${run.generation}, ${run.attempt}, 'skipped', ${run.fingerprint}, ${run.outputHash}, ${run.inputKey}, ${run.inputParts},
      ${run.inputRaw}, now(), ${run.durationMs}
    from ${from}`;
}

/**
 * Records a skipped run and hands the episode on, in one statement, so in one round trip: if the episode is still at
 * the run's generation, the run is inserted together with the outbox row for the next stage, or, after the last stage
 * (`next` null), with the episode marked done; otherwise nothing is written. The episode row is locked as the closing
 * transaction of a stage run locks it, and a statement is its own transaction (or part of the caller's), so the
 * outbox's guarantee holds: the hand-off is pending exactly when the run is recorded. Returns null when a newer request
 * superseded the run, else the hand-off to push (with the episode's title, for the job's name), or true after the last stage.
 *
 * `relaxedCommit` (only with a `next` stage, only when `db` is not a caller's transaction): the statement commits with
 * `synchronous_commit = off` for itself alone (a transaction-local setting: the pooled connection keeps its own).
 * Why that keeps the outbox's guarantee: SkippedRunOptions.
 */
export async function recordSkippedRun(
  db: Database | Transaction<DB>,
  run: SkippedRun,
  next: StageName | null,
  job: StageJob,
  opts: SkippedRunOptions = {},
): Promise<OutboxEntry | true | null> {
  const data = StageJob.parse(job);
  // relaxedCommit (SkippedRunOptions): this statement's own commit does not wait for the WAL flush.
  const relaxed = opts.relaxedCommit && next ? sql`, set_config('synchronous_commit', 'off', true)` : sql``;
  const current = next
    ? sql`select id, title${relaxed} from episodes where id = ${run.episodeId} and generation = ${run.generation} for update`
    : sql`update episodes set status = 'done', stage = null, error = null, updated_at = now() where id = ${run.episodeId} and generation = ${run.generation} returning id, title`;
  const handoff = next
    ? sql`insert into outbox (queue, job_id, payload) select ${next}, ${stageJobId(next, data)}, ${JSON.stringify(data)}::jsonb from current returning id`
    : sql`select null::bigint as id`;
  const columns: SkippedRunColumns = {
    stage: run.stage, generation: sql`${run.generation}::int`, attempt: sql`${run.attempt}::int`, fingerprint: run.fingerprint, outputHash: run.outputHash,
    inputKey: run.inputKey, inputParts: sql`${JSON.stringify(run.inputParts)}::jsonb`, inputRaw: run.inputRaw ?? null, durationMs: sql`${run.durationMs}::int`,
  };
  const { rows } = await sql<{ id: number | null; title: string | null }>`
    with current as (${current}), skipped as (${skippedRunInsert(columns, sql`current`)}), handoff as (${handoff})
    select handoff.id, current.title from handoff, current`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return next && row.id !== null ? { id: row.id, stage: next, job: data, title: row.title } : true;
}

/**
 * relaxedCommit: why a skipped run with a next stage may commit without waiting for the WAL flush (
 * the flush is 0.3–0.8 ms on a quiet machine, 5–7 ms median when other processes write, and a bare BullMQ hop has none):
 * - The commit is visible at once and becomes durable within Postgres's wal_writer_delay (200 ms; at most 3× that), or
 *   sooner with any later synchronous commit (WAL is flushed in order). Only a crash of Postgres or its machine in that
 *   window can lose it; a crash of the worker cannot (Postgres still flushes what it has).
 * - What such a crash loses is a suffix of the WAL: the database comes back as it was a moment earlier — this run and
 *   its outbox row never happened, as if the worker had stopped just before the statement. Nothing durable ever refers
 *   to a lost row: everything written after it is lost with it, and the last stage's closing transaction (the episode
 *   done, its news) commits synchronously, so once an episode is done every skip before it is durable.
 * - The hand-off still happens: the writer pushes the next stage's job before this job completes (runStage returns
 *   only after the push), so either the next job is in Redis (it re-reads the episode; the upstream output hashes it
 *   keys on are the previous runs', unchanged by a skip, so it decides as it would have), or this job has not
 *   completed and BullMQ runs it again (stalled, or retried). When the push fails, the writer makes the commit durable
 *   before the job completes (makeHandOffDurable) or fails the job: the row's dispatch then survives any crash.
 * - Redis losing its data as well (no AOF): the reconciler re-queues, from what Postgres holds, the stage after the
 *   last recorded run — this one again when its row was lost.
 */
export interface SkippedRunOptions {
  relaxedCommit?: boolean;
}

/**
 * Makes a relaxed-commit hand-off durable (SkippedRunOptions), for when it could not be pushed: a write to its outbox
 * row in a transaction that commits synchronously flushes the WAL up to and past the hand-off's commit. Throws when
 * the row is gone (the commit was lost in a Postgres crash): the job must then run again.
 */
export async function makeHandOffDurable(db: Database, outboxId: number): Promise<void> {
  const { rows } = await sql<{ id: number }>`update outbox set payload = payload where id = ${outboxId} returning id`.execute(db);
  if (!rows.length) throw new Error(`hand-off ${outboxId} was neither pushed nor recorded (Postgres lost it); the job runs again`);
}
