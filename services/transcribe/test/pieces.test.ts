import { describe, expect, it } from 'vitest';
import type { Word } from '@podpipe/shared/transcript';
import { planPieces, stitchPieces, type Piece } from '../src/recognize/pieces.ts';

/** What a recognizer hears in a piece: every script word that overlaps the piece's audio, in piece time, cut at its edges. */
function hear(script: Word[], piece: Piece): Word[] {
  return script
    .filter((w) => w.end > piece.from && w.start < piece.to)
    .map((w) => ({ ...w, start: Math.max(0, w.start - piece.from), end: Math.min(piece.to, w.end) - piece.from }));
}

/** Words of 0.4 s with a 0.1 s gap, and a 1 s pause every 20 words. */
function script(count: number): { words: Word[]; silences: { start: number; end: number }[]; duration: number } {
  const words: Word[] = [];
  const silences: { start: number; end: number }[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    words.push({ text: `w${i}`, start: t, end: t + 0.4 });
    t += 0.5;
    if (i % 20 === 19) {
      silences.push({ start: t, end: t + 1 });
      t += 1;
    }
  }
  return { words, silences, duration: t + 0.5 };
}

describe('planPieces', () => {
  it('covers the episode with pieces under the limit, cut in the middle of silences', () => {
    const s = script(1000);
    const pieces = planPieces(s.duration, s.silences, 60);
    expect(pieces.length).toBeGreaterThan(s.duration / 60);
    expect(pieces[0]!.start).toBe(0);
    expect(pieces.at(-1)!.end).toBe(s.duration);
    for (const [i, p] of pieces.entries()) {
      expect(p.end - p.start).toBeLessThanOrEqual(60);
      expect([p.start - p.from, p.to - p.end]).toEqual([i === 0 ? 0 : 1, i === pieces.length - 1 ? 0 : 1]);
      if (i > 0) expect(p.start).toBe(pieces[i - 1]!.end);
      if (i < pieces.length - 1) expect(s.silences.some((g) => (g.start + g.end) / 2 === p.end)).toBe(true);
    }
  });

  it('cuts in speech only when a window has no silence, and then hears context on both sides', () => {
    const pieces = planPieces(250, [], 100);
    expect(pieces.map((p) => [p.start, p.end])).toEqual([[0, 100], [100, 200], [200, 250]]);
    expect(pieces.map((p) => [p.from, p.to])).toEqual([[0, 102], [98, 202], [198, 250]]);
  });

  it('is one piece for a short episode', () => {
    expect(planPieces(42, [{ start: 10, end: 11 }], 600)).toEqual([{ index: 0, start: 0, end: 42, from: 0, to: 42 }]);
  });
});

describe('stitchPieces', () => {
  for (const [label, silences] of [['silence cuts', undefined], ['cuts in speech', []]] as [string, { start: number; end: number }[] | undefined][]) {
    it(`loses and doubles no word at the ${label}`, () => {
      const s = script(800);
      const pieces = planPieces(s.duration, silences ?? s.silences, 45);
      expect(pieces.length).toBeGreaterThan(5);
      // pieces come back in any order, as concurrent requests finish
      const heard = pieces.map((piece) => ({ piece, words: hear(s.words, piece) })).reverse();
      const stitched = stitchPieces(heard);
      expect(stitched.map((w) => w.text)).toEqual(s.words.map((w) => w.text));
      for (const [i, w] of stitched.entries()) {
        expect(w.start).toBeCloseTo(s.words[i]!.start, 2);
        expect(w.end).toBeGreaterThanOrEqual(w.start);
      }
    });
  }

  it('keeps a word that crosses a cut once, whichever side hears it whole', () => {
    const pieces = planPieces(20, [{ start: 9, end: 11 }], 15);
    expect(pieces.map((p) => [p.from, p.start, p.end, p.to])).toEqual([[0, 0, 10, 11], [9, 10, 20, 20]]);
    const words = stitchPieces([
      { piece: pieces[0]!, words: [{ text: 'early', start: 9.2, end: 9.9 }, { text: 'late', start: 10.3, end: 10.9 }] },
      { piece: pieces[1]!, words: [{ text: 'early', start: 0.2, end: 0.9 }, { text: 'late', start: 1.3, end: 1.9 }, { text: 'last', start: 10.5, end: 12 }] },
    ]);
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([['early', 9.2, 9.9], ['late', 10.3, 10.9], ['last', 19.5, 20]]);
  });
});
