import fs from 'node:fs';
import type { Silence, Word } from '@podpipe/shared/transcript';
import { placeByDtw } from './dtw-placement.ts';
import { forcedAlign, type ForcedAlignOptions } from './forced.ts';
import { interpolateGaps, makeRoom } from './interpolate.ts';
import { withPcm } from './pcm.ts';
import type { PieceLimits } from './pieces.ts';
import { locateSphinx, type DecoderBeams, type SphinxSetup } from './sphinx.ts';

export { AlignerUnavailableError } from './sphinx.ts';

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
  /**
   * How many words got interpolated times: neither the decoder nor DTW placed them, or their run had no room and took
   * it from placed neighbours (interpolate.ts, makeRoom).
   */
  unplaced: number;
  /** How many words the decoder left unplaced that DTW against synthesized speech placed. */
  dtwPlaced: number;
  /** The same count, under its earlier name. */
  interpolated: number;
  /** Which method produced the times, recorded on the transcript. */
  method: string;
}

export interface AlignOptions {
  signal?: AbortSignal;
  /** Share of the work done, 0..1. */
  onProgress?: (fraction: number) => void | Promise<void>;
  /** Decoders run at once (default 2). */
  concurrency?: number;
  /** Where pocketsphinx and its en-us model live (default: Debian's). */
  sphinx?: Partial<SphinxSetup>;
  pieces?: PieceLimits;
  /** One line per decoder run, for studying where alignment goes wrong. */
  trace?: (line: string) => void;
  /** Seconds of audio the decoder skips after each piece it reads, left to DTW (default forced.ts's; 0 decodes all of it). */
  skipSec?: number;
  /** With skipping, every piece the decoder reads is about this long (default: cut like any piece). */
  anchorSec?: number;
  /** The decoder's beams (default `wide`; `narrow` is for benches: sphinx.ts, DECODER_BEAMS). */
  beams?: DecoderBeams;
}

/**
 * Times a plain-text transcript over its audio from acoustic evidence: pocketsphinx reads the audio piece by piece,
 * constrained to the transcript's own words; words it cannot place are matched (DTW) against the same words spoken by
 * espeak-ng between their placed neighbours, and the rest are interpolated between placed neighbours. Throws AlignerUnavailableError when pocketsphinx or its model is missing (the caller falls back to proportional
 * placement, `alignToAudio`).
 */
export async function alignTranscript(input: AlignInput, opts: AlignOptions = {}): Promise<AlignOutput> {
  const texts = input.words.map((w) => w.text);
  const forced: ForcedAlignOptions = {
    ...(opts.sphinx ? { setup: opts.sphinx } : {}),
    ...(opts.pieces ? { pieces: opts.pieces } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.trace ? { trace: opts.trace } : {}),
    ...(opts.skipSec !== undefined ? { skipSec: opts.skipSec } : {}),
    ...(opts.anchorSec !== undefined ? { anchorSec: opts.anchorSec } : {}),
    ...(opts.beams ? { beams: opts.beams } : {}),
  };
  // fail before converting the audio when the decoder cannot run here
  locateSphinx(opts.sphinx);
  const phase = phaseTracer(opts.trace);
  const { times, dtwPlaced } = await withPcm(input.audioPath, opts.signal, async (pcm) => {
    phase('audio to 16 kHz PCM');
    const decoded = await forcedAlign(pcm, texts, { duration: input.durationSec, silences: input.silences }, forced);
    phase(`decoder: ${decoded.pieces} pieces, ${decoded.times.filter(Boolean).length} words placed`);
    const filled = await placeByDtw(pcm, texts, decoded.times, { duration: input.durationSec, silences: input.silences }, opts.signal);
    phase(`DTW: ${filled.placed.length} words placed`);
    return { times: filled.times, dtwPlaced: filled.placed };
  });
  // words without a usable time, and the neighbours they need room from, are interpolated
  const kept = makeRoom(texts, times, input.durationSec);
  const unplaced = kept.filter((t) => t === null).length;
  const timed = interpolateGaps(texts, kept, input.durationSec, input.silences);
  return {
    words: input.words.map((w, i) => ({ ...w, start: timed[i]!.start, end: timed[i]!.end })),
    unplaced,
    dtwPlaced: dtwPlaced.filter((i) => kept[i] !== null).length,
    interpolated: unplaced,
    method: 'pocketsphinx-fsg',
  };
}

/** CPU seconds of this process and of its children it has waited for (decoders, ffmpeg, espeak-ng), or null off Linux. */
function cpuSeconds(): number | null {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of the line, 12–15 after the command name
    return [11, 12, 13, 14].reduce((sum, k) => sum + Number(fields[k]), 0) / 100;
  } catch {
    return null;
  }
}

/** With a trace: a function that writes one line per finished phase, with its wall and CPU seconds. */
function phaseTracer(trace: ((line: string) => void) | undefined): (what: string) => void {
  if (!trace) return () => {};
  let wall = performance.now();
  let cpu = cpuSeconds();
  return (what) => {
    const nowWall = performance.now();
    const nowCpu = cpuSeconds();
    const cpuText = cpu !== null && nowCpu !== null ? `, CPU ${(nowCpu - cpu).toFixed(1)} s` : '';
    trace(`phase ${what}: wall ${((nowWall - wall) / 1000).toFixed(1)} s${cpuText}`);
    wall = nowWall;
    cpu = nowCpu;
  };
}
