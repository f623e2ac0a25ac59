/**
 * Chapter starts judged on the text instead of the word times: where the word times are unreliable (interpolated
 * stretches of a long episode), a start that sits on the right words still counts. A gold chapter that gives its
 * opening words (`starts_with`) is found in the transcript; every start (gold and published) is then placed at its
 * word's position on a uniform clock (word index × the episode's mean seconds per word), and the F1 is taken with the
 * scorer's greedy ±tolerance matching.
 */
import { z } from 'zod';

export const GoldStarts = z.object({ chapters: z.array(z.object({ start: z.number(), starts_with: z.string().optional() })).default([]) });
export type GoldStarts = z.infer<typeof GoldStarts>;

const norm = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
/** Opening words compared, and how many of them must be found in order near their place. */
const PROBE = 10;
const ENOUGH = 5;

/** Word index where `opening` best matches (each probe word within one position of its place), or -1. */
function locate(words: string[], opening: string[]): number {
  const probe = opening.slice(0, PROBE);
  let best = -1;
  let bestScore = ENOUGH - 1;
  for (let i = 0; i < words.length; i++) {
    let score = 0;
    probe.forEach((w, j) => {
      if (words[i + j] === w || words[i + j - 1] === w || words[i + j + 1] === w) score++;
    });
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

function f1(gold: number[], published: number[], tolerance: number): number {
  const used = new Set<number>();
  let tp = 0;
  for (const t of gold) {
    let best = -1;
    published.forEach((u, k) => {
      if (!used.has(k) && Math.abs(u - t) <= tolerance && (best < 0 || Math.abs(u - t) < Math.abs(published[best]! - t))) best = k;
    });
    if (best >= 0) {
      used.add(best);
      tp++;
    }
  }
  const p = published.length ? tp / published.length : 0;
  const r = gold.length ? tp / gold.length : 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/** Text-placed chapter-start F1, or undefined when the gold gives no opening words. */
export function textStartF1(gold: GoldStarts, words: { text: string; start: number }[], starts: number[], duration: number, tolerance = 15): number | undefined {
  const located = gold.chapters.filter((c) => c.start > tolerance && c.starts_with);
  if (located.length === 0 || words.length === 0) return undefined;
  const stream = words.map((w) => norm(w.text));
  const secondsPerWord = duration / words.length;
  const goldAt = located.map((c) => locate(stream, c.starts_with!.split(/\s+/).map(norm))).filter((i) => i >= 0);
  const wordAt = (t: number) => {
    const i = words.findIndex((w) => w.start >= t - 0.01);
    return i < 0 ? words.length : i;
  };
  const published = starts.filter((t) => t > tolerance).map((t) => wordAt(t) * secondsPerWord);
  return f1(goldAt.map((i) => i * secondsPerWord), published, tolerance);
}
