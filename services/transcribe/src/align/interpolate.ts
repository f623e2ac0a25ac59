import type { Silence } from '@podpipe/shared/transcript';
import { alignToAudio } from './index.ts';
import { expectedSpokenLength } from './spoken-length.ts';
import { unplacedRuns } from './unplaced-runs.ts';

export interface Span {
  start: number;
  end: number;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** A placed word shorter than this (seconds, half a frame) has no usable time: DTW pressed it against its gap's edge. */
const COLLAPSED_SEC = 0.005;
/** Least time per word (seconds) a run of interpolated words gets; a shorter gap takes time from the words beside it. */
const MIN_WORD_SEC = 0.1;
/** A run takes back at most this many times its own words from its neighbours (and at most MAX_TAKEN in all). */
const TAKE_SHARE = 3;
const MAX_TAKEN = 60;

/** Placed words a side's pace is judged over. */
const PACE_WORDS = 5;

/**
 * Seconds per expected syllable over the PACE_WORDS placed words from `from` on in direction `step` (pauses between
 * them included): a decoder that read on past where the words were said stretches them, so the slower side of a run
 * is the likelier wrong one.
 */
function pace(texts: string[], times: readonly (Span | null)[], from: number, step: 1 | -1): number {
  let units = 0;
  let first = Infinity;
  let last = -Infinity;
  let count = 0;
  for (let k = from; k >= 0 && k < times.length && count < PACE_WORDS; k += step) {
    const t = times[k];
    if (!t) continue;
    units += expectedSpokenLength(texts[k]!);
    first = Math.min(first, t.start);
    last = Math.max(last, t.end);
    count++;
  }
  return count > 0 ? (last - first) / Math.max(units, 1e-9) : -1;
}

/**
 * The times to keep before interpolating: words without a usable time — unplaced, or two or more in a row collapsed
 * to an instant — come back null, and so do the placed words beside a run of them whose gap is too short for
 * MIN_WORD_SEC a word. Such a gap means a neighbour's times are wrong (the decoder read on past where the run was
 * said: bench/RESULTS.md, aligndrift2), so the run takes words from the slower side (pace), one at
 * a time, until the words fit; interpolation then spreads them all over the freed audio instead of piling the run at
 * one instant.
 */
export function makeRoom(texts: string[], times: readonly (Span | null)[], duration: number): (Span | null)[] {
  const n = times.length;
  const collapsed = (k: number) => k >= 0 && k < n && times[k] !== null && times[k]!.end - times[k]!.start < COLLAPSED_SEC;
  // one collapsed word alone keeps its instant: DTW pressed it against a placed neighbour, most often at a pause's
  // edge where it was said (a turn's first word after a pause, on lex-opening)
  const out = times.map((t, k) => (t && (!collapsed(k) || !(collapsed(k - 1) || collapsed(k + 1))) ? t : null));
  const startOf = (k: number) => (k < n ? out[k]!.start : duration);
  const endOf = (k: number) => (k >= 0 ? out[k]!.end : 0);
  // the first placed word at or after k (n when none), the last at or before k (-1 when none)
  const nextPlaced = (k: number) => {
    while (k < n && !out[k]) k++;
    return k;
  };
  const previousPlaced = (k: number) => {
    while (k >= 0 && !out[k]) k--;
    return k;
  };
  for (let at = 0; at < n; ) {
    if (out[at]) {
      at++;
      continue;
    }
    let i = at;
    let j = nextPlaced(at);
    const limit = Math.min(MAX_TAKEN, TAKE_SHARE * (j - i));
    let taken = 0;
    while (startOf(j) - endOf(i - 1) < (j - i) * MIN_WORD_SEC && taken < limit && (i > 0 || j < n)) {
      const left = i > 0 ? pace(texts, out, i - 1, -1) : -1;
      const right = j < n ? pace(texts, out, j, 1) : -1;
      if (left >= right) {
        out[i - 1] = null;
        i = previousPlaced(i - 1) + 1;
      } else {
        out[j] = null;
        j = nextPlaced(j);
      }
      taken++;
    }
    at = j;
  }
  return out;
}

/**
 * Fills the words the aligner could not place: each run of them is placed over the audio between its placed
 * neighbours (or the audio's ends) by the pauses there and expected spoken length. Placed words keep their times.
 */
export function interpolateGaps(texts: string[], placed: (Span | null)[], duration: number, silences: Silence[] = []): Span[] {
  const out: Span[] = new Array(texts.length);
  placed.forEach((here, i) => {
    if (here) out[i] = { start: round(here.start), end: round(here.end) };
  });
  for (const { first: i, end: j } of unplacedRuns(texts.map((_, k) => placed[k]))) {
    const from = i > 0 ? out[i - 1]!.end : 0;
    const to = Math.max(from, j < texts.length ? placed[j]!.start : duration);
    const inside = silences
      .filter((x) => x.end > from && x.start < to)
      .map((x) => ({ start: Math.max(0, x.start - from), end: Math.min(to, x.end) - from }));
    if (to - from > 2 && inside.length > 0) {
      alignToAudio(texts.slice(i, j), { duration: to - from, silences: inside }).forEach((w, k) => {
        out[i + k] = { start: round(from + w.start), end: round(from + w.end) };
      });
      continue;
    }
    const lengths = texts.slice(i, j).map(expectedSpokenLength);
    const total = lengths.reduce((a, b) => a + b, 0) || 1;
    let t = from;
    for (let k = i; k < j; k++) {
      const next = t + ((to - from) * lengths[k - i]!) / total;
      out[k] = { start: round(t), end: round(next) };
      t = next;
    }
  }
  return out;
}
