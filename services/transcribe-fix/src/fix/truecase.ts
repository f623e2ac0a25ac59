import type { Token } from './token.ts';
import { casingLexicon, type Casing } from './model/lexicon.ts';

const PRONOUN_I = /^i('(m|ll|ve|d|s))?$/;

/**
 * Spoken words that the written-text lexicon knows only as abbreviations or names ("hi" → HI for Hawaii,
 * "hm" → HM, "lotta" → Lotta): in a transcript they are the greeting or the sound, written lowercase mid-sentence.
 */
const SPOKEN_NOT_NAMES = new Set(['hi', 'hm', 'hmm', 'mm', 'mhm', 'uh', 'um', 'ah', 'oh', 'eh', 'lotta']);

function capitalizeFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function capitalizeWords(s: string): string {
  return s.split(' ').map(capitalizeFirst).join(' ');
}

/** The mid-sentence form of one word: "I", a lexicon form (names, days, places), or the word as it is. */
function casedWord(word: string, words: ReadonlyMap<string, string>): string {
  const lower = word.toLowerCase();
  if (word !== lower) return word; // already cased by an earlier pass
  if (PRONOUN_I.test(lower)) return capitalizeFirst(lower);
  if (SPOKEN_NOT_NAMES.has(lower)) return word;
  const known = words.get(lower);
  if (known) return known;
  if (lower.endsWith("'s")) {
    const base = words.get(lower.slice(0, -2));
    if (base) return base + "'s";
  }
  return word;
}

/** Forms of two-word names ("hong kong" → "Hong Kong") for adjacent plain tokens; index → form. */
function pairForms(tokens: readonly Token[], casing: Casing): Map<number, string> {
  const forms = new Map<number, string>();
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!, b = tokens[i + 1]!;
    if (a.locked || b.locked || a.punct) continue;
    const pair = casing.pairs.get(a.text.toLowerCase() + ' ' + b.text.toLowerCase());
    if (!pair) continue;
    const [fa, fb] = pair.split(' ') as [string, string];
    forms.set(i, fa);
    forms.set(i + 1, fb);
  }
  return forms;
}

/** Capitalizes sentence starts, "I" and its contractions, and proper nouns; never touches tokens with locked=true; keeps proper=true tokens capitalized. */
export function truecase(tokens: Token[]): Token[] {
  const casing = casingLexicon();
  const pairs = pairForms(tokens, casing);
  return tokens.map((t, i) => {
    if (t.locked) return { ...t };
    const prev = tokens[i - 1];
    const startsSentence = !prev || prev.punct === '.' || prev.punct === '?' || prev.punct === '!';
    let text = pairs.get(i) ?? t.text.split(' ').map((w) => casedWord(w, casing.words)).join(' ');
    if (t.proper) text = capitalizeWords(text);
    if (startsSentence) text = capitalizeFirst(text);
    return { ...t, text };
  });
}
