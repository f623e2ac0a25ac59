// Infrastructure errors are told apart and retried without using attempts; the reconciler re-queues vanished jobs.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/database.ts';
import { isInfrastructureError, infraRetryDelay } from '../src/infra-retry.ts';
import { stageJobId, webhookJobId } from '../src/jobs.ts';
import { createLogger } from '../src/logger.ts';
import { createQueues, createStageWorker, producerConnection, workerConnection, type Queues } from '../src/queues.ts';
import { reconcile } from '../src/reconciler.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';
import { insertEpisodeRow } from '../src/testing/episode-row.ts';

describe('isInfrastructureError', () => {
  it('knows a lost database or Redis from a bad input', () => {
    expect(isInfrastructureError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isInfrastructureError(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isInfrastructureError(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: '08006' }) }))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isInfrastructureError(new Error('transcript has no words'))).toBe(false);
  });

  it('backs off by doubling up to the cap', () => {
    const policy = { baseDelayMs: 2000, maxDelayMs: 120_000, budgetMs: 1_800_000 };
    expect([0, 1, 2, 5, 6, 40].map((n) => infraRetryDelay(n, policy))).toEqual([2000, 4000, 8000, 64_000, 120_000, 120_000]);
  });
});

let env: IsolatedEnv;
let db: Database;
let redis: Redis;
let queues: Queues;

beforeAll(async () => {
  env = await isolatedEnv();
  db = createDatabase(env.databaseUrl, 2);
  redis = producerConnection(env.redisUrl);
  queues = createQueues(redis, env.queuePrefix);
});

afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map(async (q) => (await q.obliterate({ force: true }), await q.close())));
  await db?.destroy();
  redis?.disconnect();
  await env?.dispose();
});

async function episode(status: 'queued' | 'processing', generation: number) {
  return insertEpisodeRow(db, { status, generation, updated_at: new Date(Date.now() - 600_000) });
}

describe('withInfrastructureRetries (through createStageWorker)', () => {
  it('delays a job on a database error without using an attempt, and fails it for good once the budget is spent', async () => {
    const ep = await episode('queued', 1);
    const jobId = stageJobId('segment', { episodeId: ep.id, generation: 1 });
    await queues.segment.add('segment', { episodeId: ep.id, generation: 1 }, { jobId, attempts: 2 });
    let calls = 0;
    const worker = createStageWorker(
      'segment',
      async () => {
        calls++;
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      },
      { connection: workerConnection(env.redisUrl), prefix: env.queuePrefix, concurrency: 1, infraRetry: { policy: { baseDelayMs: 50, maxDelayMs: 100, budgetMs: 1500 }, log: createLogger('silent') } },
    );
    try {
      await expect.poll(() => queues.segment.getJobState(jobId), { timeout: 15_000, interval: 100 }).toBe('failed');
      const job = (await queues.segment.getJob(jobId))!;
      expect(calls).toBeGreaterThan(3); // far more tries than its 2 attempts
      expect(job.failedReason).toMatch(/^gave up after \d+ s of database\/Redis errors: terminating connection/);
    } finally {
      await worker.close();
    }
  });
});

describe('reconcile', () => {
  it('re-queues the current stage of an episode whose job vanished, with the payload it was sent with', async () => {
    const ep = await episode('processing', 3);
    for (const stage of ['ingest', 'transcribe'] as const) {
      await db.insertInto('stage_runs').values({ episode_id: ep.id, stage, generation: 3, attempt: 1, status: stage === 'ingest' ? 'done' : 'skipped', fingerprint: 'f' }).execute();
    }
    const jobId = stageJobId('transcribe-fix', { episodeId: ep.id, generation: 3 });
    await db.insertInto('outbox').values({ queue: 'transcribe-fix', job_id: jobId, payload: JSON.stringify({ episodeId: ep.id, generation: 3, force: true, background: false }), sent_at: new Date() }).execute();
    const r = await reconcile(db, queues, 60_000);
    expect(r.requeued).toContain(jobId);
    expect((await queues['transcribe-fix'].getJob(jobId))?.data).toMatchObject({ episodeId: ep.id, force: true });
    expect((await reconcile(db, queues, 60_000)).requeued).not.toContain(jobId); // the job exists now
  });

  it('leaves young rows and unsent hand-offs alone, and re-queues a pending delivery whose job is gone', async () => {
    const young = await insertEpisodeRow(db, { status: 'queued' });
    const waiting = await episode('queued', 1);
    await db.insertInto('outbox').values({ queue: 'ingest', job_id: stageJobId('ingest', { episodeId: waiting.id, generation: 1 }), payload: JSON.stringify({ episodeId: waiting.id, generation: 1 }) }).execute();
    const hook = await db.insertInto('webhooks').values({ url: 'https://example.com/h', secret: 's', events: ['episode.published'] }).returning('id').executeTakeFirstOrThrow();
    const d = await db
      .insertInto('webhook_deliveries')
      .values({ webhook_id: hook.id, event: 'episode.published', episode_id: waiting.id, generation: 1, payload: '{}', created_at: new Date(Date.now() - 600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await reconcile(db, queues, 60_000);
    expect(r.requeued.some((id) => id.includes(young.id) || id.includes(waiting.id))).toBe(false);
    expect(r.deliveries).toEqual([d.id]);
    expect(await queues.webhooks.getJob(webhookJobId({ deliveryId: d.id }))).toBeDefined();
  });

  it('records the reason of a job that failed while the database could not hear it', async () => {
    const ep = await episode('processing', 1);
    const jobId = stageJobId('ingest', { episodeId: ep.id, generation: 1 });
    await queues.ingest.add('ingest', { episodeId: ep.id, generation: 1 }, { jobId, attempts: 1 });
    const worker = createStageWorker(
      'ingest',
      async () => {
        throw new Error('gave up after 1800 s of database/Redis errors: connect ECONNREFUSED');
      },
      { connection: workerConnection(env.redisUrl), prefix: env.queuePrefix, concurrency: 1 },
    );
    await expect.poll(() => queues.ingest.getJobState(jobId), { timeout: 10_000, interval: 100 }).toBe('failed');
    await worker.close();
    expect((await reconcile(db, queues, 60_000)).failed).toEqual([ep.id]);
    const row = await db.selectFrom('episodes').select(['status', 'error']).where('id', '=', ep.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', error: expect.stringMatching(/^ingest: gave up after 1800 s of database\/Redis errors/) });
  });
});
