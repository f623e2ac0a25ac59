import type { Loudness } from './parse.ts';

/** One ffmpeg invocation as plain data: options before `-i input`, options before the output, and the output target. */
export interface FfmpegCommand {
  inputOptions: string[];
  outputOptions: string[];
  output: string;
}

/** Loudness target for normalization (EBU R128 terms). */
export interface LoudnessTarget {
  /** Integrated loudness, LUFS. */
  i: number;
  /** True peak ceiling, dBTP. */
  tp: number;
  /** Loudness range, LU. */
  lra: number;
}

/** Podcast norm (Apple/Spotify guidance): -16 LUFS, -1.5 dBTP. */
export const PODCAST_LOUDNESS: LoudnessTarget = { i: -16, tp: -1.5, lra: 11 };

export interface SilenceOptions {
  /** Level below which audio counts as silent, dB. */
  noiseDb: number;
  /** Shortest stretch reported, seconds. */
  minSec: number;
}

/**
 * Pauses of 0.2 s and more: enough anchors to align an untimed transcript to the audio (bench/align: turn starts
 * within 1.9–2.9 s median, against 3.2–3.8 s with 0.3 s), and still longer than the closures inside words.
 */
export const DEFAULT_SILENCE: SilenceOptions = { noiseDb: -40, minSec: 0.2 };

// Quiet, banner-free stderr keeps parsing cheap; only the first audio stream is decoded (cover art is skipped).
// -nostdin: ffmpeg never reads keys from stdin. It reads them even from /dev/null, and where /dev/null had become a
// regular file holding other processes' output, an 'h' or a 'd' in it turned on packet dumps and debug logging and
// the ebur128 summary went missing (session 25, bench/RESULTS.md).
const QUIET_INPUT = ['-hide_banner', '-nostats', '-nostdin'];
const FIRST_AUDIO = ['-map', '0:a:0', '-vn', '-sn', '-dn'];

/** The silencedetect filter expression. */
export function silenceFilter({ noiseDb, minSec }: SilenceOptions): string {
  return `silencedetect=noise=${noiseDb}dB:d=${minSec}`;
}

/**
 * The ebur128 scan with true peak; its summary lands on stderr, per-frame lines stay below the default log level.
 * ebur128 is ~4x faster than a loudnorm analysis pass; the 4x-oversampled true peak is still most of its cost.
 */
export const LOUDNESS_ANALYSIS_FILTER = 'ebur128=peak=true:framelog=verbose';

/**
 * One decoding pass that runs silencedetect and the ebur128 loudness scan side by side into the null muxer; its
 * `-progress` report on stderr ends with how much audio was really decoded (the header's duration is only a claim).
 */
export function analyzeCommand(silence: SilenceOptions = DEFAULT_SILENCE): FfmpegCommand {
  return {
    inputOptions: [...QUIET_INPUT, '-progress', 'pipe:2'],
    outputOptions: [...FIRST_AUDIO, '-af', `${silenceFilter(silence)},${LOUDNESS_ANALYSIS_FILTER}`, '-f', 'null'],
    output: '-',
  };
}

/** A decoding pass with silencedetect only. */
export function silenceCommand(silence: SilenceOptions = DEFAULT_SILENCE): FfmpegCommand {
  return {
    inputOptions: [...QUIET_INPUT],
    outputOptions: [...FIRST_AUDIO, '-af', silenceFilter(silence), '-f', 'null'],
    output: '-',
  };
}

/** A decoding pass with the ebur128 loudness scan only. */
export function loudnessCommand(): FfmpegCommand {
  return {
    inputOptions: [...QUIET_INPUT],
    outputOptions: [...FIRST_AUDIO, '-af', LOUDNESS_ANALYSIS_FILTER, '-f', 'null'],
    output: '-',
  };
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

/** Second-pass loudnorm seeded with the measurement, linear so speech dynamics are kept when the target is reachable. */
export function loudnessCorrectionFilter(measured: Loudness, target: LoudnessTarget = PODCAST_LOUDNESS): string {
  const parts = [`I=${target.i}`, `TP=${target.tp}`, `LRA=${target.lra}`];
  // ebur128 reports -70 LUFS and a 0 gate for (near) silent input; such a measurement cannot seed linear mode.
  const audible = measured.inputI > -70 && measured.inputThresh < 0;
  if (audible) {
    // Clamped to the ranges loudnorm accepts, so an extreme measurement never fails the encode.
    parts.push(
      `measured_I=${clamp(measured.inputI, -99, 0)}`,
      `measured_TP=${clamp(measured.inputTP, -99, 99)}`,
      `measured_LRA=${clamp(measured.inputLRA, 0, 99)}`,
      `measured_thresh=${clamp(measured.inputThresh, -99, 0)}`,
      'linear=true',
    );
  }
  return `loudnorm=${parts.join(':')}:print_format=summary`;
}

export type AudioCodec = 'mp3' | 'aac';

export interface EncodeOptions {
  codec: AudioCodec;
  bitrateKbps: number;
  /** Output sample rate; loudnorm resamples to 192 kHz internally, so it must be set explicitly. */
  sampleRate: number;
  /** Kept from the input: 1 = mono, 2 = stereo. */
  channels: number;
}

const ENCODERS: Record<AudioCodec, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-f', 'mp3'],
  aac: ['-c:a', 'aac', '-f', 'ipod', '-movflags', '+faststart'],
};

// Sample rates both libmp3lame and aac accept; anything else is rounded to the nearest.
const ENCODABLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

/** Nearest sample rate the encoders accept (e.g. 96 kHz input -> 48 kHz). */
export function encodableSampleRate(rate: number): number {
  return ENCODABLE_RATES.reduce((best, candidate) => (Math.abs(candidate - rate) < Math.abs(best - rate) ? candidate : best));
}

/** Loudness-normalizing encode of the first audio stream to mp3 or aac (m4a container). */
export function normalizeCommand(output: string, measured: Loudness, encode: EncodeOptions, target: LoudnessTarget = PODCAST_LOUDNESS): FfmpegCommand {
  return {
    inputOptions: [...QUIET_INPUT],
    outputOptions: [
      ...FIRST_AUDIO,
      '-af',
      loudnessCorrectionFilter(measured, target),
      '-ar',
      String(encodableSampleRate(encode.sampleRate)),
      '-ac',
      String(Math.min(Math.max(encode.channels, 1), 2)),
      ...ENCODERS[encode.codec],
      '-b:a',
      `${encode.bitrateKbps}k`,
    ],
    output,
  };
}
