/**
 * Distributional word clusters: words that occur between the same neighbours — and before or after the same
 * punctuation — land in one cluster, so the punctuation model can generalize from "experience. This" to
 * "story. That". Spherical k-means over neighbour-count vectors; the most frequent words keep their own cluster.
 */
import { modelWord } from '../src/fix/model/features.ts';
import type { Doc } from './corpus.ts';

const VOCAB = 10000;
const CONTEXT = 150;
const OWN_CLUSTER = 80;
const K = 200;
const ITERATIONS = 12;

/** Builds word → cluster id for the corpus' frequent words (seeded, deterministic). */
export function buildClusters(docs: Doc[], rand: () => number): Record<string, number> {
  const freq = new Map<string, number>();
  for (const d of docs) for (const w of d) { const m = modelWord(w.word); freq.set(m, (freq.get(m) ?? 0) + 1); }
  const ranked = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const vocab = ranked.slice(0, VOCAB);
  const vIndex = new Map(vocab.map((w, i) => [w, i]));
  const cIndex = new Map(ranked.slice(0, CONTEXT).map((w, i) => [w, i]));
  const side = CONTEXT + 2; // context words, then 'sentence boundary', then 'comma'
  const dims = 2 * side;
  const vec = new Float32Array(vocab.length * dims);
  for (const d of docs) {
    for (let i = 0; i < d.length; i++) {
      const v = vIndex.get(modelWord(d[i]!.word));
      if (v === undefined) continue;
      const prev = d[i - 1], next = d[i + 1], own = d[i]!.label;
      const left = !prev || prev.label === '.' || prev.label === '?' ? CONTEXT : prev.label === ',' ? CONTEXT + 1 : cIndex.get(modelWord(prev.word));
      const right = !next || own === '.' || own === '?' ? CONTEXT : own === ',' ? CONTEXT + 1 : cIndex.get(modelWord(next.word));
      if (left !== undefined) vec[v * dims + left]! += 1;
      if (right !== undefined) vec[v * dims + side + right]! += 1;
    }
  }
  for (let v = 0; v < vocab.length; v++) {
    let norm = 0;
    for (let j = 0; j < dims; j++) { const x = Math.log1p(vec[v * dims + j]!); vec[v * dims + j] = x; norm += x * x; }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < dims; j++) vec[v * dims + j]! /= norm;
  }
  const centroids = new Float32Array(K * dims);
  for (let k = 0; k < K; k++) {
    const v = OWN_CLUSTER + Math.floor(rand() * (vocab.length - OWN_CLUSTER));
    centroids.set(vec.subarray(v * dims, (v + 1) * dims), k * dims);
  }
  const assign = new Int32Array(vocab.length);
  for (let it = 0; it < ITERATIONS; it++) {
    for (let v = OWN_CLUSTER; v < vocab.length; v++) {
      let best = 0, bestDot = -Infinity;
      for (let k = 0; k < K; k++) {
        let dot = 0;
        for (let j = 0; j < dims; j++) dot += vec[v * dims + j]! * centroids[k * dims + j]!;
        if (dot > bestDot) { bestDot = dot; best = k; }
      }
      assign[v] = best;
    }
    centroids.fill(0);
    for (let v = OWN_CLUSTER; v < vocab.length; v++) for (let j = 0; j < dims; j++) centroids[assign[v]! * dims + j]! += vec[v * dims + j]!;
    for (let k = 0; k < K; k++) {
      let norm = 0;
      for (let j = 0; j < dims; j++) norm += centroids[k * dims + j]! ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < dims; j++) centroids[k * dims + j]! /= norm;
    }
  }
  const clusters: Record<string, number> = {};
  vocab.forEach((w, v) => { clusters[w] = v < OWN_CLUSTER ? K + v : assign[v]!; });
  return clusters;
}
