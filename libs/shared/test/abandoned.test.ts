// Jobs BullMQ fails on its own (stalled too often) are recorded on their episode, on a real Postgres and Redis.
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAbandonedJob, recordAbandonedJobs } from '../src/abandoned.ts';
import { createDatabase, type Database } from '../src/database.ts';
import { parseStageJobId, stageJobId } from '../src/jobs.ts';
import { createLogger } from '../src/logger.ts';
import { createStageWorker, workerConnection } from '../src/queues.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';
import { insertEpisodeRow } from '../src/testing/episode-row.ts';

let env: IsolatedEnv;
let db: Database;
const STALLED = 'job stalled more than allowable limit';

beforeAll(async () => {
  env = await isolatedEnv();
  db = createDatabase(env.databaseUrl, 2);
});

afterAll(async () => {
  await db?.destroy();
  await env?.dispose();
});

let episodeId: string;
beforeEach(async () => {
  episodeId = (await insertEpisodeRow(db, { stage: 'segment', generation: 2 })).id;
  await db.insertInto('stage_runs').values({ episode_id: episodeId, stage: 'segment', generation: 2, attempt: 1, status: 'running', fingerprint: 'f' }).execute();
});

const episode = () => db.selectFrom('episodes').select(['status', 'stage', 'error']).where('id', '=', episodeId).executeTakeFirstOrThrow();
const runStatus = async () => (await db.selectFrom('stage_runs').select('status').where('episode_id', '=', episodeId).executeTakeFirstOrThrow()).status;

describe('parseStageJobId', () => {
  it('reads back what stageJobId wrote, and nothing else', () => {
    const id = '2b1f4c1e-8a55-4b8e-9d55-4c1f0c3b7a10';
    expect(parseStageJobId(stageJobId('transcribe-fix', { episodeId: id, generation: 12 }))).toEqual({ stage: 'transcribe-fix', episodeId: id, generation: 12 });
    expect(parseStageJobId(`mix.${id}.g1`)).toBeUndefined();
    expect(parseStageJobId('42')).toBeUndefined();
  });
});

describe('recordAbandonedJob', () => {
  it('fails the episode and its running stage run with a reason an operator can act on', async () => {
    expect(await recordAbandonedJob(db, stageJobId('segment', { episodeId, generation: 2 }), STALLED)).toBe(true);
    expect(await episode()).toEqual({ status: 'failed', stage: 'segment', error: expect.stringMatching(/^segment: job stalled .*reprocess/) });
    expect(await runStatus()).toBe('failed');
    expect(await recordAbandonedJob(db, stageJobId('segment', { episodeId, generation: 2 }), STALLED)).toBe(false); // idempotent
  });

  it('leaves an episode alone once a newer request or a finished run owns it', async () => {
    expect(await recordAbandonedJob(db, stageJobId('segment', { episodeId, generation: 1 }), STALLED)).toBe(false);
    await db.updateTable('episodes').set({ status: 'done', stage: null }).where('id', '=', episodeId).execute();
    expect(await recordAbandonedJob(db, stageJobId('segment', { episodeId, generation: 2 }), STALLED)).toBe(false);
    expect(await episode()).toEqual({ status: 'done', stage: null, error: null });
  });
});

describe('recordAbandonedJobs', () => {
  let connection: Redis;
  let queue: Queue;
  const workers: Worker[] = [];

  beforeAll(() => {
    connection = workerConnection(env.redisUrl);
    queue = new Queue('segment', { connection, prefix: env.queuePrefix });
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    connection?.disconnect();
  });

  it('records a job that BullMQ failed because its worker stopped renewing the lock', async () => {
    const jobId = stageJobId('segment', { episodeId, generation: 2 });
    await queue.add('segment', { episodeId, generation: 2, force: false }, { jobId });
    // A worker takes the job and then goes silent, as a crashed or hung process would: no lock renewal.
    const silent = new Worker('segment', undefined, { connection: workerConnection(env.redisUrl), prefix: env.queuePrefix, autorun: false, lockDuration: 300, stalledInterval: 200, maxStalledCount: 0 });
    workers.push(silent);
    expect((await silent.getNextJob('a-token'))?.id).toBe(jobId);
    await silent.startStalledCheckTimer();
    await expect.poll(() => queue.getJobState(jobId), { timeout: 10_000, interval: 100 }).toBe('waiting');
    // The next worker to take it fails it for BullMQ before the processor runs.
    const ran: unknown[] = [];
    const next = createStageWorker('segment', async (payload) => void ran.push(payload), { connection: workerConnection(env.redisUrl), prefix: env.queuePrefix, concurrency: 1 });
    workers.push(next);
    recordAbandonedJobs(next, db, createLogger('silent'));
    await expect.poll(async () => (await episode()).status, { timeout: 10_000, interval: 100 }).toBe('failed');
    expect((await episode()).error).toMatch(/^segment: job stalled more than allowable limit/);
    expect(await runStatus()).toBe('failed');
    expect(await queue.getJobState(jobId)).toBe('failed');
    expect(ran).toEqual([]);
  });
});
