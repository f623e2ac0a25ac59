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
