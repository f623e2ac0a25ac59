import type { Sentence } from './sentences.ts';

/** A sparse term-weight vector. */
export type Vector = Map<string, number>;

/** Inverse document frequency of every stem, treating sentences as documents. */
export function inverseFrequencies(sentences: Sentence[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const s of sentences) for (const st of new Set(s.stems)) df.set(st, (df.get(st) ?? 0) + 1);
  const n = sentences.length;
  const idf = new Map<string, number>();
  for (const [st, d] of df) idf.set(st, Math.log((n + 1) / (d + 0.5)));
  return idf;
}

/** TF-IDF vector of some sentences together. */
export function vectorOf(sentences: Iterable<Sentence>, idf: Map<string, number>): Vector {
  const v: Vector = new Map();
  for (const s of sentences) for (const st of s.stems) v.set(st, (v.get(st) ?? 0) + (idf.get(st) ?? 0));
  return v;
}

/** Cosine similarity of two sparse vectors. */
export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, x] of a) {
    na += x * x;
    const y = b.get(k);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
