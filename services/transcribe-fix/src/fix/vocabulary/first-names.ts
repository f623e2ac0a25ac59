import { foldLetters } from '../text.ts';
import { knownNames } from './dictionary.ts';
import { phonemeDistanceWithin, phrasePhonemes, wordPhonemes } from './phonemes.ts';

/** How close heard words must sound to a name of the people-names list to be written as that name. */
export const PERSON_NAME_SIMILARITY = 0.85;

/**
 * Letters a name may start with for each class of first sound ("lou seal" starts with L: Lucille, Lucile, ...): only
 * those names are read by letter-to-sound, once each, when a cued person is first heard.
 */
const FIRST_LETTERS: Record<string, string> = {
  P: 'pb', B: 'pb', T: 'td', D: 'td', TH: 'td', DH: 'td', K: 'kcgq', G: 'kcgq', F: 'fvp', V: 'fvw', S: 'szcx', Z: 'szx', SH: 'scj',
  ZH: 'jgsz', CH: 'cjt', JH: 'jg', M: 'm', N: 'nkg', NG: 'n', L: 'l', R: 'rw', HH: 'hjx', Y: 'yjie', W: 'wou',
};
const VOWEL_LETTERS = 'aeiouyh';

const namesByFirstLetter = new Map<string, string[]>();
let ranks: Map<string, number> | undefined;
const rankOf = (name: string) => (ranks ??= new Map(knownNames().map((n, i) => [n, i]))).get(name) ?? Infinity;
const namePhonemes = new Map<string, string[][]>();

/**
 * How a name of the list may be said: as the dictionary or the letter-to-sound rules read it, and a name spelled
 * the French way with "ou" before a vowel (Ouellette, Ouimet) also with that "ou" said as English "w" ("well et"):
 * the pronouncing dictionary has Ouellette as "ah oo let", the American reading of the letters.
 */
function readingsOf(name: string): string[][] {
  let readings = namePhonemes.get(name);
  if (!readings) {
    readings = [wordPhonemes(name)];
    if (/^ou[aei]/.test(name)) readings.push(['W', ...wordPhonemes(name.slice(2)).filter((p, i) => i > 0 || p !== 'HH')]);
    namePhonemes.set(name, readings);
  }
  return readings;
}
const cache = new Map<string, { name: string; similarity: number } | undefined>();

/** Names by first letter, each list most said first (the people-names list is ranked by use, see data/generate.ts). */
function namesStartingWith(letter: string): string[] {
  if (!namesByFirstLetter.size) for (const name of knownNames()) if (/^[a-z]+$/.test(name)) (namesByFirstLetter.get(name[0]!) ?? namesByFirstLetter.set(name[0]!, []).get(name[0]!)!).push(name);
  return namesByFirstLetter.get(letter) ?? [];
}

const capitalize = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/**
 * The name of the people-names list (cspell's first names and surnames) that heard words sound most like, at or
 * above PERSON_NAME_SIMILARITY, written capitalized ("lou seal" -> Lucille, "foo meeko" -> Fumiko). Equal sounds are
 * decided by use: the spelling said more often (SUBTLEX-US) wins ("Lucille" over "Lucile"). The caller decides
 * whether a person is meant at all.
 */
export function closestPersonName(words: string[]): { name: string; similarity: number } | undefined {
  const key = words.join(' ');
  if (cache.has(key)) return cache.get(key);
  const heard = phrasePhonemes(words);
  const joined = foldLetters(words.join(''));
  let best: { name: string; similarity: number; rank: number } | undefined;
  if (heard.length >= 3) {
    const letters = FIRST_LETTERS[heard[0]!] ?? VOWEL_LETTERS;
    for (const letter of letters) {
      for (const name of namesStartingWith(letter)) {
        if (Math.abs(name.length - joined.length) > 3) continue;
        for (const phonemes of readingsOf(name)) {
          const n = phonemes.length;
          if (n < 3 || Math.abs(n - heard.length) > 2) continue;
          const distance = phonemeDistanceWithin(heard, phonemes, (1 - PERSON_NAME_SIMILARITY) * n);
          if (distance === Infinity) continue;
          const similarity = 1 - distance / n;
          if (similarity < PERSON_NAME_SIMILARITY) continue;
          const rank = rankOf(name);
          if (!best || similarity > best.similarity || (similarity === best.similarity && rank < best.rank)) best = { name, similarity, rank };
        }
      }
    }
  }
  const found = best && { name: capitalize(best.name), similarity: best.similarity };
  if (cache.size > 10_000) cache.clear();
  cache.set(key, found);
  return found;
}
