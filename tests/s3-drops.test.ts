// Drops uploaded to an S3-compatible bucket (s3rver here) are taken once settled, registered, archived and
// removed from the bucket; the scan runs on a BullMQ job scheduler. Real Redis and Postgres.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanS3Drops, watchS3Drops } from '@podpipe/ingest/s3-drops';
import { createLogger } from '@podpipe/shared/logger';
import { S3Bucket } from '@podpipe/shared/s3-bucket';
import { startTestS3, type TestS3 } from '@podpipe/shared/testing/s3';
import { useHarness } from './support/harness.ts';

const h = useHarness({ workers: false });
const log = createLogger('silent');
let s3: TestS3;
let drops: S3Bucket;

beforeAll(async () => {
  s3 = await startTestS3('uploads');
  drops = new S3Bucket('drops', 's3://uploads/incoming', s3.client);
});
afterAll(async () => {
  await s3?.close();
});

const upload = (key: string, body: string) => s3.client.send(new PutObjectCommand({ Bucket: 'uploads', Key: `incoming/${key}`, Body: body }));
const keys = async () => (await drops.list()).map((o) => o.key).sort();
const episodes = () => h.rt.db.selectFrom('episodes').select(['id', 'title', 'status', 'transcript_key']).orderBy('created_at').execute();

describe('S3 drops', () => {
  it('leaves a drop whose files have not settled, then takes it: registered, archived, removed from the bucket', async () => {
    await upload('ep1.txt', 'welcome to the show about bread');
    await upload('ep1.meta.json', JSON.stringify({ show: 'Bread Talk', title: 'Bread' }));
    await upload('notes.pdf', 'not part of any drop');
    expect(await scanS3Drops(h.rt.db, h.rt.buckets, drops, { settleMs: 60_000 }, log)).toBe(0);
    expect(await episodes()).toEqual([]);

    expect(await scanS3Drops(h.rt.db, h.rt.buckets, drops, { settleMs: 0 }, log)).toBe(1);
    const [episode] = await episodes();
    expect(episode).toMatchObject({ title: 'Bread', status: 'queued' });
    expect(await h.rt.buckets.ingest.exists(episode!.transcript_key!)).toBe(true);
    expect(await keys()).toEqual(['notes.pdf']); // the drop's files are gone, the stray file stays
  });

  it('scans on a BullMQ schedule', async () => {
    const watcher = await watchS3Drops({ db: h.rt.db, buckets: h.rt.buckets, drops, redisUrl: h.env.redisUrl, prefix: h.env.queuePrefix, log }, { settleMs: 0, everyMs: 200 });
    try {
      await upload('ep2.srt', '1\n00:00:00,000 --> 00:00:02,000\nsecond episode about rye\n');
      await expect.poll(async () => (await episodes()).length, { timeout: 10_000 }).toBe(2);
      await expect.poll(keys, { timeout: 5_000 }).toEqual(['notes.pdf']);
    } finally {
      await watcher.close();
    }
  });
});
