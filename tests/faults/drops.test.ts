// The drop watcher raced by slow writers: a drop is taken only whole, each on its own clock, and its source is
// removed only after the archived copy is verified.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProgressStem } from '@podpipe/ingest/drops';
import { archiveVerified } from '@podpipe/ingest/register';
import { watchDrops } from '@podpipe/ingest/watch';
import { LocalBucket } from '@podpipe/shared/buckets';
import { createLogger } from '@podpipe/shared/logger';
import { useHarness } from '../support/harness.ts';

const h = useHarness({ workers: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function episodeByHash(hash: string) {
  return h.rt.db.selectFrom('episodes').selectAll().where('content_hash', '=', hash).executeTakeFirst();
}

describe('inProgressStem', () => {
  it('reads the stem out of upload markers and temp names', () => {
    expect(inProgressStem('ep.mp3.part')).toBe('ep');
    expect(inProgressStem('ep.part')).toBe('ep');
    expect(inProgressStem('.ep.mp3.Xy12Ab')).toBe('ep');
    expect(inProgressStem('ep.mp3.crdownload')).toBe('ep');
    expect(inProgressStem('ep.mp3')).toBeUndefined();
    expect(inProgressStem('.DS_Store')).toBeUndefined();
  });
});

describe('watchDrops raced by a slow writer', () => {
  it('takes a quick drop on its own clock while a slow upload, pausing longer than the settle time, waits until whole', async () => {
    const dropDir = path.join(h.env.dataDir, 'drops-race');
    mkdirSync(dropDir, { recursive: true });
    const watcher = watchDrops(h.rt.db, h.rt.buckets, dropDir, createLogger('silent'), { settleMs: 300, scanMs: 100 });
    try {
      const audio = randomBytes(3 * 1024 * 1024);
      const slow = path.join(dropDir, 'slow.mp3');
      const handle = await fs.open(slow, 'w');
      // The first third, then a pause twice the settle time with the file still open.
      await handle.write(audio.subarray(0, 1024 * 1024));
      await sleep(700);
      // Meanwhile another drop arrives and is taken on its own.
      await fs.writeFile(path.join(dropDir, 'quick.txt'), 'a quick transcript that arrives while the other is uploading');
      await expect.poll(() => existsSync(path.join(dropDir, 'quick.txt')), { timeout: 5000, interval: 100 }).toBe(false);
      expect(existsSync(slow)).toBe(true);
      expect(await h.rt.db.selectFrom('episodes').select('id').execute()).toHaveLength(1);
      await handle.write(audio.subarray(1024 * 1024, 2 * 1024 * 1024));
      await sleep(700);
      expect(existsSync(slow)).toBe(true);
      await handle.write(audio.subarray(2 * 1024 * 1024));
      await handle.close();
      await expect.poll(() => existsSync(slow), { timeout: 5000, interval: 100 }).toBe(false);
      const episode = await episodeByHash(sha(audio));
      expect(episode).toBeDefined();
      expect(await h.rt.buckets.ingest.getBytes(episode!.audio_key!)).toHaveLength(audio.length);
      expect(await h.rt.db.selectFrom('episodes').select('id').execute()).toHaveLength(2);
    } finally {
      await watcher.close();
    }
  });

  it('never takes a file while its NAME.part marker is there, however long it is still', async () => {
    const dropDir = path.join(h.env.dataDir, 'drops-part');
    mkdirSync(dropDir, { recursive: true });
    const watcher = watchDrops(h.rt.db, h.rt.buckets, dropDir, createLogger('silent'), { settleMs: 200, scanMs: 100 });
    try {
      const text = `a transcript uploaded in two steps ${randomBytes(8).toString('hex')}`;
      await fs.writeFile(path.join(dropDir, 'ep7.txt'), text.slice(0, 10));
      await fs.writeFile(path.join(dropDir, 'ep7.txt.part'), '');
      await sleep(800);
      expect(readdirSync(dropDir).sort()).toEqual(['ep7.txt', 'ep7.txt.part']);
      await fs.writeFile(path.join(dropDir, 'ep7.txt'), text);
      await fs.rm(path.join(dropDir, 'ep7.txt.part'));
      await expect.poll(() => existsSync(path.join(dropDir, 'ep7.txt')), { timeout: 5000, interval: 100 }).toBe(false);
      expect(await episodeByHash(sha(Buffer.from(text)))).toBeDefined();
    } finally {
      await watcher.close();
    }
  });
});

describe('archiveVerified', () => {
  it('replaces a torn archive copy and refuses one that cannot match its source', async () => {
    const bucket = new LocalBucket('ingest', path.join(h.env.dataDir, 'verify'));
    const source = path.join(h.env.dataDir, 'source.bin');
    const bytes = randomBytes(100_000);
    await fs.writeFile(source, bytes);
    await bucket.putBytes('archive/x/audio.mp3', bytes.subarray(0, 5000)); // an earlier torn write
    await archiveVerified(bucket, 'archive/x/audio.mp3', source, sha(bytes));
    expect(sha(await bucket.getBytes('archive/x/audio.mp3'))).toBe(sha(bytes));
    // The source no longer has the hash the drop was registered under: the copy cannot be verified.
    await expect(archiveVerified(bucket, 'archive/y/audio.mp3', source, sha(Buffer.from('other')))).rejects.toThrow(/does not match source\.bin/);
  });
});
