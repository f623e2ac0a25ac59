import { Queue, UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { withInfrastructureRetries, type InfraRetryPolicy } from './infra-retry.ts';
import { BACKGROUND_PRIORITY, QUEUE_NAMES, QUEUES, StageName, WEBHOOKS, stageJobId, webhookJobId, type JobPayload, type StageJobInput, type WebhookJob } from './jobs.ts';

/** Producers fail fast when Redis is down instead of buffering commands in memory. */
export function producerConnection(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 3 } satisfies RedisOptions);
}

/** Workers must never give up on a command (BullMQ requirement). */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null } satisfies RedisOptions);
}

export type StageQueues = { [S in StageName]: Queue };
/** The stage queues and the webhook delivery queue. */
export type Queues = StageQueues & { webhooks: Queue };

/**
 * One BullMQ Queue per stage and one for webhook deliveries, sharing one producer connection. A Queue re-emits its
 * connection's errors, and an unheard 'error' event kills the process: they are logged instead.
 */
export function createQueues(connection: Redis, prefix: string, log?: { warn(obj: object, msg: string): void }): Queues {
  return Object.fromEntries(
    QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection, prefix });
      queue.on('error', (err) => log?.warn({ err: err.message, queue: name }, 'queue redis error'));
      return [name, queue];
    }),
  ) as Queues;
}

/** Finished jobs stay visible (Bull Board, retries by hand) for a week, failed ones for a month. */
const KEEP_FINISHED_JOBS = { removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 }, removeOnFail: { age: 30 * 24 * 3600 } } as const;

/**
 * A validated stage job with its deterministic id and the stage's retry policy, as Queue.add/addBulk take it. Its name
 * carries the episode title when given, so Bull Board's job list says which episode each job is for.
 */
function stageJob(stage: StageName, payload: StageJobInput, title?: string | null) {
  const spec = QUEUES[stage];
  const data = spec.schema.parse(payload);
  const opts = {
    jobId: stageJobId(stage, data),
    ...(data.background ? { priority: BACKGROUND_PRIORITY } : {}),
    attempts: spec.attempts,
    backoff: spec.backoff,
    ...KEEP_FINISHED_JOBS,
  };
  return { name: title ? `${stage} · ${title.slice(0, 120)}` : stage, data, opts };
}

/** Adds a validated stage job with its deterministic id and the stage's retry policy. */
export async function enqueueStage(queues: StageQueues, stage: StageName, payload: StageJobInput, title?: string | null): Promise<void> {
  const job = stageJob(stage, payload, title);
  await queues[stage].add(job.name, job.data, job.opts);
}

/** Adds many jobs to one stage's queue in one round trip. */
export async function enqueueStageBulk(queues: StageQueues, stage: StageName, payloads: StageJobInput[], titles?: Map<string, string | null>): Promise<void> {
  if (payloads.length) await queues[stage].addBulk(payloads.map((p) => stageJob(stage, p, titles?.get(p.episodeId))));
}

/** Adds a validated webhook delivery job with its deterministic id and the webhook retry policy. */
export async function enqueueWebhook(queues: Queues, payload: WebhookJob): Promise<void> {
  const data = WEBHOOKS.schema.parse(payload);
  await queues.webhooks.add(WEBHOOKS.name, data, {
    jobId: webhookJobId(data),
    attempts: WEBHOOKS.attempts,
    backoff: WEBHOOKS.backoff,
    ...KEEP_FINISHED_JOBS,
  });
}

export type StageHandler<S extends StageName> = (payload: JobPayload<S>, job: Job) => Promise<void>;

/** A BullMQ worker for one stage that validates every payload on dequeue; a malformed payload fails without retries. */
export function createStageWorker<S extends StageName>(
  stage: S,
  handler: StageHandler<S>,
  opts: { connection: Redis; prefix: string; concurrency: number; infraRetry?: { policy: InfraRetryPolicy; log: { warn(obj: object, msg: string): void } } } & Partial<WorkerOptions>,
): Worker {
  const spec = QUEUES[stage];
  const { infraRetry, ...workerOpts } = opts;
  const processor = async (job: Job) => {
    const parsed = spec.schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`malformed ${stage} job ${job.id}: ${parsed.error.message}`);
    await handler(parsed.data as JobPayload<S>, job);
  };
  return new Worker(stage, infraRetry ? withInfrastructureRetries(processor, infraRetry.policy, infraRetry.log) : processor, {
    lockDuration: spec.lockMs,
    ...workerOpts,
    autorun: opts.autorun ?? true,
  });
}

export { StageName };
