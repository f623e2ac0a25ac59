import type { Word } from '@podpipe/shared/transcript';

/** Raw words from a sentence, one second each, so times can be checked. */
export function words(text: string): Word[] {
  return text.split(/\s+/).filter(Boolean).map((t, i) => ({ text: t, start: i, end: i + 0.5 }));
}

/** A seeded generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
