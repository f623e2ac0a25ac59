/** A sequence of feature vectors (e.g. MFCC frames): `count` rows of `dim` numbers, row-major. */
export interface Frames {
  data: Float32Array;
  dim: number;
  count: number;
}

/** Where each frame of the second sequence landed on the warping path: the first and last frame of the first sequence matched to it. */
export interface Warp {
  first: Int32Array;
  last: Int32Array;
}

/** Cosine distance of two rows over coefficients 1..dim-1 (c0, the loudness, is left out: two voices differ in it most). */
function cosineDistance(a: Float32Array, ai: number, b: Float32Array, bj: number, dim: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 1; k < dim; k++) {
    const x = a[ai + k]!;
    const y = b[bj + k]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const norm = Math.sqrt(na * nb);
  return norm > 0 ? 1 - dot / norm : 1;
}

/**
 * Dynamic time warping of `target` (e.g. synthesized speech) onto `source` (the recording) inside a Sakoe-Chiba band:
 * row i of `source` may match only columns within `band` of the diagonal point i·m/n, so time and memory are
 * O(n·band) instead of O(n·m). The path runs from (0, 0) to (n-1, m-1), both ends pinned (the caller bounds both
 * sequences by known anchors); steps are (1,0), (0,1) and (1,1), each paying the local cosine distance, as in aeneas.
 */
export function bandedDtw(source: Frames, target: Frames, band: number): Warp {
  const n = source.count;
  const m = target.count;
  if (n === 0 || m === 0) throw new Error('bandedDtw needs two non-empty sequences');
  const dim = Math.min(source.dim, target.dim);
  // the band must be wide enough for a path to exist between consecutive rows' windows
  const half = Math.min(m, Math.max(Math.ceil(band), Math.ceil(m / n) + 1));
  const width = 2 * half + 1;
  const lo = new Int32Array(n);
  for (let i = 0; i < n; i++) lo[i] = Math.max(0, Math.min(m - 1, Math.round((i * (m - 1)) / Math.max(1, n - 1))) - half);
  // step taken into each cell: 0 unreachable, 1 from (i-1, j), 2 from (i, j-1), 3 from (i-1, j-1)
  const steps = new Uint8Array(n * width);
  let previous = new Float64Array(width).fill(Infinity);
  let current = new Float64Array(width).fill(Infinity);
  for (let i = 0; i < n; i++) {
    current.fill(Infinity);
    const from = lo[i]!;
    const to = Math.min(m - 1, from + width - 1);
    const prevFrom = i > 0 ? lo[i - 1]! : 0;
    const prevTo = i > 0 ? Math.min(m - 1, prevFrom + width - 1) : -1;
    for (let j = from; j <= to; j++) {
      const cost = cosineDistance(source.data, i * source.dim, target.data, j * target.dim, dim);
      const c = j - from;
      if (i === 0 && j === 0) {
        current[c] = cost;
        steps[i * width + c] = 3;
        continue;
      }
      let best = Infinity;
      let step = 0;
      if (i > 0 && j >= prevFrom && j <= prevTo && previous[j - prevFrom]! < best) {
        best = previous[j - prevFrom]!;
        step = 1;
      }
      if (c > 0 && current[c - 1]! < best) {
        best = current[c - 1]!;
        step = 2;
      }
      if (i > 0 && j - 1 >= prevFrom && j - 1 <= prevTo && previous[j - 1 - prevFrom]! <= best) {
        best = previous[j - 1 - prevFrom]!;
        step = 3;
      }
      if (step === 0) continue;
      current[c] = best + cost;
      steps[i * width + c] = step;
    }
    [previous, current] = [current, previous];
  }
  const first = new Int32Array(m).fill(-1);
  const last = new Int32Array(m).fill(-1);
  let i = n - 1;
  let j = m - 1;
  if (j - lo[i]! >= width || steps[i * width + (j - lo[i]!)] === 0) throw new Error('bandedDtw: no path inside the band');
  for (;;) {
    first[j] = i;
    if (last[j]! < 0) last[j] = i;
    if (i === 0 && j === 0) break;
    const step = steps[i * width + (j - lo[i]!)];
    if (step === 1) i--;
    else if (step === 2) j--;
    else {
      i--;
      j--;
    }
  }
  return { first, last };
}
