import { describe, expect, it } from 'vitest';
import { alignToAudio, estimateTimings } from '../src/align/index.ts';
import { expectedSpokenLength } from '../src/align/spoken-length.ts';
import { speechRegions } from '../src/align/speech-regions.ts';

const vocabulary = ['the', 'learning', 'machine', 'we', 'education', 'a', 'conversation', 'data', 'is', 'university', 'and', 'so'];

/** A deterministic pseudo-random stream, so the synthetic cases are reproducible. */
function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296);
}

/** Synthesizes speech: each word takes its expected length times a jittered rate; silences sit after chosen words. */
function synthesize(wordCount: number, pauseAfter: Set<number>, jitter: number, seed = 7) {
  const random = lcg(seed);
  const texts = Array.from({ length: wordCount }, (_, i) => vocabulary[Math.floor(random() * vocabulary.length)]! + (i % 97 === 0 ? 's' : ''));
  const silences: { start: number; end: number }[] = [];
  const trueStarts: number[] = [];
  let t = 0;
  texts.forEach((text, i) => {
    trueStarts.push(t);
    t += expectedSpokenLength(text) * 0.2 * (1 + jitter * (random() * 2 - 1));
    if (pauseAfter.has(i)) {
      const length = 0.4 + random();
      silences.push({ start: t, end: t + length });
      t += length;
    }
  });
  return { texts, silences, duration: t, trueStarts };
}

describe('speechRegions', () => {
  it('returns the complement of merged, clipped silences', () => {
    const regions = speechRegions(10, [{ start: 4, end: 5 }, { start: 0, end: 1 }, { start: 4.5, end: 6 }, { start: 9.5, end: 12 }]);
    expect(regions).toEqual([{ start: 1, end: 4 }, { start: 6, end: 9.5 }]);
  });
});

describe('alignToAudio', () => {
  it('puts every silence between the right words when rates are exact', () => {
    const pauses = new Set([9, 30, 31, 70, 150, 151, 152, 190]);
    const { texts, silences, duration, trueStarts } = synthesize(200, pauses, 0);
    const words = alignToAudio(texts, { duration, silences });
    expect(words).toHaveLength(200);
    for (const i of pauses) {
      const silence = silences.find((s) => Math.abs(s.start - (trueStarts[i + 1]! - (s.end - s.start))) < 1e-6)!;
      expect(words[i + 1]!.start).toBeCloseTo(silence.end, 3);
      expect(words[i]!.end).toBeCloseTo(silence.start, 3);
    }
    words.forEach((w, i) => expect(w.start).toBeCloseTo(trueStarts[i]!, 2));
  });

  it('puts silences within a word or two of the truth under per-word rate noise', () => {
    const random = lcg(3);
    const pauses = new Set<number>();
    for (let i = 20; i < 3000; i += 10 + Math.floor(random() * 40)) pauses.add(i);
    const { texts, silences, duration, trueStarts } = synthesize(3000, pauses, 0.1, 11);
    const words = alignToAudio(texts, { duration, silences });
    const offsets = silences.map((s) => words.findIndex((w) => w.start >= s.end - 1e-3));
    const truth = [...pauses].map((i) => i + 1);
    const exact = offsets.filter((o, k) => o === truth[k]).length;
    const near = offsets.filter((o, k) => Math.abs(o - truth[k]!) <= 2).length;
    expect(exact / truth.length).toBeGreaterThan(0.5);
    expect(near / truth.length).toBeGreaterThan(0.97);
    expect(words[truth[0]!]!.start).toBeGreaterThan(trueStarts[truth[0]!]! - 2);
  });

  it('keeps words in order inside the audio and survives no silences at all', () => {
    const words = alignToAudio(['hello', 'there', 'world'], { duration: 3, silences: [] });
    expect(words.map((w) => w.text)).toEqual(['hello', 'there', 'world']);
    expect(words[0]!.start).toBe(0);
    expect(words[2]!.end).toBeCloseTo(3, 3);
    for (let i = 1; i < words.length; i++) expect(words[i]!.start).toBeGreaterThanOrEqual(words[i - 1]!.end - 1e-9);
    expect(alignToAudio([], { duration: 10, silences: [] })).toEqual([]);
  });

  it('keeps every word of a long episode once, in order, inside the audio', () => {
    const pauses = new Set(Array.from({ length: 400 }, (_, k) => 20 + k * 39));
    const { texts, silences, duration } = synthesize(16_000, pauses, 0.2, 5);
    const words = alignToAudio(texts, { duration, silences });
    expect(words.map((w) => w.text)).toEqual(texts);
    for (let i = 1; i < words.length; i++) expect(words[i]!.start).toBeGreaterThanOrEqual(words[i - 1]!.end - 1e-9);
    expect(words.at(-1)!.end).toBeLessThanOrEqual(duration + 1e-3); // times are rounded to the millisecond
  });
});

describe('estimateTimings', () => {
  it('gives longer words more time at a nominal rate, in order', () => {
    const words = estimateTimings(['a', 'university', 'is', 'here']);
    expect(words[1]!.end - words[1]!.start).toBeGreaterThan(3 * (words[0]!.end - words[0]!.start));
    expect(words[3]!.end).toBeGreaterThan(1);
    expect(words[3]!.end).toBeLessThan(3);
    for (let i = 1; i < words.length; i++) expect(words[i]!.start).toBe(words[i - 1]!.end);
  });
});
