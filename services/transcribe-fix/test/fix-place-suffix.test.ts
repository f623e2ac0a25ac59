import { describe, expect, it } from 'vitest';
import { joinPlaceSuffixes } from '../src/fix/place-suffix.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const joined = (text: string) => joinPlaceSuffixes(wordsToTokens(words(text))).tokens.map((t) => t.text).join(' ');

describe('joinPlaceSuffixes', () => {
  it('joins a place heard apart from its ending into one name', () => {
    expect(joined('the first stop in lennox ville was at the bank')).toBe('the first stop in Lennoxville was at the bank');
    expect(joined('she moved to jackson ville last year')).toBe('she moved to Jacksonville last year');
  });

  it('never joins a function word, a short word, a word across a break, or the ending alone', () => {
    expect(joined('welcome to the ville my friend')).toBe('welcome to the ville my friend');
    expect(joined('coupe de ville')).toBe('coupe de ville');
    const broken = wordsToTokens(words('we stopped at lennox ville')).map((t, i) => (i === 3 ? { ...t, punct: ',' as const } : t));
    expect(joinPlaceSuffixes(broken).tokens.map((t) => t.text).join(' ')).toBe('we stopped at lennox ville');
    expect(joined('ville')).toBe('ville');
  });
});
