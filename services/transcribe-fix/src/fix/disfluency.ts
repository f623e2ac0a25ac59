import type { Token } from './token.ts';
import { editFor, type PassResult } from './tokens.ts';
import { plainWord } from './text.ts';

/** Hesitation sounds with no meaning of their own. */
export const FILLERS = new Set(['um', 'uh', 'er', 'erm', 'uhm', 'umm', 'uhh', 'ehm']);

/**
 * Short function words whose immediate repeat is a stutter ("the the", "i i"). Content words are left alone:
 * "finally, finally" and "very very" are said on purpose, and "that that" / "had had" can be grammatical.
 */
export const STUTTER_WORDS = new Set([
  'a', 'an', 'the', 'i', "i'm", "i've", "i'd", "i'll", 'and', 'but', 'or', 'so', 'to', 'of', 'in', 'on', 'at', 'as',
  'for', 'with', 'from', 'by', 'my', 'our', 'your', 'his', 'her', 'their', 'its', 'we', "we're", 'he', "he's", 'she',
  "she's", 'it', "it's", 'they', "they're", 'is', 'was', 'are', 'were', 'if', 'this', 'what', 'when', 'where', 'who',
  'because', "don't", 'just', 'like',
]);

/** Drops the first of two identical adjacent function words from the same speaker. */
export function removeStutters(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const word = plainWord(t.text);
    if (
      next &&
      !t.locked &&
      !t.punct &&
      STUTTER_WORDS.has(word) &&
      plainWord(next.text) === word &&
      next.speaker === t.speaker
    ) {
      edits.push(editFor('stutter', [t], '', 0.9));
      return;
    }
    out.push(t);
  });
  return { tokens: out, edits };
}

/** Drops hesitation sounds ("um", "uh"); a filler's punctuation moves to the word before it. */
export function removeFillers(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (const t of tokens) {
    if (t.locked || !FILLERS.has(plainWord(t.text))) {
      out.push(t);
      continue;
    }
    edits.push(editFor('filler', [t], '', 0.95));
    const prev = out[out.length - 1];
    if (prev && t.punct && !prev.punct) out[out.length - 1] = { ...prev, punct: t.punct };
  }
  return { tokens: out, edits };
}
