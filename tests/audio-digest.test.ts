// The audio is hashed once on `podpipe process`: where it is first read. Registration takes that hash while the file
// is unchanged, and ingest takes registration's digest of the archived copy while that object is unchanged; a file
// changed in between is hashed again. Real Postgres, Redis and the ingest stage.
import { execFile } from 'node:child_process';
import { mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEpisode } from '@podpipe/ingest/register';
import { prefetchAudioMeasurement } from '@podpipe/ingest/audio/prefetch';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import type { LocalBucket } from '@podpipe/shared/buckets';
import { digestFile, sha256, sha256File } from '@podpipe/shared/hash';
import { runStage } from '@podpipe/shared/stage';
import { useHarness } from './support/harness.ts';

const run = promisify(execFile);
const h = useHarness({ workers: false });
let dir: string;

/** A short mp3 tone at `hz`: distinct content per frequency. */
async function tone(name: string, hz: number): Promise<string> {
  const file = join(dir, name);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${hz}:sample_rate=22050:duration=2`, '-c:a', 'libmp3lame', '-b:a', '32k', file]);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpipe-digest-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const episodeRow = (id: string) => h.rt.db.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Runs ingest for the episode's current generation, forced; returns the published audio's sha256 and key. */
async function ingest(episodeId: string): Promise<{ sha256: string; key: string }> {
  const { generation } = await episodeRow(episodeId);
  expect(await runStage(STAGE_DEFINITIONS.ingest, h.rt, { episodeId, generation, force: true }, { attemptsMade: 0, id: `t${generation}` })).toBe('done');
  const published = (await episodeRow(episodeId)).audio_info!.published!;
  return { sha256: published.sha256, key: published.key };
}

describe('the audio hashed once on podpipe process', () => {
  it('registration takes the prefetch hash of an unchanged file; a file changed after it is hashed again', async () => {
    const file = await tone('a.mp3', 440);
    const { digest, cancel } = await prefetchAudioMeasurement(file);
    cancel();
    expect(digest).toMatchObject({ sha256: await sha256File(file), version: expect.any(String) });
    // Trusted: a digest that lies about the content is taken as it is while the file is that version. (Registration's
    // read-back of the archive copy would then refuse the copy: the hash is not the file's.)
    const lie = { ...digest, sha256: sha256('not this file') };
    await expect(registerEpisode(h.rt.db, h.rt.buckets, { audioPath: file, meta: { show: 'digest' }, audioDigest: lie })).rejects.toThrow(/does not match/);
    // Rewritten with the same length and its mtime put back: the change time still moves, so it is read again.
    const other = await readFile(await tone('b.mp3', 660));
    expect(other.length).toBe((await readFile(file)).length);
    const times = join(dir, 'times');
    await run('touch', ['-r', file, times]);
    const { mtimeNs } = await stat(file, { bigint: true });
    await writeFile(file, other);
    await run('touch', ['-r', times, file]);
    expect((await stat(file, { bigint: true })).mtimeNs).toBe(mtimeNs);
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: file, meta: { show: 'digest' }, audioDigest: lie });
    const row = await episodeRow(reg.episodeId);
    expect(row.content_hash).toBe(sha256(other));
    expect(row.audio_digest).toMatchObject({ key: row.audio_key, sha256: sha256(other), bytes: other.length });
  });

  it('ingest takes the archived digest while the archive object is unchanged, and hashes an object that changed', async () => {
    const file = await tone('c.mp3', 550);
    const bytes = await readFile(file);
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: file, meta: { show: 'digest' }, audioDigest: await digestFile(file) });
    const row = await episodeRow(reg.episodeId);
    expect(row.audio_digest).toMatchObject({ key: row.audio_key, sha256: sha256(bytes), bytes: bytes.length });
    expect(await ingest(reg.episodeId)).toMatchObject({ sha256: sha256(bytes) });

    // Proof that ingest takes the stored digest rather than reading: one that names another hash for the same object
    // version is what it publishes under.
    const planted = sha256('planted');
    await h.rt.db.updateTable('episodes').set({ audio_digest: JSON.stringify({ ...row.audio_digest!, sha256: planted }) }).where('id', '=', reg.episodeId).execute();
    expect(await ingest(reg.episodeId)).toMatchObject({ sha256: planted });

    // The archived object changed in place after registration (its last byte, same length): ingest reads and hashes it.
    const archived = (h.rt.buckets.ingest as LocalBucket).pathOf(row.audio_key!);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 0xff;
    const handle = await open(archived, 'r+');
    await handle.write(changed, changed.length - 1, 1, changed.length - 1);
    await handle.close();
    expect(await ingest(reg.episodeId)).toMatchObject({ sha256: sha256(changed) });

    // Replaced by a file of the original bytes (another inode): not the version read either, so hashed again.
    await writeFile(`${archived}.new`, bytes);
    await rename(`${archived}.new`, archived);
    expect(await ingest(reg.episodeId)).toMatchObject({ sha256: sha256(bytes) });
  });

  it('a digest for another key (the same content dropped with another extension) is not taken', async () => {
    const file = await tone('d.mp3', 770);
    const reg = await registerEpisode(h.rt.db, h.rt.buckets, { audioPath: file, meta: { show: 'digest' } });
    const row = await episodeRow(reg.episodeId);
    await h.rt.db.updateTable('episodes').set({ audio_digest: JSON.stringify({ ...row.audio_digest!, key: `${row.audio_key}.other`, sha256: sha256('planted') }) }).where('id', '=', reg.episodeId).execute();
    expect(await ingest(reg.episodeId)).toMatchObject({ sha256: await sha256File(file) });
  });
});
