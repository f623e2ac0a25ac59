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
import { parseEbur128, parseProbe, parseSilences, type AudioFacts, type Loudness } from './parse.ts';
import { runFfmpeg, runFfprobe } from './runner.ts';

export type { AudioFacts, Loudness } from './parse.ts';

/** ffprobe facts about an audio file; rejects with a clear message for a file with no audio stream or that is not media. */
export async function probeAudio(path: string): Promise<AudioFacts> {
  return parseProbe(await runFfprobe(path), path);
}

/** Silences and loudness measured in one decoding pass (silencedetect + ebur128 with true peak). */
export async function analyzeAudio(
  path: string,
  opts: Partial<SilenceOptions> & { durationSec?: number } = {},
): Promise<{ silences: Silence[]; loudness: Loudness }> {
  const stderr = await runFfmpeg(path, analyzeCommand({ ...DEFAULT_SILENCE, ...pickSilence(opts) }));
  return { silences: parseSilences(stderr, opts.durationSec), loudness: parseEbur128(stderr) };
}

/** Silences (start/end seconds) found by ffmpeg silencedetect; parsed from stderr by a pure parser. */
export async function detectSilences(path: string, opts: Partial<SilenceOptions> & { durationSec?: number } = {}): Promise<Silence[]> {
  const stderr = await runFfmpeg(path, silenceCommand({ ...DEFAULT_SILENCE, ...pickSilence(opts) }));
  return parseSilences(stderr, opts.durationSec);
}

/** Integrated loudness, range, gate and true peak (EBU R128 via the ebur128 filter, about 4x faster than a loudnorm analysis pass). */
export async function measureLoudness(path: string): Promise<Loudness> {
  return parseEbur128(await runFfmpeg(path, loudnessCommand()));
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
  const measured = opts.measured ?? (await measureLoudness(input));
  const channels = Math.min(facts.channels, 2);
  await runFfmpeg(
    input,
    normalizeCommand(
      output,
      measured,
      { codec: opts.codec ?? 'mp3', bitrateKbps: opts.bitrateKbps ?? 64 * channels, sampleRate: facts.sampleRate, channels },
      target,
    ),
  );
}

function pickSilence(opts: Partial<SilenceOptions>): Partial<SilenceOptions> {
  const picked: Partial<SilenceOptions> = {};
  if (opts.noiseDb !== undefined) picked.noiseDb = opts.noiseDb;
  if (opts.minSec !== undefined) picked.minSec = opts.minSec;
  return picked;
}
