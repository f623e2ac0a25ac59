import { describe, expect, it } from 'vitest';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { writeTechTerms } from '../src/fix/vocabulary/tech-terms.ts';
import { words } from './fix-helpers.ts';

const rewrite = (text: string) => writeTechTerms(wordsToTokens(words(text)));
const textOf = (text: string) => rewrite(text).tokens.map((t) => t.text).join(' ');

describe('writeTechTerms (an acronym said as a word, heard as a made-up word)', () => {
  it('writes the acronym for a made-up word heard twice that sounds like it read as a word', () => {
    const result = rewrite('the kernel is written in kuda and kuda only runs on their cards');
    expect(result.tokens.map((t) => t.text).join(' ')).toBe('the kernel is written in CUDA and CUDA only runs on their cards');
    expect(result.edits).toHaveLength(2);
    expect(result.edits[0]).toMatchObject({ rule: 'vocabulary-tech', before: 'kuda', after: 'CUDA' });
    expect(result.tokens[5]).toMatchObject({ locked: true, proper: true });
  });

  it('leaves a made-up word heard once, an English word, a name, and a word near no acronym', () => {
    expect(textOf('written in kuda for speed')).toBe('written in kuda for speed');
    expect(textOf('the code and the code again')).toBe('the code and the code again');
    expect(textOf('ask jason and jason will know')).toBe('ask jason and jason will know');
    expect(textOf('the zorblax ate another zorblax')).toBe('the zorblax ate another zorblax');
    // Near an acronym but not near-exact, or from another first sound: "isil" is no CIL (0.91).
    expect(textOf('the threat from isil and the war on isil')).toBe('the threat from isil and the war on isil');
  });
});
