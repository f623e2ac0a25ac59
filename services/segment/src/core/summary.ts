import type { Sentence } from './sentences.ts';
import { cosine, vectorOf, type Vector } from './vectors.ts';

const SHORTEST_WORDS = 8;
const LONGEST_WORDS = 45;

/** Text of a sentence ready to publish: capitalized first letter, closing full stop when it has none. */
export function asPublished(text: string): string {
  const t = text.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.?!…]["'”’)]*$/u.test(capital) ? capital : `${capital}.`;
}

/**
 * Picks `count` representative sentences in time order: central to the centroid of the candidates, a little
 * favoured early on, and not repeating each other (maximal marginal relevance).
 */
export function pickSentences(sentences: Sentence[], candidates: number[], idf: Map<string, number>, count: number): number[] {
  const usable = candidates.filter((k) => {
    const n = sentences[k]!.words.length;
    return n >= SHORTEST_WORDS && n <= LONGEST_WORDS;
  });
  const pool = usable.length ? usable : candidates;
  if (pool.length === 0) return [];
  const centroid = vectorOf(pool.map((k) => sentences[k]!), idf);
  const vectors = new Map<number, Vector>(pool.map((k) => [k, vectorOf([sentences[k]!], idf)]));
  const first = pool[0]!;
  const span = Math.max(1, pool[pool.length - 1]! - first);
  const relevance = new Map<number, number>(
    pool.map((k) => [k, cosine(vectors.get(k)!, centroid) * (1.15 - (0.3 * (k - first)) / span)]),
  );
  const chosen: number[] = [];
  while (chosen.length < count && chosen.length < pool.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (const k of pool) {
      if (chosen.includes(k)) continue;
      const redundancy = chosen.reduce((m, c) => Math.max(m, cosine(vectors.get(k)!, vectors.get(c)!)), 0);
      const score = 0.7 * relevance.get(k)! - 0.3 * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    if (best < 0) break;
    chosen.push(best);
  }
  return chosen.sort((a, b) => a - b);
}

/** A summary made of picked sentences. */
export function summarize(sentences: Sentence[], candidates: number[], idf: Map<string, number>, count: number): string {
  return pickSentences(sentences, candidates, idf, count)
    .map((k) => asPublished(sentences[k]!.text))
    .join(' ');
}
