/**
 * Stuck detection: an episode whose active stage job has no live worker, or no lock, for longer than the stage's
 * lock time will not move by itself until a worker's stalled-job check picks it up — the operator must know.
 */
import { QUEUES, STAGES, type StageName } from '@podpipe/shared/jobs';

/**
 * How long an in-flight episode at `stage` (null: not started yet) may sit with no job in any queue before it counts
 * as orphaned: that stage's lock time (QUEUES[stage].lockMs), the time an active job of it is judged against too.
 */
export function orphanAfterMs(stage: StageName | null): number {
  return QUEUES[stage ?? STAGES[0]].lockMs;
}

/** The shortest of the stages' lock times: no in-flight episode idle for less than this can be orphaned. */
export const SHORTEST_LOCK_MS = Math.min(...STAGES.map((s) => QUEUES[s].lockMs));

/** What the queue says about one active job. */
export interface ActiveJobFacts {
  queue: string;
  /** When the worker took it (ms since epoch). */
  processedOn: number | undefined;
  hasLock: boolean;
  /** Worker connections listening on the job's queue. */
  workers: number;
}

/** Why an active job is stuck, or undefined while it is not (or not yet: within the lock time). */
export function stuckReason(job: ActiveJobFacts, now: number, lockMs: number): string | undefined {
  const since = job.processedOn ?? now;
  const seconds = Math.round((now - since) / 1000);
  if (now - since <= lockMs) return undefined;
  if (job.workers === 0) return `no live worker on the ${job.queue} queue; its job has been active ${seconds} s — start a worker (podpipe worker ${job.queue}) and it will be picked up again`;
  if (!job.hasLock) return `the ${job.queue} job lost its lock (its worker stopped or hung) ${seconds} s after it started; a live worker will retry it at its next stalled-job check`;
  return undefined;
}

/** An episode the database says is in flight while no queue holds a job for it (e.g. Redis lost it). */
export function orphanReason(idleMs: number, lockMs: number): string | undefined {
  if (idleMs <= lockMs) return undefined;
  return `no job in any queue for ${Math.round(idleMs / 1000)} s while the episode is in flight (Redis lost it?) — reprocess it (podpipe reprocess --unfinished)`;
}
