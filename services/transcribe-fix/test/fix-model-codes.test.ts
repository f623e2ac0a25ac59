import { describe, expect, it } from 'vitest';
import { joinSpelledLetters } from '../src/fix/acronyms.ts';
import { joinModelCodes } from '../src/fix/model-codes.ts';
import { normalizeNumbers } from '../src/fix/numbers.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const coded = (text: string) =>
  joinModelCodes(normalizeNumbers(joinSpelledLetters(wordsToTokens(words(text))).tokens).tokens).tokens.map((t) => t.text).join(' ');

describe('joinModelCodes', () => {
  it('writes letters and a number spelled out as one code, with a trailing letter', () => {
    expect(coded('memory on an h one hundred and l forty s instances')).toBe('memory on an H100 and L40S instances');
    expect(coded('but the m i three hundred x has more and a rented l four works')).toBe('but the MI300X has more and a rented L4 works');
  });

  it('leaves a and I before a number, years after an acronym, and numbers said in parts', () => {
    expect(coded('i gave a hundred and i two cents')).toBe('i gave 100 and i two cents');
    expect(coded('the n f l 2024 season')).toBe('the NFL 2024 season');
    expect(coded('an r t x forty ninety card')).not.toContain('RTX40');
  });
});
