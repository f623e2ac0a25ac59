import type { Silence } from '@podpipe/shared/transcript';

export interface PieceLimits {
  /** Pieces aim for this length, cut in the longest pause between min and max. */
  targetSec: number;
  minSec: number;
  maxSec: number;
}

export const DEFAULT_PIECE_LIMITS: PieceLimits = { targetSec: 30, minSec: 15, maxSec: 50 };

/** The silences an episode's pieces are cut in, sorted, with lookups for adaptive cutting. */
export class PauseMap {
  private readonly sorted: Silence[];

  constructor(
    silences: Silence[],
    readonly duration: number,
    private readonly limits: PieceLimits = DEFAULT_PIECE_LIMITS,
  ) {
    this.sorted = silences.filter((s) => s.end > s.start && s.start < duration).sort((a, b) => a.start - b.start);
  }

  /** Seconds of speech (not silence) in [start, end]. */
  speechSec(start: number, end: number): number {
    let silent = 0;
    for (const s of this.sorted) {
      if (s.start >= end) break;
      silent += Math.max(0, Math.min(end, s.end) - Math.max(start, s.start));
    }
    return Math.max(0.1, end - start - silent);
  }

  private best(lo: number, hi: number, target: number): number | null {
    let best: number | null = null;
    let bestScore = -Infinity;
    for (const s of this.sorted) {
      const mid = (s.start + s.end) / 2;
      if (mid < lo) continue;
      if (mid > hi) break;
      const score = Math.min(s.end - s.start, 1.5) - Math.abs(mid - target) / this.limits.targetSec;
      if (score > bestScore) {
        bestScore = score;
        best = mid;
      }
    }
    return best;
  }

  /** Where a piece starting at `from` should end: a pause about targetSec on, never past `limit`. */
  cutAfter(from: number, limit: number): number {
    if (limit - from <= this.limits.maxSec) return limit;
    return this.best(from + this.limits.minSec, Math.min(limit, from + this.limits.maxSec), from + this.limits.targetSec) ?? from + this.limits.targetSec;
  }

  /** Where a piece ending at `to` should start: a pause about targetSec back, never before `limit`. */
  cutBefore(to: number, limit: number): number {
    if (to - limit <= this.limits.maxSec) return limit;
    return this.best(Math.max(limit, to - this.limits.maxSec), to - this.limits.minSec, to - this.limits.targetSec) ?? to - this.limits.targetSec;
  }

  /** The first pause ending at least `after` seconds in (or `after` itself when none). */
  nextPause(after: number): number {
    const s = this.sorted.find((p) => p.start >= after);
    return s ? (s.start + s.end) / 2 : after;
  }

  /** The last pause starting before `before` (or `before` itself when none). */
  previousPause(before: number): number {
    const s = this.sorted.findLast((p) => p.end <= before);
    return s ? (s.start + s.end) / 2 : before;
  }
}
