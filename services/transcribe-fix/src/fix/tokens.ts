import type { Edit, FixedWord, Word } from '@podpipe/shared/transcript';
import type { Punct, Token } from './token.ts';

/** What every fixer pass returns: the new tokens and the changes it made. */
export interface PassResult {
  tokens: Token[];
  edits: Edit[];
}

const TRAILING_PUNCT = /([.?!,;:]+)$/;

function punctOf(mark: string): Punct {
  if (/[?]/.test(mark)) return '?';
  if (/[!]/.test(mark)) return '!';
  if (/[.]/.test(mark)) return '.';
  return mark ? ',' : '';
}

/** One token per raw word; punctuation a provider already printed is moved into `punct`. */
export function wordsToTokens(words: Word[]): Token[] {
  const tokens: Token[] = [];
  words.forEach((w, i) => {
    const mark = /[a-z0-9]\.[a-z]/i.test(w.text) ? '' : (TRAILING_PUNCT.exec(w.text)?.[1] ?? '');
    const text = mark ? w.text.slice(0, -mark.length) : w.text;
    if (!text) {
      // A word that is only punctuation ("...") gives its mark to the word before.
      const prev = tokens[tokens.length - 1];
      if (prev && !prev.punct) prev.punct = punctOf(mark);
      return;
    }
    const token: Token = { text, from: [i, i + 1], start: w.start, end: w.end, punct: punctOf(mark) };
    if (w.speaker !== undefined) token.speaker = w.speaker;
    tokens.push(token);
  });
  return tokens;
}

/** One token made of tokens[first..last] with a new text: raw range and time span are the union of theirs. */
export function mergeTokens(tokens: Token[], text: string): Token {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  const merged: Token = {
    text,
    from: [first.from[0], last.from[1]],
    start: first.start,
    end: last.end,
    punct: last.punct,
  };
  if (first.speaker !== undefined) merged.speaker = first.speaker;
  return merged;
}

/** The edit log entry for replacing `before` tokens with text `after`. */
export function editFor(rule: string, before: Token[], after: string, confidence: number): Edit {
  return {
    rule,
    from: [before[0]!.from[0], before[before.length - 1]!.from[1]],
    before: before.map((t) => t.text).join(' '),
    after,
    confidence: Math.round(confidence * 1000) / 1000,
  };
}

/** Published words: a token's punctuation is written onto its text. */
export function tokensToFixedWords(tokens: Token[]): FixedWord[] {
  return tokens.map((t) => {
    // "a.m." ends a sentence without a second period.
    const punct = t.punct === '.' && t.text.endsWith('.') ? '' : t.punct;
    const word: FixedWord = { text: t.text + punct, start: t.start, end: t.end, from: [t.from[0], t.from[1]] };
    if (t.speaker !== undefined) word.speaker = t.speaker;
    return word;
  });
}
