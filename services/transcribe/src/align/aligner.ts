import type { Silence, Word } from '@podpipe/shared/transcript';
import { alignToAudio } from './index.ts';

/** A plain-text transcript and the audio it was read from. */
export interface AlignInput {
  /** A local audio file (any format ffmpeg reads). */
  audioPath: string;
  durationSec: number;
  /** Silences found by ingest (ffmpeg silencedetect). */
  silences: Silence[];
  /** The transcript's words in order; their times are ignored, everything else (speaker, confidence) is kept. */
  words: Word[];
}

export interface AlignOutput {
  /** The same words, in the same order, with times from the audio. */
  words: Word[];
  /** How many words got interpolated times because the aligner could not place them. */
  interpolated: number;
  /** Which method produced the times, recorded on the transcript. */
  method: string;
}

export interface AlignOptions {
  signal?: AbortSignal;
  /** Share of the work done, 0..1. */
  onProgress?: (fraction: number) => void | Promise<void>;
}

/** Times a plain-text transcript over its audio. Today: proportional placement between silences. */
export async function alignTranscript(input: AlignInput, _opts: AlignOptions = {}): Promise<AlignOutput> {
  const timed = alignToAudio(input.words.map((w) => w.text), { duration: input.durationSec, silences: input.silences });
  return {
    words: input.words.map((w, i) => ({ ...w, start: timed[i]!.start, end: timed[i]!.end })),
    interpolated: input.words.length,
    method: 'proportional',
  };
}
