import { createRequire } from 'node:module';
import { foldLetters } from '../text.ts';
import type { VocabularyEntry, VocabularyKind } from './entry.ts';

const require = createRequire(import.meta.url);
let cached: VocabularyEntry[] | undefined;
let folded: string[] | undefined;

/** The built-in vocabulary of brands, companies, places and languages (see data/SOURCES.md); loaded once, shared. */
export function builtinLexicon(): VocabularyEntry[] {
  cached ??= (require('./data/builtin-lexicon.json') as [string, VocabularyKind][]).map(([term, kind]) => ({
    term,
    kind,
    source: 'builtin' as const,
  }));
  return cached;
}

/** Folded spelling of each built-in entry, in the same order, computed once. */
export function builtinLexiconKeys(): string[] {
  folded ??= builtinLexicon().map((e) => foldLetters(e.term));
  return folded;
}
