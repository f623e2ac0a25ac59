/**
 * Drops uploaded to an S3 bucket (PODPIPE_DROP_BUCKET): a BullMQ job scheduler runs one scan at a time, across
 * every watcher process, every few seconds. A scan takes each drop whose files have all been in place for the
 * settle time, downloads it, registers it as the drop watcher does (archived in the ingest bucket, the episode
 * and its ingest job recorded in one transaction) and only then deletes the uploads; a drop that cannot be taken
 * is moved under failed/ with the reason beside it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import type { Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import type { Logger } from '@podpipe/shared/logger';
import { keepJobScheduler } from '@podpipe/shared/job-scheduler';
import { workerConnection } from '@podpipe/shared/queues';
import type { S3Bucket } from '@podpipe/shared/s3-bucket';
import { groupDrops, type DropFiles } from './drops.ts';
import { registerDrop } from './register.ts';

export interface S3DropOptions {
  /** How long every file of a drop must have been in place before it is taken (sidecars often follow the audio). */
  settleMs: number;
}

const filesOf = (drop: DropFiles) => [drop.audio, drop.transcript, drop.meta].filter((f): f is string => Boolean(f));

/** Registers one settled drop from the bucket; its uploads are deleted once the episode is safely recorded. */
async function takeS3Drop(db: Database, buckets: Buckets, drops: S3Bucket, drop: DropFiles, log: Logger): Promise<void> {
  const keys = filesOf(drop);
  const dir = await mkdtemp(path.join(tmpdir(), 'podpipe-drop-'));
  try {
    const local = (key: string) => path.join(dir, path.basename(key));
    for (const key of keys) await drops.download(key, local(key));
    const reg = await registerDrop(db, buckets, {
      stem: drop.stem,
      ...(drop.audio ? { audio: local(drop.audio) } : {}),
      ...(drop.transcript ? { transcript: local(drop.transcript) } : {}),
      ...(drop.meta ? { meta: local(drop.meta) } : {}),
    });
    for (const key of keys) await drops.delete(key);
    log.info({ episodeId: reg.episodeId, stem: drop.stem, created: reg.created, error: reg.error }, reg.error ? 'drop kept but failed' : 'drop registered');
  } catch (err) {
    const failed = `failed/${drop.stem}-${Date.now()}`;
    for (const key of keys) {
      await drops.withLocalFile(key, (file) => drops.putFile(`${failed}/${path.basename(key)}`, file));
      await drops.delete(key);
    }
    await drops.putBytes(`${failed}/error.txt`, `${(err as Error).message}\n`);
    log.error({ stem: drop.stem, failed, err: (err as Error).message }, 'drop rejected; moved to failed/');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One pass over the drop bucket: takes every drop whose files have all settled; returns how many it took. */
export async function scanS3Drops(db: Database, buckets: Buckets, drops: S3Bucket, opts: S3DropOptions, log: Logger): Promise<number> {
  const objects = await drops.list();
  const uploadedAt = new Map(objects.map((o) => [o.key, o.lastModified.getTime()]));
  const settled = (key: string) => Date.now() - (uploadedAt.get(key) ?? Date.now()) >= opts.settleMs;
  let taken = 0;
  for (const drop of groupDrops(objects.map((o) => o.key))) {
    if (!filesOf(drop).every(settled)) continue;
    await takeS3Drop(db, buckets, drops, drop, log);
    taken++;
  }
  return taken;
}

const QUEUE = 'drop-scans';

/**
 * Scans the drop bucket every `everyMs` through a BullMQ job scheduler: any number of watcher processes share one
 * schedule, and the queue's global concurrency of 1 keeps two scans from taking the same drop. The schedule is set
 * again when Redis lost it (looked for every `checkMs`, and on every reconnection).
 */
export async function watchS3Drops(
  args: { db: Database; buckets: Buckets; drops: S3Bucket; redisUrl: string; prefix: string; log: Logger },
  opts: S3DropOptions & { everyMs: number; checkMs?: number },
): Promise<{ close(): Promise<void> }> {
  const queueConnection = workerConnection(args.redisUrl);
  const workerConn = workerConnection(args.redisUrl);
  const queue = new Queue(QUEUE, { connection: queueConnection, prefix: args.prefix });
  queue.on('error', (err) => args.log.warn({ err: err.message }, 'drop scan queue redis error'));
  queueConnection.on('error', (err) => args.log.warn({ err: err.message }, 'drop scan redis connection error'));
  workerConn.on('error', (err) => args.log.warn({ err: err.message }, 'drop scan redis connection error'));
  const schedule = await keepJobScheduler(queue, queueConnection, { id: 'scan-drop-bucket', everyMs: opts.everyMs, name: 'scan', keep: { completed: 100, failed: 100 } }, args.log, opts.checkMs);
  const worker = new Worker(QUEUE, () => scanS3Drops(args.db, args.buckets, args.drops, opts, args.log), { connection: workerConn, prefix: args.prefix, concurrency: 1 });
  worker.on('failed', (_job, err) => args.log.error({ err: err.message }, 'drop bucket scan failed; the next one retries'));
  worker.on('error', (err) => args.log.error({ err }, 'drop scan worker error'));
  args.log.info({ everyMs: opts.everyMs }, 'watching the drop bucket');
  return {
    close: async () => {
      schedule.stop();
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConn.disconnect();
    },
  };
}
