import { digestFile, type FileDigest } from '@podpipe/shared/hash';
import { explained, ffmpegTimeoutSec, parseAnalysis, probeAudio, type AudioFacts, type Loudness } from './audio.ts';
import { analyzeCommand } from './commands.ts';
import { runFfmpeg } from './runner.ts';
import type { Silence } from '@podpipe/shared/transcript';

/** What ingest measures of an audio file: the probe, then the decoding pass (silences, loudness, decoded length). */
export interface AudioMeasurement {
  facts: AudioFacts;
  analysis: { silences: Silence[]; loudness: Loudness; decodedSec: number | undefined };
}

/** A measurement started ahead of the ingest job that will need it (see prefetchAudioMeasurement). */
export interface PrefetchedAudio {
  /** The probe; rejects as probeAudio would (then ingest probes its own copy, for its own error message). */
  facts: Promise<AudioFacts>;
  /** The decoding pass; rejects as analyzeAudio would. */
  analysis: Promise<AudioMeasurement['analysis']>;
  /** Seconds decoded so far, for the job's progress. */
  decodedSoFar(): number;
}

interface Entry extends PrefetchedAudio {
  abort: AbortController;
}

/** Measurements started and not yet taken, by the audio's sha256 (the episode's content hash when it has audio). */
const started = new Map<string, Entry>();

/**
 * Starts measuring `audioPath` now — ffprobe and the ffmpeg analysis pass, the commands the ingest stage runs — so a
 * one-shot `podpipe process` decodes the audio while it starts its workers and registers the episode instead of
 * after. The probe and the pass start together: the pass needs the probe's duration only for its timeout (set once the
 * probe answers) and for progress (kept in seconds), and it would fail on a file the probe rejects (it is then
 * stopped). The ingest job of this process whose audio has this content (sha256, which registration computes too)
 * takes the result instead of decoding again (takePrefetchedAudio); cancel() forgets a measurement nobody took (a
 * skipped ingest) and kills its ffmpeg if it still runs. Resolves with the hash, and the digest it is from (for
 * registration: the file's only read for its hash, registerEpisode's audioDigest), once ffmpeg has been spawned and the
 * measurement is registered; pure timing: the results are the ones ingest would have measured on its archived copy
 * (same bytes, same commands). `probe`: probeAudio (tests pass a slow or failing one).
 */
export async function prefetchAudioMeasurement(audioPath: string, probe = probeAudio): Promise<{ sha256: string; digest: FileDigest; cancel(): void }> {
  const abort = new AbortController();
  const facts = probe(audioPath);
  let decoded = 0;
  let spawned!: () => void;
  const ffmpegSpawned = new Promise<void>((resolve) => (spawned = resolve));
  const startedAt = Date.now();
  // A timeout for an unknown duration until the probe says how long the audio is.
  const pass = runFfmpeg(audioPath, analyzeCommand(), ffmpegTimeoutSec(undefined), { onProgress: (seconds) => (decoded = seconds), signal: abort.signal, onSpawn: spawned });
  let passDone = false;
  let timer: NodeJS.Timeout | undefined;
  const passSettled = pass.then(
    () => undefined,
    () => undefined,
  );
  void passSettled.then(() => {
    passDone = true;
    clearTimeout(timer);
  });
  facts.then(
    (f) => {
      if (passDone) return;
      timer = setTimeout(() => abort.abort(), Math.max(0, ffmpegTimeoutSec(f.durationSec) * 1000 - (Date.now() - startedAt)));
      timer.unref();
    },
    () => abort.abort(),
  );
  const analysis = Promise.all([pass, facts]).then(([stderr, f]) => explained(stderr, () => parseAnalysis(stderr, f.durationSec)));
  // Nobody may take a failed measurement: keep the rejections handled (ingest then measures on its own).
  facts.catch(() => undefined);
  analysis.catch(() => undefined);
  const entry: Entry = { facts, analysis, decodedSoFar: () => decoded, abort };
  let digest: FileDigest;
  try {
    [digest] = await Promise.all([digestFile(audioPath), Promise.race([ffmpegSpawned, passSettled])]);
  } catch (err) {
    abort.abort();
    throw err;
  }
  const { sha256 } = digest;
  started.set(sha256, entry);
  return {
    sha256,
    digest,
    cancel: () => {
      if (started.get(sha256) !== entry) return;
      started.delete(sha256);
      abort.abort();
    },
  };
}

/**
 * The measurement prefetched in this process for audio with this sha256, taken once (a later job of the same content
 * measures on its own); undefined when none was started. A measurement that finished before it was taken is still
 * there until taken or cancelled.
 */
export function takePrefetchedAudio(sha256: string | null | undefined): PrefetchedAudio | undefined {
  if (!sha256) return undefined;
  const entry = started.get(sha256);
  if (entry) started.delete(sha256);
  return entry;
}
