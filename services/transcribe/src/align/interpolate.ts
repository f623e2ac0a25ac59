import type { Silence } from '@podpipe/shared/transcript';
import { alignToAudio } from './index.ts';
import { expectedSpokenLength } from './spoken-length.ts';
import { unplacedRuns } from './unplaced-runs.ts';

export interface Span {
  start: number;
  end: number;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

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
