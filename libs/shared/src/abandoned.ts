/**
 * Jobs BullMQ fails without our processor running: a job whose worker died (or hung without renewing its
 * lock) more often than the queue allows (maxStalledCount), or that was started more often than allowed.
 * runStage never sees that failure, so without this the episode would stay 'processing' for ever; here it is
 * recorded on the episode as runStage records its own.
 */
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { parseStageJobId } from './jobs.ts';
import type { Logger } from './logger.ts';
import { recordEpisodeEvent } from './webhooks.ts';

/** failedReason texts of BullMQ's own failures (moveStalledJobsToWait, maxStartedAttempts). */
const ABANDONED_REASONS = new Set(['job stalled more than allowable limit', 'job started more than allowable limit']);

export function isAbandonedReason(reason: string): boolean {
  return ABANDONED_REASONS.has(reason) || GAVE_UP.test(reason);
}

/** The reason withInfrastructureRetries fails a job with once its budget is spent. */
const GAVE_UP = /^gave up after \d+ s of database\/Redis errors/;

/**
 * Marks the episode of an abandoned stage job failed, with the reason, and its running stage run failed —
 * only while the episode is still processing that generation, so a newer request or a finished episode
 * is left alone. Idempotent: every process that hears the event may call it. Returns whether it changed the episode.
 */
export async function recordAbandonedJob(db: Database, jobId: string, reason: string): Promise<boolean> {
  const job = parseStageJobId(jobId);
  if (!job) return false;
  const why = GAVE_UP.test(reason) ? '' : ' (its worker stopped or hung while running it)';
  const message = `${job.stage}: ${reason}${why}; reprocess the episode to retry`;
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('episodes')
      .set({ status: 'failed', stage: job.stage, error: message, updated_at: sql`now()` })
      .where('id', '=', job.episodeId)
      .where('generation', '=', job.generation)
      .where('status', 'in', ['queued', 'processing'])
      .executeTakeFirst();
    if (!updated.numUpdatedRows) return false;
    await recordEpisodeEvent(trx, { episodeId: job.episodeId, generation: job.generation, event: 'episode.failed' });
    await trx
      .updateTable('stage_runs')
      .set({ status: 'failed', error: reason, finished_at: sql`now()` })
      .where('episode_id', '=', job.episodeId)
      .where('stage', '=', job.stage)
      .where('generation', '=', job.generation)
      .where('status', '=', 'running')
      .execute();
    return true;
  });
}

/**
 * Records, for one worker, the abandoned jobs it fails. BullMQ marks a job that stalled too often and puts it
 * back in the queue; the next worker to take it fails it with that reason before our processor runs, and
 * emits 'failed' with it.
 */
export function recordAbandonedJobs(worker: Worker, db: Database, log: Logger): void {
  worker.on('failed', (job, err) => {
    if (!job?.id || !isAbandonedReason(err.message)) return;
    recordAbandonedJob(db, job.id, err.message)
      .then((changed) => changed && log.error({ jobId: job.id }, `job abandoned: ${err.message}`))
      .catch((e: unknown) => log.error({ err: e, jobId: job.id }, 'could not record an abandoned job'));
  });
}
