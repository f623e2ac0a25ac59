import type { FixedWord } from '@podpipe/shared/transcript';
import { roundTime, type Quote } from './model.ts';

/** The podcast namespace suggests soundbites of 15 to 120 s; listeners' clips work best under a minute. */
export const SOUNDBITE_SEC = { min: 15, max: 60 } as const;
/** The podcast namespace caps a soundbite title at 128 characters. */
export const SOUNDBITE_TITLE_MAX = 128;

export interface Soundbite {
  start: number;
  duration: number;
  title: string;
}

const SENTENCE_END = /[.?!…]["'”’)\]]*$/;

/** A title of at most `max` characters that never cuts a word: whole text, else whole sentences, else whole words and an ellipsis. */
export function soundbiteTitle(text: string, max = SOUNDBITE_TITLE_MAX): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const words = clean.split(' ');
  let sentences = '';
  let upTo = '';
  for (const word of words) {
    const next = upTo ? `${upTo} ${word}` : word;
    if (next.length > max - 1) break;
    upTo = next;
    if (SENTENCE_END.test(word)) sentences = upTo;
  }
  if (sentences.length >= max / 3) return sentences;
  return `${(upTo || words[0]!.slice(0, max - 1)).replace(/[,;:–—-]+$/, '')}…`;
}

/**
 * Soundbites from the quotes: each runs from its quote's first word to a sentence end, 15–60 s — a short quote
 * grows by the sentences after it, a long one ends at the last sentence end inside a minute; a quote that cannot
 * make one is left out.
 */
export function soundbitesFrom(quotes: Quote[], words: FixedWord[]): Soundbite[] {
  const bites: Soundbite[] = [];
  for (const quote of quotes) {
    const first = words.findIndex((w) => w.end > quote.start + 0.01);
    if (first < 0) continue;
    const start = words[first]!.start;
    let end: number | undefined;
    for (let i = first; i < words.length; i++) {
      const word = words[i]!;
      const length = word.end - start;
      if (length > SOUNDBITE_SEC.max) break;
      const atSentenceEnd = SENTENCE_END.test(word.text) || i === words.length - 1;
      if (!atSentenceEnd) continue;
      if (length >= SOUNDBITE_SEC.min) {
        end = word.end;
        // The quote's own end, when it lands on a sentence end within bounds, is the best place to stop.
        if (word.end >= quote.end - 0.01) break;
      }
    }
    if (end === undefined) continue;
    bites.push({ start: roundTime(start), duration: roundTime(end - start), title: soundbiteTitle(quote.text) });
  }
  return bites;
}
