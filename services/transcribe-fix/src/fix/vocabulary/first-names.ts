import { readFileSync } from 'node:fs';
import path from 'node:path';
import { foldLetters } from '../text.ts';
import { knownNames } from './dictionary.ts';
import { phonemeDistanceWithin, phonemeSet, phonemesWithin, phrasePhonemes, wordPhonemes, type PhonemeSet } from './phonemes.ts';

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

/** The names of the list that are searched by sound: letters a–z only. */
const searchedNames = () => knownNames().filter((name) => /^[a-z]+$/.test(name));

/** Indexes the searched names by first letter, once, after loading the build's readings if there are any. */
function indexNames(): void {
  if (namesByFirstLetter.size) return;
  loadBuiltReadings();
  for (const name of searchedNames()) (namesByFirstLetter.get(name[0]!) ?? namesByFirstLetter.set(name[0]!, []).get(name[0]!)!).push(name);
}

/** Names by first letter, each list most said first (the people-names list is ranked by use, see data/generate.ts). */
function namesStartingWith(letter: string): string[] {
  indexNames();
  return namesByFirstLetter.get(letter) ?? [];
}

/** The file in the build's folder (dist/) that holds every searched name's readings (services/control/build.mjs). */
export const PERSON_READINGS_FILE = 'person-name-readings.tsv';

/**
 * Every searched name's readings as text, one "name<TAB>reading|reading" line each (phonemes spaced): what
 * build.mjs writes, so that a process's threads need not work out ~35k names by letter-to-sound rules one by one as
 * heard words reach them (the larger part of a fresh thread's matching work on its first episodes).
 */
export function encodePersonReadings(): string {
  return searchedNames().map((name) => `${name}\t${readingsOf(name).map((r) => r.join(' ')).join('|')}\n`).join('');
}

/** The readings of encodePersonReadings' text, by name. */
export function decodePersonReadings(text: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) out.set(line.slice(0, tab), line.slice(tab + 1).split('|').map((r) => (r ? r.split(' ') : [])));
  }
  return out;
}

/** Under the built CLI (PODPIPE_BUILT_DIR), the build's readings; from source, or when the file is missing, none. */
function loadBuiltReadings(): void {
  const dir = process.env.PODPIPE_BUILT_DIR;
  if (!dir) return;
  let text: string;
  try {
    text = readFileSync(path.join(dir, PERSON_READINGS_FILE), 'utf8');
  } catch {
    return; // A build without it: each name is read when first reached, as from source.
  }
  for (const [name, readings] of decodePersonReadings(text)) namePhonemes.set(name, readings);
  builtReadings = true;
}
/** Whether every searched name's readings were loaded from the build (and so the search is narrowed). */
let builtReadings = false;

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
  indexNames(); // the build's readings, if any, are loaded before choosing how to search
  const found = personNameBySound(words, builtReadings);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, found);
  return found;
}

/** A letter's names by reading length: the names (with each one's rank) and their readings, sorted by sound. */
interface ReadingGroup {
  names: string[];
  ranks: number[];
  readings: string[][];
  set: PhonemeSet;
}
const readingGroups = new Map<string, ReadingGroup[]>();

/** The readings of every name that starts with `letter`, grouped by phoneme count (each name's every reading). */
function groupsOf(letter: string): ReadingGroup[] {
  let groups = readingGroups.get(letter);
  if (!groups) {
    const byLength: Omit<ReadingGroup, 'set'>[] = [];
    for (const name of namesStartingWith(letter)) {
      for (const phonemes of readingsOf(name)) {
        const g = (byLength[phonemes.length] ??= { names: [], ranks: [], readings: [] });
        g.names.push(name);
        g.ranks.push(rankOf(name));
        g.readings.push(phonemes);
      }
    }
    groups = byLength.map((g, n) => g && { ...g, set: phonemeSet(g.readings, n) });
    readingGroups.set(letter, groups);
  }
  return groups;
}

/**
 * `closestPersonName`'s search, uncached. `narrowed`: each letter's readings of a length are first narrowed to those
 * whose distance may be within the bar (`phonemesWithin`) and only those graded — every reading is needed up front,
 * so this is the way when the build's readings are loaded; otherwise every name passing the length checks is graded,
 * its readings worked out as it is reached (the reference the narrowing must match exactly).
 */
export function personNameBySound(words: string[], narrowed: boolean): { name: string; similarity: number } | undefined {
  const heard = phrasePhonemes(words);
  const joined = foldLetters(words.join(''));
  let best: { name: string; similarity: number; rank: number } | undefined;
  const grade = (name: string, rank: number, phonemes: string[]) => {
    const n = phonemes.length;
    const distance = phonemeDistanceWithin(heard, phonemes, (1 - PERSON_NAME_SIMILARITY) * n);
    if (distance === Infinity) return;
    const similarity = 1 - distance / n;
    if (similarity < PERSON_NAME_SIMILARITY) return;
    // Equal sounds go to the more said name; a name's own readings tie on rank and give the same answer either way.
    if (!best || similarity > best.similarity || (similarity === best.similarity && rank < best.rank)) best = { name, similarity, rank };
  };
  if (heard.length >= 3) {
    const letters = FIRST_LETTERS[heard[0]!] ?? VOWEL_LETTERS;
    for (const letter of letters) {
      if (narrowed) {
        const groups = groupsOf(letter);
        for (let n = Math.max(3, heard.length - 2); n <= heard.length + 2 && n < groups.length; n++) {
          const g = groups[n];
          if (!g) continue;
          for (const i of phonemesWithin(heard, g.set, (1 - PERSON_NAME_SIMILARITY) * n)) {
            if (Math.abs(g.names[i]!.length - joined.length) <= 3) grade(g.names[i]!, g.ranks[i]!, g.readings[i]!);
          }
        }
        continue;
      }
      for (const name of namesStartingWith(letter)) {
        if (Math.abs(name.length - joined.length) > 3) continue;
        for (const phonemes of readingsOf(name)) {
          const n = phonemes.length;
          if (n < 3 || Math.abs(n - heard.length) > 2) continue;
          grade(name, rankOf(name), phonemes);
        }
      }
    }
  }
  return best && { name: capitalize(best.name), similarity: best.similarity };
}
