// Periodic jobs come back by themselves after Redis loses its data: the S3 drop scan and the reconciler keep their
// BullMQ job schedulers in Redis, and set them again after a flush (no reconnection: the periodic check) and after a
// restart without persistence (the connection's ready event). A private redis-server: the shared one is never flushed.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchS3Drops } from '@podpipe/ingest/s3-drops';
import { createLogger } from '@podpipe/shared/logger';
import { createQueues, producerConnection } from '@podpipe/shared/queues';
import { startReconciler } from '@podpipe/shared/reconciler';
import { S3Bucket } from '@podpipe/shared/s3-bucket';
import { startTestS3, type TestS3 } from '@podpipe/shared/testing/s3';
import { useHarness } from '../support/harness.ts';
import { privateRedis, type PrivateRedis } from './support/private-services.ts';

const h = useHarness({ workers: false });
const log = createLogger('silent');
const PREFIX = 'schedulers';
let redis: PrivateRedis;
let s3: TestS3;
let drops: S3Bucket;

beforeAll(async () => {
  [redis, s3] = await Promise.all([privateRedis(), startTestS3('uploads')]);
  drops = new S3Bucket('drops', 's3://uploads/incoming', s3.client);
});
afterAll(async () => {
  await s3?.close();
  await redis?.destroy();
});

const upload = (key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: 'uploads', Key: `incoming/${key}`, Body: body }));
const registered = async () => (await h.rt.db.selectFrom('episodes').select('id').execute()).length;
const srt = (words: string) => `1\n00:00:00,000 --> 00:00:02,000\n${words}\n`;

/** Whether the scheduler is in the private Redis now, read through a connection of its own. */
async function scheduled(queueName: string, id: string): Promise<boolean> {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix: PREFIX });
  try {
    return Boolean(await queue.getJobScheduler(id));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

async function flushAll(): Promise<void> {
  const r = new Redis(redis.url);
  await r.flushall();
  r.disconnect();
}

describe('the S3 drop scan', () => {
  it('is scheduled again after a FLUSHALL and after a restart that lost the data, and takes drops after each', async () => {
    const watcher = await watchS3Drops({ db: h.rt.db, buckets: h.rt.buckets, drops, redisUrl: redis.url, prefix: PREFIX, log }, { settleMs: 0, everyMs: 200, checkMs: 500 });
    try {
      await upload('before.srt', srt('before the flush'));
      await expect.poll(registered, { timeout: 15_000 }).toBe(1);

      await flushAll();
      expect(await scheduled('drop-scans', 'scan-drop-bucket')).toBe(false);
      await expect.poll(() => scheduled('drop-scans', 'scan-drop-bucket'), { timeout: 10_000 }).toBe(true);
      await upload('flushed.srt', srt('after the flush'));
      await expect.poll(registered, { timeout: 15_000 }).toBe(2);

      await redis.stop();
      await redis.start({ lose: true });
      await expect.poll(() => scheduled('drop-scans', 'scan-drop-bucket'), { timeout: 15_000 }).toBe(true);
      await upload('restarted.srt', srt('after the restart'));
      await expect.poll(registered, { timeout: 15_000 }).toBe(3);
    } finally {
      await watcher.close();
    }
  });
});

describe('the reconciler', () => {
  it('is scheduled again after a FLUSHALL', async () => {
    const producer = producerConnection(redis.url);
    producer.on('error', () => undefined);
    const queues = createQueues(producer, PREFIX);
    const reconciler = await startReconciler({ db: h.rt.db, queues, redisUrl: redis.url, prefix: PREFIX, everyMs: 500, log });
    try {
      expect(await scheduled('reconcile', 'reconcile')).toBe(true);
      await flushAll();
      expect(await scheduled('reconcile', 'reconcile')).toBe(false);
      // Checked every 10 s at this period (checkIntervalMs).
      await expect.poll(() => scheduled('reconcile', 'reconcile'), { timeout: 20_000, interval: 500 }).toBe(true);
    } finally {
      await reconciler.close();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      producer.disconnect();
    }
  });
});
