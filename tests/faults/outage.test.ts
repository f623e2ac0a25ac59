// Postgres and Redis stopped and restarted under real podpipe processes (a worker process running every stage, and
// the operator service): short outages are ridden out, /readyz says 503 meanwhile, an outage longer than the retry
// budget fails the episode with the reason, and jobs Redis lost are put back by the reconciler.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBuckets } from '@podpipe/shared/buckets';
import { STAGES } from '@podpipe/shared/jobs';
import { createDatabase, type Database } from '@podpipe/shared/database';
import { enqueueStage, createQueues, producerConnection, type Queues } from '@podpipe/shared/queues';
import { freePort, privatePostgres, privateRedis, type PrivatePostgres, type PrivateRedis } from './support/private-services.ts';
import { insertEpisodeRow } from '@podpipe/shared/testing/episode-row';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cli = path.resolve('services/control/bin/podpipe.mjs');
const quiet = { warn: () => undefined };

let pg: PrivatePostgres;
let redis: PrivateRedis;
let db: Database;
let queues: Queues;
let dataDir: string;
let readyz: string;
const processes: ChildProcess[] = [];

function start(args: string[], env: Record<string, string>, name: string): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(path.join(dataDir, `${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  processes.push(child);
  return child;
}

const alive = () => processes.every((p) => p.exitCode === null && p.signalCode === null);
const readyStatus = () => fetch(readyz, { signal: AbortSignal.timeout(4000) }).then((r) => r.status, () => 0);

beforeAll(async () => {
  [pg, redis] = await Promise.all([privatePostgres(), privateRedis()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-outage-'));
  db = createDatabase(pg.url, 2, quiet);
  await promisify(execFile)(process.execPath, [cli, 'migrate'], { env: { ...process.env, DATABASE_URL: pg.url } });
  const producer = producerConnection(redis.url);
  producer.on('error', () => undefined);
  queues = createQueues(producer, 'outage', quiet);
  const port = await freePort();
  readyz = `http://127.0.0.1:${port}/readyz`;
  const env = {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    PODPIPE_DATA_DIR: dataDir,
    PODPIPE_QUEUE_PREFIX: 'outage',
    PODPIPE_RETRY_MAX_DELAY_SEC: '1',
    PODPIPE_RETRY_BUDGET_SEC: '10',
    PODPIPE_RECONCILE_SEC: '2',
    PODPIPE_PUBLISH_AUDIO: 'none',
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  start(['worker', ...STAGES], env, 'worker');
  start(['serve'], env, 'serve');
  for (const deadline = Date.now() + 60_000; (await readyStatus()) !== 200; await sleep(250)) {
    if (Date.now() > deadline) throw new Error(`the operator service never got ready; see ${dataDir}/serve.log`);
  }
}, 120_000);

afterAll(async () => {
  for (const p of processes) if (p.exitCode === null) p.kill('SIGKILL');
  await db?.destroy().catch(() => undefined);
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close().catch(() => undefined)));
  await pg?.destroy();
  await redis?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** An episode whose hand-off was already dispatched (no outbox row): only its job, if any, moves it on. */
async function queuedEpisode(minutesOld = 0): Promise<string> {
  const key = `archive/test/${crypto.randomUUID()}.txt`;
  await localBuckets(dataDir).ingest.putBytes(key, 'welcome back to the show today we talk about sourdough bread and the people who bake it at home every week');
  return (await insertEpisodeRow(db, { status: 'queued', transcript_key: key, updated_at: new Date(Date.now() - minutesOld * 60_000) })).id;
}

const episode = async (id: string) => db.selectFrom('episodes').select(['status', 'error', 'stage']).where('id', '=', id).executeTakeFirstOrThrow();
const statusOf = async (id: string) => (await episode(id).catch(() => ({ status: 'unreachable' }))).status;

describe('a Postgres restart', () => {
  it('is ridden out: the job waiting on it carries on, no process dies, /readyz says 503 meanwhile', async () => {
    const id = await queuedEpisode();
    await pg.stop();
    await enqueueStage(queues, 'ingest', { episodeId: id, generation: 1 }); // the job now meets a dead database
    await expect.poll(readyStatus, { timeout: 10_000, interval: 250 }).toBe(503);
    await sleep(4000);
    expect(alive()).toBe(true);
    await pg.start();
    await expect.poll(() => statusOf(id), { timeout: 60_000, interval: 250 }).toBe('done');
    expect((await episode(id)).error).toBeNull();
    const runs = await db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', id).where('status', '=', 'failed').execute();
    expect(runs).toEqual([]); // the outage was nobody's failure
    expect(await readyStatus()).toBe(200);
    expect(alive()).toBe(true);
  });

  it('longer than the retry budget fails the episode with the reason, recorded once the database is back', async () => {
    const id = await queuedEpisode();
    await pg.stop();
    await enqueueStage(queues, 'ingest', { episodeId: id, generation: 1 });
    await expect.poll(async () => (await queues.ingest.getJob(`ingest.${id}.g1`))?.failedReason ?? '', { timeout: 30_000, interval: 250 }).toMatch(/^gave up after \d+ s of database\/Redis errors/);
    expect(alive()).toBe(true);
    await pg.start();
    await expect.poll(() => statusOf(id), { timeout: 30_000, interval: 250 }).toBe('failed');
    expect((await episode(id)).error).toMatch(/^ingest: gave up after \d+ s of database\/Redis errors: .*; reprocess the episode to retry$/);
    expect(alive()).toBe(true);
  });
});

describe('a Redis restart', () => {
  it('is ridden out: work registered meanwhile is handed on once Redis is back', async () => {
    await redis.stop();
    await expect.poll(readyStatus, { timeout: 10_000, interval: 250 }).toBe(503);
    // Registered while Redis is down: the hand-off waits in the outbox.
    const id = await queuedEpisode();
    await db.insertInto('outbox').values({ queue: 'ingest', job_id: `ingest.${id}.g1`, payload: JSON.stringify({ episodeId: id, generation: 1, force: false, background: false }) }).execute();
    await sleep(3000);
    expect(alive()).toBe(true);
    await redis.start();
    await expect.poll(() => statusOf(id), { timeout: 60_000, interval: 250 }).toBe('done');
    await expect.poll(readyStatus, { timeout: 10_000, interval: 250 }).toBe(200);
    expect(alive()).toBe(true);
  });

  it('that lost its data: the reconciler puts back the jobs of unfinished episodes', async () => {
    const id = await queuedEpisode(1); // its job was in the Redis that is about to lose everything
    await redis.stop();
    await redis.start({ lose: true });
    await expect.poll(() => statusOf(id), { timeout: 60_000, interval: 250 }).toBe('done');
    expect(alive()).toBe(true);
  });
});
