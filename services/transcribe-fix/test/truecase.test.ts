import { describe, expect, it } from 'vitest';
import { truecase } from '../src/fix/truecase.ts';
import type { Punct, Token } from '../src/fix/token.ts';

/** Tokens from "word word, word." style text: trailing punctuation becomes punct. */
function tokens(text: string): Token[] {
  return text.split(' ').map((raw, i) => {
    const m = raw.match(/^(.*?)([,.?]?)$/)!;
    return { text: m[1]!, from: [i, i + 1], start: 0, end: 0, punct: m[2] as Punct };
  });
}

const texts = (ts: Token[]): string => ts.map((t) => t.text + t.punct).join(' ');

describe('truecase', () => {
  it('capitalizes the first word and every word after a sentence end', () => {
    expect(texts(truecase(tokens('so it begins. what now? nothing, really.')))).toBe('So it begins. What now? Nothing, really.');
  });

  it('capitalizes "i" and its contractions mid-sentence', () => {
    expect(texts(truecase(tokens("yes i think i'm sure i'll go and i've said i'd go.")))).toBe("Yes I think I'm sure I'll go and I've said I'd go.");
  });

  it('capitalizes days, months, languages and countries from the lexicon', () => {
    expect(texts(truecase(tokens('we met on monday in january and spoke english in france.')))).toBe(
      'We met on Monday in January and spoke English in France.',
    );
  });

  it('writes spoken greetings and sounds as words, not as the abbreviations the written lexicon knows', () => {
    expect(texts(truecase(tokens('well hi everyone, hm, a lotta people said hi.')))).toBe('Well hi everyone, hm, a lotta people said hi.');
    expect(texts(truecase(tokens('hi everyone.')))).toBe('Hi everyone.');
  });

  it('leaves ordinary words lowercase', () => {
    const out = texts(truecase(tokens('the table and the chair were in the kitchen by the window.')));
    expect(out).toBe('The table and the chair were in the kitchen by the window.');
  });

  it('capitalizes known two-word names as a pair', () => {
    expect(texts(truecase(tokens('she grew up in new york and moved to los angeles.')))).toBe('She grew up in New York and moved to Los Angeles.');
  });

  it('never touches locked tokens, even at a sentence start', () => {
    const input: Token[] = [
      { text: 'iPhone', from: [0, 1], start: 0, end: 0, punct: '', locked: true },
      { text: 'sales', from: [1, 2], start: 0, end: 0, punct: '.' },
      { text: 'deeplearning.ai', from: [2, 3], start: 0, end: 0, punct: '', locked: true },
    ];
    const out = truecase(input);
    expect(out.map((t) => t.text)).toEqual(['iPhone', 'sales', 'deeplearning.ai']);
  });

  it('keeps proper tokens capitalized, every word of them', () => {
    const input: Token[] = [
      { text: 'with', from: [0, 1], start: 0, end: 0, punct: '' },
      { text: 'andrew ng', from: [1, 3], start: 0, end: 0, punct: '.', proper: true },
    ];
    expect(truecase(input).map((t) => t.text)).toEqual(['With', 'Andrew Ng']);
  });

  it('returns new tokens and leaves the input as it was', () => {
    const input = tokens('hello there.');
    const copy = structuredClone(input);
    const out = truecase(input);
    expect(input).toEqual(copy);
    expect(out[0]).not.toBe(input[0]);
    expect(out[0]!.from).toEqual([0, 1]);
  });
});
