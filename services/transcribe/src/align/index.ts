import type { Silence, Word } from '@podpipe/shared/transcript';
import { expectedSpokenLength } from './spoken-length.ts';
import { speechRegions } from './speech-regions.ts';

/** Seconds per syllable unit of a nominal speaker (~4.5 syllables a second). */
const NOMINAL_SECONDS_PER_UNIT = 0.22;
/** How far (seconds of speech, plus a share of the region) a silence may sit from where the best path so far puts it. */
const SEARCH_SECONDS = 8;
/** Most word boundaries considered for one silence. */
const MAX_CANDIDATES = 400;

const round = (t: number) => Math.round(t * 1000) / 1000;

function cumulativeLengths(texts: string[]): Float64Array {
  const cumulative = new Float64Array(texts.length + 1);
  texts.forEach((text, i) => {
    cumulative[i + 1] = cumulative[i]! + expectedSpokenLength(text);
  });
  return cumulative;
}

/** Times for a transcript with no audio: a nominal speaking rate, so order and relative position stay meaningful. */
export function estimateTimings(texts: string[]): Word[] {
  const cumulative = cumulativeLengths(texts);
  return texts.map((text, i) => ({
    text,
    start: round(cumulative[i]! * NOMINAL_SECONDS_PER_UNIT),
    end: round(cumulative[i + 1]! * NOMINAL_SECONDS_PER_UNIT),
  }));
}

/** Largest index in [lo, hi] whose cumulative length is at most `limit`, or lo - 1. */
function lastAtMost(cumulative: Float64Array, lo: number, hi: number, limit: number): number {
  let a = lo - 1;
  let b = hi;
  while (a < b) {
    const mid = (a + b + 1) >> 1;
    if (cumulative[mid]! <= limit) a = mid;
    else b = mid - 1;
  }
  return a;
}

/** Smallest index in [lo, hi] whose cumulative length is at least `limit`, or hi + 1. */
function firstAtLeast(cumulative: Float64Array, lo: number, hi: number, limit: number): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (cumulative[mid]! >= limit) b = mid;
    else a = mid + 1;
  }
  return a;
}

/**
 * First word index of every region after the first, chosen so that each region's expected spoken length
 * matches its duration: a monotone DP over word boundaries near where a constant rate would put each silence.
 */
function regionStarts(cumulative: Float64Array, durations: number[], rates: Float64Array): number[] {
  const n = cumulative.length - 1;
  const m = durations.length;
  const cost = (from: number, to: number, region: number) => {
    const d = durations[region]!;
    const miss = (cumulative[to]! - cumulative[from]!) * rates[region]! - d;
    return (miss * miss) / (d + 1);
  };
  // candidate boundaries for the silence before region j: [lo[j], hi[j]], around where the best path so far predicts it
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  const best: Float64Array[] = [new Float64Array(1)];
  const parent: Int32Array[] = [new Int32Array(1)];
  for (let j = 1; j < m; j++) {
    const prevLo = j === 1 ? 0 : lo[j - 1]!;
    const prevHi = j === 1 ? 0 : hi[j - 1]!;
    const prev = best[j - 1]!;
    const d = durations[j - 1]!;
    const rate = rates[j - 1]!;
    let bestPrev = 0;
    for (let k = 1; k < prev.length; k++) if (prev[k]! < prev[bestPrev]!) bestPrev = k;
    const target = cumulative[prevLo + bestPrev]! + d / rate;
    const window = (SEARCH_SECONDS + 0.2 * d) / rate;
    lo[j] = Math.max(prevLo, firstAtLeast(cumulative, 0, n, target - window) - 1);
    hi[j] = Math.max(lo[j]!, Math.min(n, lo[j]! + MAX_CANDIDATES, lastAtMost(cumulative, 0, n, target + window) + 1));
    const width = hi[j]! - lo[j]! + 1;
    const value = new Float64Array(width).fill(Infinity);
    const from = new Int32Array(width);
    const slack = 1 + 0.25 * d;
    for (let k = 0; k < width; k++) {
      const end = lo[j]! + k;
      const top = Math.min(end, prevHi);
      if (top < prevLo) continue;
      // only starts whose region length is within the slack of the duration, or the nearest one
      let last = lastAtMost(cumulative, prevLo, top, cumulative[end]! - (d - slack) / rate);
      let first = firstAtLeast(cumulative, prevLo, top, cumulative[end]! - (d + slack) / rate);
      if (last < prevLo) last = prevLo;
      if (first > last) first = last;
      for (let start = first; start <= last; start++) {
        const v = prev[start - prevLo]! + cost(start, end, j - 1);
        if (v < value[k]!) {
          value[k] = v;
          from[k] = start;
        }
      }
    }
    best.push(value);
    parent.push(from);
  }
  // close with the last region, which ends at the last word
  let bestStart = 0;
  let bestValue = Infinity;
  const lastLo = m === 1 ? 0 : lo[m - 1]!;
  const last = best[m - 1]!;
  for (let k = 0; k < last.length; k++) {
    const v = last[k]! + cost(lastLo + k, n, m - 1);
    if (v < bestValue) {
      bestValue = v;
      bestStart = lastLo + k;
    }
  }
  const starts = new Array<number>(m);
  starts[0] = 0;
  let at = bestStart;
  for (let j = m - 1; j >= 1; j--) {
    starts[j] = at;
    at = parent[j]![at - lo[j]!]!;
  }
  return starts;
}

/** Gives untimed transcript words rough times over the audio: words fill the speech between silences in proportion to their expected spoken length. */
export function alignToAudio(texts: string[], audio: { duration: number; silences: Silence[] }): Word[] {
  if (texts.length === 0) return [];
  const cumulative = cumulativeLengths(texts);
  const regions = speechRegions(audio.duration, audio.silences);
  if (regions.length === 0) regions.push({ start: 0, end: audio.duration });
  const durations = regions.map((r) => r.end - r.start);
  const global = durations.reduce((a, b) => a + b, 0) / cumulative[texts.length]!;
  // one speaking rate for the episode: silences alone cannot tell a slower speaker from fewer words
  const starts = regionStarts(cumulative, durations, new Float64Array(regions.length).fill(global));
  const words: Word[] = [];
  regions.forEach((region, j) => {
    const first = starts[j]!;
    const stop = j + 1 < regions.length ? starts[j + 1]! : texts.length;
    const units = cumulative[stop]! - cumulative[first]!;
    if (stop <= first || units <= 0) return;
    const scale = (region.end - region.start) / units;
    for (let i = first; i < stop; i++) {
      words.push({
        text: texts[i]!,
        start: round(region.start + (cumulative[i]! - cumulative[first]!) * scale),
        end: round(region.start + (cumulative[i + 1]! - cumulative[first]!) * scale),
      });
    }
  });
  return words;
}
