import type { EpisodeMeta } from '@podpipe/shared/transcript';
import { foldLetters } from '../text.ts';
import { isFrequentWord } from './dictionary.ts';
import { VocabularyEntry } from './entry.ts';
import { builtinLexicon, builtinLexiconKeys } from './lexicon.ts';

const TITLE_BREAKS = /[:;,!?()[\]|"“”]|\s[-–—]\s|\s&\s/;
const isCapitalized = (w: string) => /^[\p{Lu}\p{N}]/u.test(w);
const POSSESSIVE = /^(.+)['’]s$/u;
const isCommon = (w: string): boolean =>
  w.includes('-') ? w.split('-').every(isCommon) : isFrequentWord(w.toLowerCase().replace(/[^\p{L}']/gu, ''));

/**
 * Names a title carries: runs of capitalized words with ordinary words trimmed from their edges, kept only when
 * something uncommon is left ("Leaving Etsy, Broken Mugs" -> Etsy; "Deep Learning" -> nothing); a possessive gives its
 * owner ("Leverkusen's Season" -> Leverkusen).
 */
export function titleTerms(title: string): string[] {
  const terms: string[] = [];
  for (const part of title.split(TITLE_BREAKS)) {
    let run: string[] = [];
    const flush = () => {
      while (run.length && isCommon(run[0]!)) run.shift();
      while (run.length && isCommon(run[run.length - 1]!)) run.pop();
      if (run.length) terms.push(run.join(' '));
      run = [];
    };
    for (const word of part.trim().split(/\s+/)) {
      // "Leverkusen's Unbeaten Season": a possessive ends a name ("Don't" is no name at all).
      const owner = POSSESSIVE.exec(word)?.[1];
      if (owner && isCapitalized(owner)) {
        run.push(owner);
        flush();
      } else if (word && isCapitalized(word) && !word.includes("'") && !word.includes('’')) run.push(word);
      else flush();
    }
    flush();
  }
  return terms;
}

/** Builds the vocabulary from episode metadata (hosts, guests, sponsors, show, title) + glossary rows + the built-in lexicon. */
export function buildVocabulary(meta: EpisodeMeta, glossary: VocabularyEntry[]): VocabularyEntry[] {
  const fromMeta: VocabularyEntry[] = [
    ...meta.hosts.map((term) => ({ term, kind: 'person' as const, source: 'meta' as const })),
    ...meta.guests.map((term) => ({ term, kind: 'person' as const, source: 'meta' as const })),
    ...meta.sponsors.map((term) => ({ term, kind: 'sponsor' as const, source: 'meta' as const })),
    ...(meta.show ? [{ term: meta.show, kind: 'show' as const, source: 'meta' as const }] : []),
    ...(meta.title ? titleTerms(meta.title) : []).map((term) => ({ term, kind: 'term' as const, source: 'meta' as const })),
  ];
  const byKey = new Map<string, VocabularyEntry>();
  for (const entry of [...fromMeta, ...glossary.map((g) => VocabularyEntry.parse(g))]) {
    const key = foldLetters(entry.term);
    if (!key) continue;
    const known = byKey.get(key);
    if (!known) byKey.set(key, { ...entry });
    else if (entry.heard?.length) known.heard = [...new Set([...(known.heard ?? []), ...entry.heard])];
  }
  const own = [...byKey.values()];
  // Built-in entries are shared objects (the fixer caches their compiled forms), so they are passed through as they are.
  const keys = builtinLexiconKeys();
  return [...own, ...builtinLexicon().filter((_, i) => !byKey.has(keys[i]!))];
}
