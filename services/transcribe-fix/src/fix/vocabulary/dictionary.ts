import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Ordinary English words, most frequent in speech first, and those usually written capitalized (see data/SOURCES.md). */
const data = require('./data/common-words.json') as { common: string[]; capitalized: string[]; names: string[] };
const rankOf = new Map<string, number>(data.common.map((w, i) => [w, i]));
const capitalized = new Set(data.capitalized);
const names = new Set(data.names);
// The list has no one-letter words; these two are among the most frequent of all.
rankOf.set('i', 0);
rankOf.set('a', 0);

/** How common a spoken English word is: 0 for the most frequent, Infinity for a word not in the list. */
export function wordRank(word: string): number {
  return rankOf.get(word) ?? Infinity;
}

/** True when the word (or its plural/possessive base, or every part of a hyphenated or contracted word) is an ordinary English word that must never become a name. */
export function isDictionaryWord(word: string): boolean {
  const w = word.toLowerCase().replace(/’/g, "'");
  if (rankOf.has(w)) return true;
  if (w.includes('-')) return w.split('-').every((part) => part !== '' && isDictionaryWord(part));
  const contracted = /^([a-z]+)'(s|t|re|ve|ll|d|m)$/.exec(w);
  if (contracted) return rankOf.has(contracted[1]!);
  const base = w.replace(/'s$|s'$|s$/, '');
  return base !== w && base.length > 2 && rankOf.has(base);
}

/** True for a frequent word (top `limit` by spoken frequency). */
export function isFrequentWord(word: string, limit = 20_000): boolean {
  return wordRank(word.toLowerCase()) < limit;
}

/** True for an ordinary word that is mostly written capitalized, as a name ("graham", "peter", "general"). */
export function isMostlyCapitalized(word: string): boolean {
  return capitalized.has(word.toLowerCase());
}

/** True for a first name that is not also an ordinary word ("fiona", "laurence"). */
export function isKnownName(word: string): boolean {
  return names.has(word.toLowerCase());
}

/** The people-names list (first names and surnames that are not ordinary words), lowercase, most said first. */
export function knownNames(): readonly string[] {
  return data.names;
}
