import path from 'node:path';
import type { Silence } from '@podpipe/shared/transcript';
import { bandedDtw, type Frames } from './dtw.ts';
import type { PlacedTime } from './forced.ts';
import { FRAME_RATE, mfccOf } from './mfcc.ts';
import { PCM_RATE, readPcm, type Pcm } from './pcm.ts';
import { onPath } from './sphinx.ts';
import { synthesizeRuns } from './synthesize.ts';

/** A run of words the decoder left unplaced, and the audio between its placed neighbours. */
interface Gap {
  first: number;
  /** One past the last word. */
  end: number;
  from: number;
  to: number;
}

/** Gaps shorter than this (seconds) are left to interpolation: too little audio to match. */
const MIN_GAP_SEC = 0.3;
/** Half-width of the DTW band as a share of the longer sequence, within these bounds (frames). */
const BAND_SHARE = 0.25;
const MIN_BAND = 100;
const MAX_BAND = 1500;

export interface DtwPlacement {
  /** The decoder's times with the words placed here filled in. */
  times: (PlacedTime | null)[];
  /** Indexes of the words placed here. */
  placed: number[];
}

/** Runs of unplaced words with audio between their neighbours to match. */
export function unplacedGaps(times: (PlacedTime | null)[], duration: number): Gap[] {
  const gaps: Gap[] = [];
  let i = 0;
  while (i < times.length) {
    if (times[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < times.length && !times[j]) j++;
    const from = i > 0 ? times[i - 1]!.end : 0;
    const to = j < times.length ? times[j]!.start : duration;
    if (to - from >= MIN_GAP_SEC) gaps.push({ first: i, end: j, from, to });
    i = j;
  }
  return gaps;
}

/** A time inside a pause moved to the pause's end (a word's start) or start (a word's end). */
function outOfPause(t: number, silences: Silence[], edge: 'start' | 'end'): number {
  const pause = silences.find((s) => s.start < t && t < s.end);
  return pause ? pause[edge] : t;
}

/** Frames [from, to) of a sequence, each coefficient less its mean there (cepstral mean normalization: removes the channel and voice's fixed colouring). */
function normalizedSlice(frames: Frames, from: number, to: number): Frames {
  const count = Math.max(0, Math.min(frames.count, to) - from);
  const dim = frames.dim;
  const data = frames.data.slice(from * dim, (from + count) * dim);
  for (let k = 0; k < dim; k++) {
    let sum = 0;
    for (let f = 0; f < count; f++) sum += data[f * dim + k]!;
    const mean = count > 0 ? sum / count : 0;
    for (let f = 0; f < count; f++) data[f * dim + k]! -= mean;
  }
  return { data, dim, count };
}

/**
 * A second source of acoustic evidence for the words the decoder left unplaced (aeneas's method): each run of them
 * is spoken by espeak-ng word by word, and the MFCC frames of that speech are warped (banded DTW) onto the
 * recording's frames between the run's placed neighbours; each word's time is where its synthesized frames land.
 * Placed words stay as they are; a run espeak-ng cannot split into its words stays unplaced.
 */
export async function placeByDtw(
  pcm: Pcm,
  texts: string[],
  times: (PlacedTime | null)[],
  audio: { duration: number; silences: Silence[] },
  signal?: AbortSignal,
): Promise<DtwPlacement> {
  const gaps = unplacedGaps(times, audio.duration);
  const out = [...times];
  const placed: number[] = [];
  // without espeak-ng or sphinx_fe (sphinxbase-utils) the words stay unplaced and are interpolated
  if (gaps.length === 0 || !onPath('espeak-ng') || !onPath('sphinx_fe')) return { times: out, placed };

  // the recording's gaps back to back in one buffer, so one sphinx_fe run computes all their frames
  const realParts = gaps.map((g) => readPcm(pcm, g.from, g.to));
  const realOffsets: number[] = [];
  let total = 0;
  for (const part of realParts) {
    realOffsets.push(total);
    total += part.length;
  }
  const real = new Int16Array(total);
  realParts.forEach((part, k) => real.set(part, realOffsets[k]!));

  const synthesizing = synthesizeRuns(
    gaps.map((g) => texts.slice(g.first, g.end)),
    path.join(pcm.dir, 'synth'),
    { signal },
  );
  const [realFrames, synth] = await Promise.all([mfccOf(real, PCM_RATE, path.join(pcm.dir, 'gaps'), signal), synthesizing]);

  // the synthesized words of each gap back to back (the breaks between them left out), with each word's frames
  const wordFrames: ({ start: number; end: number } | null)[][] = [];
  const runFrames: { start: number; end: number }[] = [];
  const spans = synth.runs.flatMap((run) => run?.filter((s) => s !== null) ?? []);
  const packed = new Int16Array(spans.reduce((sum, s) => sum + s.end - s.start, 0));
  let at = 0;
  const frameOf = (sample: number) => Math.round((sample * FRAME_RATE) / synth.rate);
  for (const run of synth.runs) {
    const start = at;
    wordFrames.push(
      (run ?? []).map((span) => {
        if (!span) return null;
        packed.set(synth.samples.subarray(span.start, span.end), at);
        const word = { start: frameOf(at), end: frameOf(at + span.end - span.start) };
        at += span.end - span.start;
        return word;
      }),
    );
    runFrames.push({ start: frameOf(start), end: frameOf(at) });
  }
  const synthFrames = await mfccOf(packed, synth.rate, path.join(pcm.dir, 'synth'), signal);

  gaps.forEach((gap, k) => {
    if (!synth.runs[k]) return;
    const realFrom = Math.round((realOffsets[k]! * FRAME_RATE) / PCM_RATE);
    const source = normalizedSlice(realFrames, realFrom, realFrom + Math.round((realParts[k]!.length * FRAME_RATE) / PCM_RATE));
    const target = normalizedSlice(synthFrames, runFrames[k]!.start, runFrames[k]!.end);
    if (source.count < 2 || target.count < 2) return;
    const band = Math.min(MAX_BAND, Math.max(MIN_BAND, BAND_SHARE * Math.max(source.count, target.count)));
    const warp = bandedDtw(source, target, band);
    let last = gap.from;
    wordFrames[k]!.forEach((word, w) => {
      if (!word || word.end <= word.start) return;
      const s = runFrames[k]!.start;
      const startFrame = warp.first[Math.min(target.count - 1, word.start - s)]!;
      const endFrame = warp.last[Math.min(target.count - 1, word.end - 1 - s)]! + 1;
      // the synthesized words have no pauses between them, so a pause in the recording lands on a word's edge: move
      // the edge out of it, never past the gap's end (a pause that runs to the end of the audio has no speech after it)
      const start = Math.min(gap.to, Math.max(last, outOfPause(gap.from + startFrame / FRAME_RATE, audio.silences, 'end')));
      const end = Math.min(gap.to, Math.max(start, outOfPause(gap.from + endFrame / FRAME_RATE, audio.silences, 'start')));
      out[gap.first + w] = { start, end };
      placed.push(gap.first + w);
      last = end;
    });
  });
  return { times: out, placed };
}
