/**
 * The audio listeners get: the dropped file as it is, or a copy normalized to the podcast loudness norm, written
 * to the publish bucket under the source audio's content hash (so a re-run finds it in place and skips the work).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mime from 'mime-types';
import type { Bucket } from '@podpipe/shared/buckets';
import type { PublishedAudio } from '@podpipe/shared/db/schema';
import { sha256File } from '@podpipe/shared/hash';
import { normalizeAudio, type Loudness } from './audio/audio.ts';

/** Size and content hash of a local file. */
export async function describeAudioFile(file: string): Promise<{ bytes: number; sha256: string }> {
  return { bytes: (await stat(file)).size, sha256: await sha256File(file) };
}

/**
 * Publishes `file` (the episode's dropped audio, already measured) in the given mode. `source`: describeAudioFile(file), when
 * the caller started it earlier (ingest hashes the file while ffmpeg decodes it).
 */
export async function publishAudio(publish: Bucket, file: string, mode: PublishedAudio['mode'], measured: Loudness, source = describeAudioFile(file)): Promise<PublishedAudio> {
  const described = await source;
  const ext = mode === 'normalized' ? '.mp3' : path.extname(file).toLowerCase();
  const key = `audio/${described.sha256}/${mode}${ext}`;
  const mimeType = mime.lookup(ext) || 'application/octet-stream';
  if (mode === 'original') {
    if (!(await publish.exists(key))) await publish.putFile(key, file);
    return { key, ...described, mimeType, mode };
  }
  // Encoded once per source: a re-run reads what is already published instead of encoding again.
  if (await publish.exists(key)) return { key, ...(await publish.withLocalFile(key, describeAudioFile)), mimeType, mode };
  const dir = await mkdtemp(path.join(tmpdir(), 'podpipe-audio-'));
  try {
    const out = path.join(dir, `normalized${ext}`);
    await normalizeAudio(file, out, { measured, codec: 'mp3' });
    await publish.putFile(key, out);
    return { key, ...(await describeAudioFile(out)), mimeType, mode };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
