/**
 * Retries for the weather (Postgres or Redis restarting, a network blip) kept apart from a stage's own failures:
 * a job that hit an infrastructure error is put back as delayed, with a backoff growing to minutes, without using
 * up one of its attempts — so a 10-minute database restart fails no episode. A job still failing that way after
 * the budget fails for good with the reason.
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';

/** SQLSTATE classes and codes that mean the server, not the query: connection exceptions, shutdown, overload. */
const PG_INFRA_CODES = /^(08...|57P0[123]|53300|53400)$/;
/** Node's network error codes. */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** Messages pg, pg-pool and ioredis give a lost connection without a code. */
const INFRA_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /^Connection is closed/i,
  /Stream isn't writeable and enableOfflineQueue options is false/i,
  /Reached the max retries per request limit/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** Whether an error says Postgres, Redis or the network is unavailable (retry later) rather than the work is wrong. */
export function isInfrastructureError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (PG_INFRA_CODES.test(e.code) || NET_CODES.has(e.code))) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e.message === 'string' && INFRA_MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isInfrastructureError(x, depth + 1))) return true;
  return isInfrastructureError(e.cause, depth + 1);
}

export interface InfraRetryPolicy {
  /** First delay; it doubles on each retry. */
  baseDelayMs: number;
  /** The longest delay between two tries. */
  maxDelayMs: number;
  /** How long a job keeps trying, from its first infrastructure error, before it fails for good. */
  budgetMs: number;
}

/** Where a job keeps its infrastructure retry state, next to its payload (the stage schemas strip it). */
const InfraState = z.object({ since: z.number(), last: z.number().optional(), retries: z.number().int().min(0) });
const INFRA_KEY = 'infraRetry';

/** The delay before infrastructure retry number `retries` (0-based). */
export function infraRetryDelay(retries: number, policy: InfraRetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retries, 30));
}

type Processor<T> = (job: Job, token?: string) => Promise<T>;

/**
 * Wraps a BullMQ processor: an infrastructure error delays the job (DelayedError: no attempt used) until the budget
 * is spent, then fails it as unrecoverable with how long it tried. Other errors pass through untouched.
 */
export function withInfrastructureRetries<T>(
  processor: Processor<T>,
  policy: InfraRetryPolicy,
  log: { warn(obj: object, msg: string): void },
  now: () => number = Date.now,
): Processor<T> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (err) {
      if (!isInfrastructureError(err) || !token) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const prior = InfraState.safeParse((job.data as Record<string, unknown> | undefined)?.[INFRA_KEY]);
      const t = now();
      // The budget runs for one outage: a job that met an earlier one, long over, starts its clock again.
      const fresh = !prior.success || t - (prior.data.last ?? prior.data.since) > 2 * policy.maxDelayMs + 30_000;
      const state = fresh ? { since: t, retries: 0 } : prior.data;
      if (t - state.since >= policy.budgetMs) {
        throw new UnrecoverableError(`gave up after ${Math.round((t - state.since) / 1000)} s of database/Redis errors: ${message}`);
      }
      const delay = infraRetryDelay(state.retries, policy);
      log.warn({ jobId: job.id, delayMs: delay, retries: state.retries + 1, err: message }, 'infrastructure error; job delayed without using an attempt');
      await job.updateData({ ...(job.data as object), [INFRA_KEY]: { since: state.since, last: t, retries: state.retries + 1 } });
      await job.moveToDelayed(t + delay, token);
      throw new DelayedError();
    }
  };
}
