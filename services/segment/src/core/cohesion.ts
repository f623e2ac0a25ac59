import type { Sentence } from './sentences.ts';

/** Content words on each side of a gap that TextTiling compares (about half a minute of speech). */
const BLOCK_TOKENS = 80;

/** Counts of one side's block, with its squared norm kept up to date. */
class Block {
  counts: Int32Array;
  norm2 = 0;
  constructor(size: number) {
    this.counts = new Int32Array(size);
  }
  add(id: number, delta: 1 | -1, other: Block): number {
    const c = this.counts[id]!;
    this.norm2 += delta === 1 ? 2 * c + 1 : -2 * c + 1;
    this.counts[id] = c + delta;
    return delta * other.counts[id]!;
  }
}

/**
 * Lexical cohesion across the gap before each sentence (TextTiling): cosine similarity of the stem counts in the
 * `blockTokens` content words before and after it, updated incrementally so the pass is linear.
 */
export function gapSimilarities(sentences: Sentence[], blockTokens = BLOCK_TOKENS): Float64Array {
  const ids = new Map<string, number>();
  const stream: number[] = [];
  const sentenceStart: number[] = [];
  for (const s of sentences) {
    sentenceStart.push(stream.length);
    for (const st of s.stems) {
      let id = ids.get(st);
      if (id === undefined) ids.set(st, (id = ids.size));
      stream.push(id);
    }
  }
  const left = new Block(ids.size);
  const right = new Block(ids.size);
  let dot = 0;
  // left = stream[l0, p), right = stream[p, r1)
  let l0 = 0;
  let p = 0;
  let r1 = 0;
  const sims = new Float64Array(sentences.length);
  sentences.forEach((_, k) => {
    const gap = sentenceStart[k]!;
    while (r1 < Math.min(stream.length, gap + blockTokens)) dot += right.add(stream[r1++]!, 1, left);
    while (p < gap) {
      const id = stream[p++]!;
      dot += right.add(id, -1, left);
      dot += left.add(id, 1, right);
    }
    while (l0 < gap - blockTokens) dot += left.add(stream[l0++]!, -1, right);
    sims[k] = left.norm2 > 0 && right.norm2 > 0 ? dot / Math.sqrt(left.norm2 * right.norm2) : 0;
  });
  return sims;
}

/** TextTiling depth of each gap: how far its similarity dips below the peaks on either side. */
export function depthScores(sims: Float64Array): Float64Array {
  const n = sims.length;
  const smooth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let k = 0;
    for (let j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++, k++) sum += sims[j]!;
    smooth[i] = sum / k;
  }
  const depth = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    let l = i;
    while (l > 0 && smooth[l - 1]! >= smooth[l]!) l--;
    let r = i;
    while (r < n - 1 && smooth[r + 1]! >= smooth[r]!) r++;
    depth[i] = smooth[l]! - smooth[i]! + (smooth[r]! - smooth[i]!);
  }
  return depth;
}

/** How far ahead (content words) a newly said word must come back to count as a topic it introduces. */
const RECUR_WITHIN = 400;

/**
 * Vocabulary introduction (Hearst): for the gap before each sentence, how many words the episode had not said before
 * and comes back to soon appear in the `blockTokens` content words after the gap, beyond as many in the block before
 * it. A new topic brings its own words; the same count before the gap removes the episode's steady drift.
 */
export function introductionScores(sentences: Sentence[], blockTokens = BLOCK_TOKENS): Float64Array {
  const stream = sentences.flatMap((s) => s.stems);
  const firstAt = new Map<string, number>();
  const recurs = new Map<string, boolean>();
  stream.forEach((st, i) => {
    const first = firstAt.get(st);
    if (first === undefined) firstAt.set(st, i);
    else if (i - first <= RECUR_WITHIN) recurs.set(st, true);
  });
  // introduced[i]: 1 when token i is the first mention of a word that recurs
  const before = new Int32Array(stream.length + 1);
  stream.forEach((st, i) => (before[i + 1] = before[i]! + (firstAt.get(st) === i && recurs.get(st) ? 1 : 0)));
  const scores = new Float64Array(sentences.length);
  let gap = 0;
  sentences.forEach((s, k) => {
    const after = before[Math.min(stream.length, gap + blockTokens)]! - before[gap]!;
    const prior = before[gap]! - before[Math.max(0, gap - blockTokens)]!;
    scores[k] = k === 0 ? 0 : Math.max(0, after - prior);
    gap += s.stems.length;
  });
  return scores;
}
