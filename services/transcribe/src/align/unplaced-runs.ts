/** A run of consecutive words without a time: transcript indexes [first, end). */
export interface UnplacedRun {
  first: number;
  /** One past the last word. */
  end: number;
}

/** Every run of consecutive words without a time, in order (the one loop DTW placement and interpolation share). */
export function unplacedRuns(times: readonly (object | null | undefined)[]): UnplacedRun[] {
  const runs: UnplacedRun[] = [];
  let i = 0;
  while (i < times.length) {
    if (times[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < times.length && !times[j]) j++;
    runs.push({ first: i, end: j });
    i = j;
  }
  return runs;
}
