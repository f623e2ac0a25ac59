import { describe, expect, it } from 'vitest';
import { collocationGaps } from '../src/fix/model/collocations.ts';
import { punctuate } from '../src/fix/punctuate.ts';
import type { Token } from '../src/fix/token.ts';

const words = (text: string) => text.split(' ');
const pairsAt = (ws: string[], gaps: Set<number>) => [...gaps].map((i) => `${ws[i]} ${ws[i + 1]}`);

describe('collocationGaps', () => {
  it('finds a pair of content words the text repeats as one unit', () => {
    const ws = words('we do machine learning at work and machine learning at home because machine learning is fun');
    expect(new Set(pairsAt(ws, collocationGaps(ws)))).toEqual(new Set(['machine learning']));
  });

  it('ignores pairs with a function word and pairs seen once', () => {
    const ws = words('you know it is what you know and you know the rest of the green garden');
    expect(collocationGaps(ws).size).toBe(0);
  });

  it('ignores a pair when one of its words is mostly used elsewhere', () => {
    const ws = words('real madrid played well real talent real effort real pressure real madrid lost real fast');
    expect(collocationGaps(ws).size).toBe(0);
  });
});

describe('punctuate with collocations', () => {
  it('never writes a comma inside a pair the episode uses as one unit', () => {
    const text =
      'black friday is our biggest week and black friday orders start early so before black friday we pack boxes and after black friday we rest';
    const tokens: Token[] = words(text).map((w, i) => ({ text: w, from: [i, i + 1], start: 0, end: 0, punct: '' }));
    const out = punctuate(tokens);
    out.forEach((t, i) => {
      if (t.text === 'black') expect(out[i]!.punct, `after "black" at ${i}`).toBe('');
    });
  });
});
