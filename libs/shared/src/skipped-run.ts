import { sql, type Transaction } from 'kysely';
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
  durationMs: number;
}

/**
 * Records a skipped run and hands the episode on, in one statement, so in one round trip: if the episode is still at
 * the run's generation, the run is inserted together with the outbox row for the next stage, or, after the last stage
 * (`next` null), with the episode marked done; otherwise nothing is written. The episode row is locked as the closing
 * transaction of a stage run locks it, and a statement is its own transaction (or part of the caller's), so the
 * outbox's guarantee holds: the hand-off is pending exactly when the run is recorded. Returns null when a newer request
 * superseded the run, else the hand-off to push (with the episode's title, for the job's name), or true after the last stage.
 */
export async function recordSkippedRun(db: Database | Transaction<DB>, run: SkippedRun, next: StageName | null, job: StageJob): Promise<OutboxEntry | true | null> {
  const data = StageJob.parse(job);
  const current = next
    ? sql`select id, title from episodes where id = ${run.episodeId} and generation = ${run.generation} for update`
    : sql`update episodes set status = 'done', stage = null, error = null, updated_at = now() where id = ${run.episodeId} and generation = ${run.generation} returning id, title`;
  const handoff = next
    ? sql`insert into outbox (queue, job_id, payload) select ${next}, ${stageJobId(next, data)}, ${JSON.stringify(data)}::jsonb from current returning id`
    : sql`select null::bigint as id`;
  const { rows } = await sql<{ id: number | null; title: string | null }>`
    with current as (${current}), skipped as (
      insert into stage_runs (episode_id, stage, generation, attempt, status, fingerprint, output_hash, input_key, input_parts, finished_at, duration_ms)
      select id, ${run.stage}, ${run.generation}::int, ${run.attempt}::int, 'skipped', ${run.fingerprint}, ${run.outputHash}, ${run.inputKey},
        ${JSON.stringify(run.inputParts)}::jsonb, now(), ${run.durationMs}::int
      from current
    ), handoff as (${handoff})
    select handoff.id, current.title from handoff, current`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return next && row.id !== null ? { id: row.id, stage: next, job: data, title: row.title } : true;
}
