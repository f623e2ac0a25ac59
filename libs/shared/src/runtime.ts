import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { recordAbandonedJobs } from './abandoned.ts';
import { localBuckets, type Bucket, type Buckets } from './buckets.ts';
import type { Config } from './config.ts';
import { collectGarbageSoon } from './collect.mjs';
import { closeSharedCpuPool } from './cpu-pool.ts';
import { createDatabase, migrateToLatest, type Database } from './database.ts';
import { startEmbeddedPostgres, startEmbeddedRedis, type EmbeddedService } from './embedded.ts';
import type { StageName } from './jobs.ts';
import type { Logger } from './logger.ts';
import { startOutboxDispatcher, type OutboxDispatcher } from './outbox.ts';
import { createQueues, createStageWorker, producerConnection, workerConnection, type Queues } from './queues.ts';
import { startReconciler } from './reconciler.ts';
import { runStage, type StageContext, type StageDefinition } from './stage.ts';

/**
 * The configured S3 buckets (publish, ingest), undefined for <data dir>/publish and <data dir>/ingest. The AWS SDK is
 * loaded only when one is configured: it is ~0.2 s of CPU at every process start.
 */
async function s3Buckets(config: Config): Promise<{ publish?: Bucket; ingest?: Bucket }> {
  if (!config.publishS3 && !config.ingestS3) return {};
  const { s3BucketFor } = await import('./s3-bucket.ts');
  return {
    ...(config.publishS3 ? { publish: s3BucketFor('publish', config.publishS3) } : {}),
    ...(config.ingestS3 ? { ingest: s3BucketFor('ingest', config.ingestS3) } : {}),
  };
}

/** Everything a podpipe process talks to, opened once and closed in reverse order. */
export interface Runtime extends StageContext {
  redisUrl: string;
  databaseUrl: string;
  redis: Redis;
  queues: Queues;
  embedded: EmbeddedService[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Start embedded Postgres/Redis when DATABASE_URL/REDIS_URL are unset (process/up); otherwise they are required. */
  allowEmbedded: boolean;
  /** Apply pending migrations (process/up/migrate). Worker processes in a deployment leave this to `podpipe migrate`. */
  migrate: boolean;
}

/** Connects to (or starts) Postgres and Redis, migrates, and starts the outbox dispatcher. */
export async function openRuntime(config: Config, log: Logger, opts: OpenOptions): Promise<Runtime> {
  const embedded: EmbeddedService[] = [];
  const stopEmbedded = async () => {
    for (const s of embedded.reverse()) await s.stop().catch((err: unknown) => log.warn({ err }, 'stopping an embedded service failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      if (!opts.allowEmbedded) throw new Error('DATABASE_URL is not set');
      const pg = await startEmbeddedPostgres(config.stateDir, config.embedded.pgPort, log);
      embedded.push(pg);
      databaseUrl = pg.url;
    }
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      if (!opts.allowEmbedded) throw new Error('REDIS_URL is not set');
      const redis = await startEmbeddedRedis(config.stateDir, config.embedded.redisPort, log);
      embedded.push(redis);
      redisUrl = redis.url;
    }
    const s3 = await s3Buckets(config);
    const db = createDatabase(databaseUrl, 10, log);
    if (opts.migrate) await migrateToLatest(db);
    log.debug({ migrate: opts.migrate }, 'database ready');
    const redis = producerConnection(redisUrl);
    redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
    const queues = createQueues(redis, config.queuePrefix, log);
    const outbox = startOutboxDispatcher(db, queues, log);
    const buckets: Buckets = localBuckets(config.dataDir, s3.publish, s3.ingest);
    return {
      db,
      buckets,
      config,
      log,
      outbox,
      redis,
      queues,
      redisUrl,
      databaseUrl,
      embedded,
      close: async () => {
        await outbox.stop();
        await Promise.all(Object.values(queues).map((q) => q.close()));
        await db.destroy();
        redis.disconnect();
        await stopEmbedded();
      },
    };
  } catch (err) {
    await stopEmbedded();
    throw err;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = StageDefinition<any, any>;

/** Running stage workers; close() lets active jobs finish, then drops their Redis connections. */
export interface StageWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Once a job leaves this much more heap (MB) than the last collection kept, the process collects at once rather than
 * carry the job's garbage into the next one: an idle process with every stage warm holds ~50–100 MB, a 200k-word
 * episode leaves 200 MB.
 */
const JOB_GARBAGE_MB = 128;

/** Starts one BullMQ worker per stage definition, each on its own blocking connection. */
export function startStageWorkers(rt: Runtime, stages: AnyStage[]): StageWorkers {
  for (const def of stages) {
    if (!def.warmUp) continue;
    const started = performance.now();
    Promise.resolve(def.warmUp(rt.config)).then(
      () => rt.log.debug({ stage: def.name, ms: Math.round(performance.now() - started) }, 'stage warmed up'),
      (err: unknown) => rt.log.warn({ stage: def.name, err: err instanceof Error ? err.message : String(err) }, 'stage warm-up failed; the first job will load what it needs'),
    );
  }
  const started = stages.map((def) => {
    const connection = workerConnection(rt.redisUrl);
    connection.on('error', (err) => rt.log.warn({ err: err.message, stage: def.name }, 'worker redis connection error'));
    const worker = createStageWorker(
      def.name as StageName,
      (payload, job) => runStage(def, rt, payload, job).then(() => undefined).finally(() => collectGarbageSoon(JOB_GARBAGE_MB)),
      {
        connection,
        prefix: rt.config.queuePrefix,
        concurrency: def.name === 'transcribe' ? rt.config.transcribe.concurrency : rt.config.concurrency,
        infraRetry: { policy: rt.config.infraRetry, log: rt.log },
      },
    );
    worker.on('error', (err) => rt.log.error({ err, stage: def.name }, 'worker error'));
    worker.on('failed', (job, err) => rt.log.warn({ stage: def.name, jobId: job?.id, err: err.message }, 'job failed'));
    recordAbandonedJobs(worker, rt.db, rt.log);
    return { worker, connection };
  });
  // Every process with stage workers takes part in the shared reconciliation schedule (one run at a time).
  const reconciler = startReconciler({ db: rt.db, queues: rt.queues, redisUrl: rt.redisUrl, prefix: rt.config.queuePrefix, everyMs: rt.config.reconcileMs, log: rt.log }).catch(
    (err: unknown) => {
      rt.log.error({ err }, 'the reconciler could not start; vanished jobs need `podpipe reprocess --unfinished`');
      return undefined;
    },
  );
  return {
    workers: started.map((s) => s.worker),
    close: async () => {
      await (await reconciler)?.close();
      await Promise.all(started.map((s) => s.worker.close()));
      // The jobs are done; what may still run in the CPU pool's threads is a stage's warm-up (a `podpipe process`
      // whose episode failed at once, a worker stopped while it starts): not worth waiting for. Waiting for it took up
      // to piscina's 30 s close timeout under load and then failed the command with "Close operation timed out"
      // instead of its own error. (A later start makes a new pool.)
      await closeSharedCpuPool({ force: true });
      // BullMQ leaves a connection it was given open: it is ours to close.
      started.forEach((s) => s.connection.disconnect());
    },
  };
}

/**
 * Resolves once SIGTERM/SIGINT has arrived and close() (workers first, so active jobs finish, then database and
 * Redis) has run; a second signal exits at once.
 */
export function untilSignal(log: Logger, close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      closing = true;
      log.info({ signal }, 'shutting down: closing workers, then database, then Redis');
      close().then(resolve, (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
