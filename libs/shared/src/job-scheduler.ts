/**
 * A BullMQ job scheduler that comes back by itself. The schedule lives in Redis, so a Redis that lost its data (a
 * restart without AOF, a flush) lost it too and the periodic job would silently never run again. This sets it at
 * start, again each time the queue's connection is ready after a reconnection, and again whenever a periodic check
 * finds it gone (a flush does not drop the connection). `upsertJobScheduler` is idempotent, so any number of
 * processes may keep the same schedule.
 */
import type { Queue, RepeatOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export interface PeriodicJob {
  /** The scheduler's id, shared by every process keeping it. */
  id: string;
  everyMs: number;
  /** The name of the jobs it makes. */
  name: string;
  /** How many finished jobs of each outcome Redis keeps. */
  keep: { completed: number; failed: number };
}

/** How often a kept schedule is looked for: often enough that a flush costs a few runs, not a day's. */
export function checkIntervalMs(everyMs: number): number {
  return Math.min(Math.max(everyMs * 5, 10_000), 300_000);
}

/**
 * Sets `job`'s scheduler on `queue` (one run at a time across every process) and keeps it there until stop().
 * `connection` must be the queue's own connection: its `ready` event says Redis is back.
 */
export async function keepJobScheduler(queue: Queue, connection: Redis, job: PeriodicJob, log: Logger, checkMs = checkIntervalMs(job.everyMs)): Promise<{ stop(): void }> {
  const repeat: RepeatOptions = { every: job.everyMs };
  const schedule = async () => {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(job.id, repeat, { name: job.name, opts: { removeOnComplete: job.keep.completed, removeOnFail: job.keep.failed } });
  };
  await schedule();
  const warn = (err: unknown) => log.warn({ err, scheduler: job.id }, 'could not set the job schedule; retrying on the next check');
  const reschedule = () => void schedule().catch(warn);
  const check = async () => {
    if (!(await queue.getJobScheduler(job.id))) {
      log.warn({ scheduler: job.id }, 'job schedule missing from Redis (its data was lost); set again');
      await schedule();
    }
  };
  connection.on('ready', reschedule);
  const timer = setInterval(() => void check().catch(warn), checkMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      connection.off('ready', reschedule);
    },
  };
}
