/**
 * Features of the gap after a word, shared by training and the runtime so both see exactly the same inputs.
 * Each word is hashed once, together with its distributional cluster (words used alike share one); a feature
 * is a template id mixed with a few of those hashes, masked into a fixed number of buckets. The model is a
 * table of per-label weights per bucket.
 */

/** Gap labels the punctuation model chooses between, in weight-table order. */
export const LABELS = ['', ',', '.', '?'] as const;
export type Label = (typeof LABELS)[number];
export const NUM_LABELS = LABELS.length;

/** log2 of the number of feature buckets. */
export const HASH_BITS = 22;
const HASH_MASK = (1 << HASH_BITS) - 1;

/** Upper bound on the number of features gapFeatures writes. */
export const MAX_FEATURES = 36;

/** Lowercases a word and reduces it to the form the model was trained on (digits collapse to one class). */
export function modelWord(text: string): string {
  const w = text.toLowerCase();
  if (/\d/.test(w)) return '<num>';
  return w;
}

/** 32-bit FNV-1a hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, v: number): number {
  h ^= Math.imul(v, 0xcc9e2d51);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & HASH_MASK;
}

/** Feature bucket of a template id and up to three values. */
function feat(t: number, a: number, b = 0, c = 0): number {
  return fmix(mix(mix(mix(t, a), b), c));
}

/** A word sequence hashed once for feature extraction. */
export interface Prepared {
  /** Hash per word, with sentinel positions: index k + 3 holds word k. */
  w: Uint32Array;
  /** Cluster hash per word, same layout. */
  c: Uint32Array;
  /** 3-letter suffix hash per word, same layout. */
  s: Uint32Array;
  length: number;
}

const PAD = 3;
const BOS = hashString('<s>'), EOS = hashString('</s>');
const UNKNOWN_CLUSTER = hashString('c?');

/** Hashes model words (see modelWord) and their clusters for gapFeatures. */
export function prepare(words: readonly string[], clusters: ReadonlyMap<string, number>): Prepared {
  const n = words.length;
  const w = new Uint32Array(n + 2 * PAD), c = new Uint32Array(n + 2 * PAD), s = new Uint32Array(n + 2 * PAD);
  for (let k = 0; k < PAD; k++) {
    w[k] = c[k] = s[k] = BOS;
    w[n + PAD + k] = c[n + PAD + k] = s[n + PAD + k] = EOS;
  }
  for (let k = 0; k < n; k++) {
    const word = words[k] as string;
    w[k + PAD] = hashString(word);
    const cl = clusters.get(word);
    c[k + PAD] = cl === undefined ? UNKNOWN_CLUSTER : hashString('c' + cl);
    s[k + PAD] = hashString('-' + word.slice(-3));
  }
  return { w, c, s, length: n };
}

/**
 * Writes the bucket ids of the features for the gap after word i into `out` (at least MAX_FEATURES long)
 * and returns how many were written. Features see only the words, never earlier decisions, so every gap
 * is scored once and the decoder is free to search over whole sentences.
 */
export function gapFeatures(p: Prepared, i: number, out: Uint32Array): number {
  const k = i + PAD;
  const { w, c, s } = p;
  const wm2 = w[k - 2]!, wm1 = w[k - 1]!, w0 = w[k]!, w1 = w[k + 1]!, w2 = w[k + 2]!, w3 = w[k + 3]!;
  const cm2 = c[k - 2]!, cm1 = c[k - 1]!, c0 = c[k]!, c1 = c[k + 1]!, c2 = c[k + 2]!, c3 = c[k + 3]!;
  let n = 0;
  out[n++] = feat(1, 0);
  out[n++] = feat(2, w0);
  out[n++] = feat(3, w1);
  out[n++] = feat(4, w2);
  out[n++] = feat(5, w3);
  out[n++] = feat(6, wm1);
  out[n++] = feat(7, wm2);
  out[n++] = feat(8, w0, w1);
  out[n++] = feat(9, wm1, w0);
  out[n++] = feat(10, w1, w2);
  out[n++] = feat(11, wm1, w0, w1);
  out[n++] = feat(12, w0, w1, w2);
  out[n++] = feat(13, wm2, wm1, w0);
  out[n++] = feat(14, w1, w2, w3);
  out[n++] = feat(15, c0);
  out[n++] = feat(16, c1);
  out[n++] = feat(17, cm1);
  out[n++] = feat(18, c2);
  out[n++] = feat(19, c0, c1);
  out[n++] = feat(20, cm1, c0);
  out[n++] = feat(21, c1, c2);
  out[n++] = feat(22, cm1, c0, c1);
  out[n++] = feat(23, c0, c1, c2);
  out[n++] = feat(24, cm2, cm1, c0);
  out[n++] = feat(25, c1, c2, c3);
  out[n++] = feat(26, w0, c1);
  out[n++] = feat(27, c0, w1);
  out[n++] = feat(28, s[k]!, s[k + 1]!);
  out[n++] = feat(29, w0, c1, c2);
  out[n++] = feat(30, cm1, c0, w1);
  out[n++] = feat(31, c2, c3);
  out[n++] = feat(32, wm1, c1);
  return n;
}
