import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';
import { plainWord } from './text.ts';

/** Words that introduce a promo code in a sponsor read. */
const CODE_WORDS = new Set(['code', 'promo', 'coupon']);

/** Writes a spoken promo code of a word and a number as one code ("use the code kitchen 10" -> KITCHEN10). */
export function joinPromoCodes(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i + 1];
    const number = tokens[i + 2];
    const cue = tokens[i]!;
    out.push(cue);
    if (!word || !number || !CODE_WORDS.has(plainWord(cue.text)) || cue.punct || word.punct || word.locked || number.locked) continue;
    const name = plainWord(word.text);
    const digits = plainWord(number.text);
    if (!/^[a-z]{3,15}$/.test(name) || !/^\d{1,3}$/.test(digits)) continue;
    const text = `${name.toUpperCase()}${digits}`;
    out.push({ ...mergeTokens([word, number], text), locked: true });
    edits.push(editFor('promo-code', [word, number], text, 0.8));
    i += 2;
  }
  return { tokens: out, edits };
}
