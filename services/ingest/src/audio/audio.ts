import type { Silence } from '@podpipe/shared/transcript';
import {
  analyzeCommand,
  loudnessCommand,
  normalizeCommand,
  silenceCommand,
  DEFAULT_SILENCE,
  PODCAST_LOUDNESS,
  type AudioCodec,
  type LoudnessTarget,
  type SilenceOptions,
} from './commands.ts';
import { BadInputError } from '@podpipe/shared/errors';
import { parseDecodedDuration, parseEbur128, parseProbe, parseSilences, type AudioFacts, type Loudness } from './parse.ts';
import { runFfmpeg, runFfprobe, tailLines } from './runner.ts';

export type { AudioFacts, Loudness } from './parse.ts';

/**
 * How long one ffmpeg pass over an episode may take: two minutes plus its duration. Decoding runs many times
 * faster than real time (a 75-minute episode is analysed in about 15 s on one core), so a pass slower than
 * real time is stuck, not busy. Unknown durations get three hours.
 */
export function ffmpegTimeoutSec(durationSec: number | undefined): number {
  return Math.ceil(120 + (durationSec ?? 3 * 3600));
}

/** ffprobe facts about an audio file; rejects with a clear message for a file with no audio stream or that is not media. */
export async function probeAudio(path: string): Promise<AudioFacts> {
  return parseProbe(await runFfprobe(path), path);
}

/** Silences and loudness measured in one decoding pass (silencedetect + ebur128 with true peak). */
export async function analyzeAudio(
  path: string,
  opts: Partial<SilenceOptions> & { durationSec?: number; timeoutSec?: number; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<{ silences: Silence[]; loudness: Loudness; decodedSec: number | undefined }> {
  const { durationSec, onProgress } = opts;
  const progress = onProgress && durationSec ? (seconds: number) => onProgress(Math.min(1, seconds / durationSec)) : undefined;
  const stderr = await runFfmpeg(path, analyzeCommand({ ...DEFAULT_SILENCE, ...pickSilence(opts) }), opts.timeoutSec ?? ffmpegTimeoutSec(opts.durationSec), { onProgress: progress, signal: opts.signal });
  return explained(stderr, () => parseAnalysis(stderr, durationSec));
}

/**
 * Runs a parse of ffmpeg's stderr; when it fails, the error carries ffmpeg's last lines and how much it wrote, so a
 * pass that exited cleanly without its summary can be told apart from one that decoded nothing.
 */
export function explained<T>(stderr: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const tail = tailLines(stderr, 3).replace(/\n/g, ' | ');
    throw new Error(`${(err as Error).message} (ffmpeg wrote ${stderr.length} characters${tail ? `, ending: ${tail}` : ''})`, { cause: err });
  }
}

/** What an analysis pass's stderr says: silences, loudness and the decoded length (`durationSec`: the header's, for silences when the pass did not say). */
export function parseAnalysis(stderr: string, durationSec: number | undefined): { silences: Silence[]; loudness: Loudness; decodedSec: number | undefined } {
  const decodedSec = parseDecodedDuration(stderr);
  return { silences: parseSilences(stderr, decodedSec ?? durationSec), loudness: parseEbur128(stderr), decodedSec };
}

/**
 * The duration to believe: the decoded one. A file decoding more than `toleranceSec` short of what its header says is
 * truncated (a cut-off upload) or its header lies (VBR without a seek table): rejected, or taken at the decoded length
 * with a warning, by `policy`.
 */
export function believedDuration(
  headerSec: number,
  decodedSec: number | undefined,
  policy: 'reject' | 'warn',
  toleranceSec = 3,
): { durationSec: number; warning?: string } {
  if (decodedSec === undefined || headerSec - decodedSec <= toleranceSec) return { durationSec: decodedSec ?? headerSec };
  const what = `audio decodes to ${decodedSec.toFixed(1)} s but its header says ${headerSec.toFixed(1)} s`;
  if (policy === 'reject') throw new BadInputError(`${what}: the file is truncated; drop it again whole`);
  return { durationSec: decodedSec, warning: `${what}; taken at the decoded length (truncated upload?)` };
}

/** Silences (start/end seconds) found by ffmpeg silencedetect; parsed from stderr by a pure parser. */
export async function detectSilences(path: string, opts: Partial<SilenceOptions> & { durationSec?: number } = {}): Promise<Silence[]> {
  const stderr = await runFfmpeg(path, silenceCommand({ ...DEFAULT_SILENCE, ...pickSilence(opts) }), ffmpegTimeoutSec(opts.durationSec));
  return parseSilences(stderr, opts.durationSec);
}

/** Integrated loudness, range, gate and true peak (EBU R128 via the ebur128 filter, about 4x faster than a loudnorm analysis pass). */
export async function measureLoudness(path: string, durationSec?: number): Promise<Loudness> {
  return parseEbur128(await runFfmpeg(path, loudnessCommand(), ffmpegTimeoutSec(durationSec)));
}

export interface NormalizeOptions {
  /** Loudness target; default -16 LUFS / -1.5 dBTP / 11 LU. */
  target?: LoudnessTarget;
  /** Output codec; default mp3 (aac writes an m4a container). */
  codec?: AudioCodec;
  /** Default 64 kb/s per channel. */
  bitrateKbps?: number;
  /** A first-pass measurement from analyzeAudio/measureLoudness; measured here when absent. */
  measured?: Loudness;
}

/** Normalized working/published audio: two-pass loudnorm to the target, mono/stereo kept, mp3 or aac out. */
export async function normalizeAudio(input: string, output: string, opts: NormalizeOptions = {}): Promise<void> {
  const target = opts.target ?? PODCAST_LOUDNESS;
  const facts = await probeAudio(input);
  const measured = opts.measured ?? (await measureLoudness(input, facts.durationSec));
  const channels = Math.min(facts.channels, 2);
  await runFfmpeg(
    input,
    normalizeCommand(
      output,
      measured,
      { codec: opts.codec ?? 'mp3', bitrateKbps: opts.bitrateKbps ?? 64 * channels, sampleRate: facts.sampleRate, channels },
      target,
    ),
    ffmpegTimeoutSec(facts.durationSec),
  );
}

function pickSilence(opts: Partial<SilenceOptions>): Partial<SilenceOptions> {
  const picked: Partial<SilenceOptions> = {};
  if (opts.noiseDb !== undefined) picked.noiseDb = opts.noiseDb;
  if (opts.minSec !== undefined) picked.minSec = opts.minSec;
  return picked;
}
