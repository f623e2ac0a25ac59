import path from 'node:path';
import type { Silence } from '@podpipe/shared/transcript';
import { bandedDtw, type Frames } from './dtw.ts';
import type { PlacedTime } from './forced.ts';
import { FRAME_RATE, mfccOf } from './mfcc.ts';
import { PCM_RATE, readPcm, type Pcm } from './pcm.ts';
import { onPath } from './sphinx.ts';
import { synthesizeRuns } from './synthesize.ts';
import { unplacedRuns } from './unplaced-runs.ts';

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
/** Seconds of recording DTW-placed per batch, and batches at once. */
const BATCH_SEC = 180;
const BATCHES_IN_FLIGHT = 2;

export interface DtwPlacement {
  /** The decoder's times with the words placed here filled in. */
  times: (PlacedTime | null)[];
  /** Indexes of the words placed here. */
  placed: number[];
}

/** Runs of unplaced words with audio between their neighbours to match. */
export function unplacedGaps(times: (PlacedTime | null)[], duration: number): Gap[] {
  return unplacedRuns(times).flatMap(({ first, end }) => {
    const from = first > 0 ? times[first - 1]!.end : 0;
    const to = end < times.length ? times[end]!.start : duration;
    return to - from >= MIN_GAP_SEC ? [{ first, end, from, to }] : [];
  });
}

/** Gaps in order, grouped so each group spans at most BATCH_SEC of recording (a longer gap is a group of its own). */
function batches(gaps: Gap[]): Gap[][] {
  const groups: Gap[][] = [];
  let seconds = Infinity;
  for (const gap of gaps) {
    const length = gap.to - gap.from;
    if (seconds + length > BATCH_SEC) {
      groups.push([]);
      seconds = 0;
    }
    groups.at(-1)!.push(gap);
    seconds += length;
  }
  return groups;
}

/** A time inside a pause moved to the pause's end (a word's start) or start (a word's end). */
function outOfPause(t: number, silences: Silence[], edge: 'start' | 'end'): number {
  const pause = silences.find((s) => s.start < t && t < s.end);
  return pause ? pause[edge] : t;
}

/**
 * Gaps at least this long (seconds) are matched without the recording's pauses (speechOf, speechFrames): over a long
 * stretch (a decoder skip, PODPIPE_ALIGN_SKIP_SEC) the pauses the synthesized words lack pull DTW off by words. A short
 * gap between decoded words is matched whole: there the pauses are few and removing them cost the real-voice lex
 * opening its turn-start p90 (0.04 → 0.62 s with every second decoded; bench/RESULTS.md, session 18).
 */
const PAUSE_FREE_GAP_SEC = 5;

/** How close (seconds) to a gap's edge a pause must begin or end to be taken out of the gap. */
const EDGE_PAUSE_SEC = 0.15;

/**
 * The gap without the pauses at its ends: the synthesized words have none, so a pause left in would be laid onto
 * the first or last word (the decoder's pieces are cut in pauses, so most gaps begin or end with one).
 */
function speechOf(gap: Gap, silences: Silence[]): { from: number; to: number } {
  let { from, to } = gap;
  for (const s of silences) {
    if (s.start <= from + EDGE_PAUSE_SEC && s.end > from && s.end < to) from = s.end;
  }
  for (const s of silences) {
    if (s.end >= to - EDGE_PAUSE_SEC && s.start < to && s.start > from) to = s.start;
  }
  return { from, to };
}

/**
 * A placed word's span with the pauses inside it moved out: DTW lays a pause of the recording (which the synthesized
 * words have no counterpart for) onto the word before or after it; a pause in the span's first half is taken to come
 * before the word, one in its second half after it.
 */
function withoutPauses(span: PlacedTime, silences: Silence[]): PlacedTime {
  let { start, end } = span;
  for (const s of silences) {
    if (s.end <= start || s.start >= end) continue;
    const inFirstHalf = s.start + s.end < start + end;
    if (inFirstHalf && s.end < end) start = s.end;
    else if (!inFirstHalf && s.start > start) end = s.start;
  }
  return { start, end };
}

/** Frames [from, to) of a sequence, each coefficient less its mean there (cepstral mean normalization: removes the channel and voice's fixed colouring). */
function normalizedSlice(frames: Frames, from: number, to: number): Frames {
  const count = Math.max(0, Math.min(frames.count, to) - from);
  return normalized(frames, Array.from({ length: count }, (_, f) => from + f));
}

/** The given frames of a sequence, in order, each coefficient less its mean over them. */
function normalized(frames: Frames, rows: number[]): Frames {
  const dim = frames.dim;
  const count = rows.length;
  const data = new Float32Array(count * dim);
  rows.forEach((row, f) => data.set(frames.data.subarray(row * dim, (row + 1) * dim), f * dim));
  for (let k = 0; k < dim; k++) {
    let sum = 0;
    for (let f = 0; f < count; f++) sum += data[f * dim + k]!;
    const mean = count > 0 ? sum / count : 0;
    for (let f = 0; f < count; f++) data[f * dim + k]! -= mean;
  }
  return { data, dim, count };
}

/**
 * The frames of a gap's recording outside its pauses, as frame offsets from the gap's start: the synthesized words
 * have no pauses between them, so the recording is matched without its own (a pause then falls between two words
 * instead of being laid onto one).
 */
function speechFrames(from: number, count: number, silences: Silence[]): number[] {
  const inside = silences.filter((s) => s.end > from && s.start < from + count / FRAME_RATE);
  const rows: number[] = [];
  for (let f = 0; f < count; f++) {
    const t = from + (f + 0.5) / FRAME_RATE;
    if (!inside.some((s) => s.start <= t && t < s.end)) rows.push(f);
  }
  return rows;
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
  // a few minutes of gaps at a time, so memory stays flat in episode length; two batches in flight keep both cores
  // busy (one batch's espeak-ng and sphinx_fe run while the other's DTW runs here)
  const groups = batches(gaps);
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const k = next++;
      const filled = await placeBatch(pcm, texts, groups[k]!, audio.silences, `b${k}`, signal);
      for (const [index, time] of filled) {
        out[index] = time;
        placed.push(index);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, groups.length) }, worker));
  placed.sort((x, y) => x - y);
  return { times: out, placed };
}

/** Places the words of one batch of gaps: their times by transcript index. */
async function placeBatch(
  pcm: Pcm,
  texts: string[],
  gaps: Gap[],
  silences: Silence[],
  name: string,
  signal?: AbortSignal,
): Promise<Map<number, PlacedTime>> {
  const out = new Map<number, PlacedTime>();
  // the recording's gaps (without the pauses at their ends) back to back in one buffer, so one sphinx_fe run computes
  // all their frames
  const pauseFree = gaps.map((g) => g.to - g.from >= PAUSE_FREE_GAP_SEC);
  const speech = gaps.map((g, k) => (pauseFree[k] ? speechOf(g, silences) : { from: g.from, to: g.to }));
  const realParts = speech.map((g) => readPcm(pcm, g.from, g.to));
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
    path.join(pcm.dir, `synth-${name}`),
    { signal },
  );
  const [realFrames, synth] = await Promise.all([mfccOf(real, PCM_RATE, path.join(pcm.dir, `gaps-${name}`), signal), synthesizing]);

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
  const synthFrames = await mfccOf(packed, synth.rate, path.join(pcm.dir, `synth-${name}`), signal);

  gaps.forEach((gap, k) => {
    if (!synth.runs[k]) return;
    const { from, to } = speech[k]!;
    const realFrom = Math.round((realOffsets[k]! * FRAME_RATE) / PCM_RATE);
    const frames = Math.min(realFrames.count - realFrom, Math.round((realParts[k]!.length * FRAME_RATE) / PCM_RATE));
    const rows = pauseFree[k] ? speechFrames(from, frames, silences) : Array.from({ length: Math.max(0, frames) }, (_, f) => f);
    const source = normalized(realFrames, rows.map((f) => realFrom + f));
    const target = normalizedSlice(synthFrames, runFrames[k]!.start, runFrames[k]!.end);
    if (source.count < 2 || target.count < 2) return;
    const band = Math.min(MAX_BAND, Math.max(MIN_BAND, BAND_SHARE * Math.max(source.count, target.count)));
    const warp = bandedDtw(source, target, band);
    let last = from;
    wordFrames[k]!.forEach((word, w) => {
      if (!word || word.end <= word.start) return;
      const s = runFrames[k]!.start;
      // back from the speech frames to the gap's own: a word's start at its first frame, its end after its last
      const startFrame = rows[warp.first[Math.min(target.count - 1, word.start - s)]!]!;
      const endFrame = rows[warp.last[Math.min(target.count - 1, word.end - 1 - s)]!]! + 1;
      // the synthesized words have no pauses between them, so a pause in the recording lands on a word's edge: move
      // it out of the word, never past the gap's end (a pause that runs to the end of the audio has no speech after it)
      const span = withoutPauses({ start: from + startFrame / FRAME_RATE, end: from + endFrame / FRAME_RATE }, silences);
      const start = Math.min(to, Math.max(last, outOfPause(span.start, silences, 'end')));
      const end = Math.min(to, Math.max(start, outOfPause(span.end, silences, 'start')));
      out.set(gap.first + w, { start, end });
      last = end;
    });
  });
  return out;
}
