import { describe, expect, it } from 'vitest';
import { timeWords } from '../src/stage.ts';

describe('timeWords', () => {
  const raw = {
    contentHash: 'x',
    timing: 'none' as const,
    words: [
      { text: 'hello', start: 0, end: 0, speaker: 'Ana' },
      { text: 'there', start: 0, end: 0, speaker: 'Ana' },
      { text: 'hi', start: 0, end: 0, speaker: 'Ben' },
    ],
  };

  it('gives untimed words times and keeps who said them', () => {
    for (const audio of [null, { duration: 3, silences: [{ start: 1.5, end: 2 }] }]) {
      const { words } = timeWords(raw, audio);
      expect(words.map((w) => [w.text, w.speaker])).toEqual([['hello', 'Ana'], ['there', 'Ana'], ['hi', 'Ben']]);
      expect(words.every((w, i) => w.end > w.start && (i === 0 || w.start >= words[i - 1]!.end))).toBe(true);
    }
  });
});
