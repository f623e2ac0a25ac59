import { stat } from 'node:fs/promises';
import { prefetchAudioMeasurement } from '@podpipe/ingest/audio/prefetch';

/** A measurement started ahead of the ingest job that takes it (see prefetchAudioMeasurement). */
export type AudioPrefetch = Awaited<ReturnType<typeof prefetchAudioMeasurement>>;

/**
 * Starts measuring the audio of `podpipe process` at once (audio/prefetch.ts): the decoding pass is most of an
 * episode with a timed transcript, and it runs while the runtime opens, the workers start and the episode is
 * registered; this process's ingest job takes the result (same bytes, same commands). A file over the size limit,
 * or one that cannot be read, is left to ingest to refuse. Its own small module, so the CLI starts it before it loads
 * the heavy modules (~1.5 s of CPU): the same module instance is the one the ingest job of this process reads.
 */
export async function prefetchForProcess(audioPath: string, maxBytes: number): Promise<AudioPrefetch | undefined> {
  const size = await stat(audioPath).then((s) => s.size, () => Infinity);
  if (size > maxBytes) return undefined;
  return prefetchAudioMeasurement(audioPath).catch(() => undefined);
}
