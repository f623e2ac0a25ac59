/**
 * Puts back jobs that vanished. Postgres is the record of what must happen; Redis only holds the jobs doing it. After
 * Redis lost its data (a restart without AOF, a flush), or a job gave up while the database could not hear it, an
 * episode would stay queued or processing for ever and a webhook delivery pending. Every so often (a BullMQ job
 * scheduler: any number of processes share one schedule, one run at a time) this looks at those rows and, for each
 * whose job is gone, queues it again; for one whose job failed, records the job's reason on the episode. Its own
 schedule is kept in Redis by keepJobScheduler, so it comes back after the very loss it repairs.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { recordAbandonedJob } from './abandoned.ts';
import { keepJobScheduler } from './job-scheduler.ts';
import type { Database } from './database.ts';
import { STAGES, StageJob, stageJobId, webhookJobId, type StageName } from './jobs.ts';
import type { Logger } from './logger.ts';
import { enqueueStage, enqueueWebhook, workerConnection, type Queues } from './queues.ts';

const QUEUE = 'reconcile';

export interface ReconcileResult {
  /** Stage jobs queued again. */
  requeued: string[];
  /** Webhook deliveries queued again. */
  deliveries: string[];
  /** Episodes whose failed job's reason was recorded. */
  failed: string[];
}

/** The stage an unfinished episode's generation is at: the one after its last finished stage run, or ingest. */
function currentStage(done: Set<StageName>): StageName | undefined {
  for (const stage of STAGES) if (!done.has(stage)) return stage;
  return undefined;
}

/** One reconciliation pass over rows older than `graceMs` (younger ones may have their job on the way). */
export async function reconcile(db: Database, queues: Queues, graceMs: number): Promise<ReconcileResult> {
  const result: ReconcileResult = { requeued: [], deliveries: [], failed: [] };
  const before = sql<Date>`now() - make_interval(secs => ${graceMs / 1000})`;
  const episodes = await db
    .selectFrom('episodes')
    .select(['id', 'generation'])
    .where('status', 'in', ['queued', 'processing'])
    .where('updated_at', '<', before)
    .limit(500)
    .execute();
  for (const ep of episodes) {
    const runs = await db
      .selectFrom('stage_runs')
      .select('stage')
      .where('episode_id', '=', ep.id)
      .where('generation', '=', ep.generation)
      .where('status', 'in', ['done', 'skipped'])
      .execute();
    const stage = currentStage(new Set(runs.map((r) => r.stage)));
    if (!stage) continue;
    const jobId = stageJobId(stage, { episodeId: ep.id, generation: ep.generation });
    const outbox = await db.selectFrom('outbox').select(['payload', 'sent_at']).where('job_id', '=', jobId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (outbox && !outbox.sent_at) continue; // the dispatcher will push it
    const job = await queues[stage].getJob(jobId);
    if (job) {
      if ((await job.getState()) === 'failed' && (await recordAbandonedJob(db, jobId, job.failedReason || 'failed'))) result.failed.push(ep.id);
      continue;
    }
    const sent = StageJob.safeParse(outbox?.payload);
    await enqueueStage(queues, stage, sent.success ? sent.data : { episodeId: ep.id, generation: ep.generation });
    result.requeued.push(jobId);
  }
  const deliveries = await db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('created_at', '<', before).limit(500).execute();
  for (const d of deliveries) {
    const jobId = webhookJobId({ deliveryId: d.id });
    const outbox = await db.selectFrom('outbox').select('sent_at').where('job_id', '=', jobId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (outbox && !outbox.sent_at) continue;
    const job = await queues.webhooks.getJob(jobId);
    if (job) {
      if ((await job.getState()) === 'failed') {
        await db
          .updateTable('webhook_deliveries')
          .set({ status: 'failed', last_error: job.failedReason || 'failed', finished_at: sql`now()` })
          .where('id', '=', d.id)
          .where('status', '=', 'pending')
          .execute();
      }
      continue;
    }
    await enqueueWebhook(queues, { deliveryId: d.id });
    result.deliveries.push(d.id);
  }
  return result;
}

/** Runs reconcile() every `everyMs` through a shared BullMQ job scheduler; close() on shutdown. */
export async function startReconciler(args: { db: Database; queues: Queues; redisUrl: string; prefix: string; everyMs: number; log: Logger }): Promise<{ close(): Promise<void> }> {
  const connections: Redis[] = [workerConnection(args.redisUrl), workerConnection(args.redisUrl)];
  for (const c of connections) c.on('error', (err) => args.log.warn({ err: err.message }, 'reconciler redis connection error'));
  const queue = new Queue(QUEUE, { connection: connections[0]!, prefix: args.prefix });
  queue.on('error', (err) => args.log.warn({ err: err.message }, 'reconciler queue error'));
  const schedule = await keepJobScheduler(queue, connections[0]!, { id: 'reconcile', everyMs: args.everyMs, name: 'reconcile', keep: { completed: 10, failed: 50 } }, args.log);
  const worker = new Worker(
    QUEUE,
    async (_job: Job) => {
      const r = await reconcile(args.db, args.queues, 2 * args.everyMs);
      if (r.requeued.length || r.deliveries.length || r.failed.length) args.log.warn(r, 'reconciler re-queued vanished jobs');
      return r;
    },
    { connection: connections[1]!, prefix: args.prefix, concurrency: 1 },
  );
  worker.on('failed', (_job, err) => args.log.warn({ err: err.message }, 'reconciliation failed; the next one retries'));
  worker.on('error', (err) => args.log.warn({ err: err.message }, 'reconciler worker error'));
  return {
    close: async () => {
      schedule.stop();
      await worker.close();
      await queue.close();
      connections.forEach((c) => c.disconnect());
    },
  };
}
