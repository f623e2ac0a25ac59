import type { Edit, FixedWord, Word } from '@podpipe/shared/transcript';
import { z } from 'zod';
import { joinSpelledLetters } from './acronyms.ts';
import { removeFillers, removeStutters } from './disfluency.ts';
import { normalizeNumbers } from './numbers.ts';
import { joinNamedPromoCodes, joinPromoCodes, namedCodesOf } from './promo-code.ts';
import { punctuate } from './punctuate.ts';
import { tokensToFixedWords, wordsToTokens, type PassResult } from './tokens.ts';
import { truecase } from './truecase.ts';
import { compileVocabulary, variantsBySpelling } from './vocabulary/compile.ts';
import { applyContextNames } from './vocabulary/context.ts';
import { VocabularyEntry } from './vocabulary/entry.ts';
import { completeIntroducedNames } from './vocabulary/introductions.ts';
import { applyVocabulary, type Learned } from './vocabulary/match.ts';
import { joinSpelledNames } from './vocabulary/spelled.ts';
import { joinWebAddresses } from './web-address.ts';

export { buildVocabulary } from './vocabulary/build.ts';
export { VocabularyEntry } from './vocabulary/entry.ts';
export type { Learned } from './vocabulary/match.ts';

/** Per-show fixer options; every field has a default. */
export const FixOptions = z.object({
  /** Drop hesitation sounds ("um", "uh"). */
  removeFillers: z.boolean().default(false),
  /** Drop stuttered function words ("the the"). */
  removeStutters: z.boolean().default(true),
});
export type FixOptions = z.input<typeof FixOptions>;

export interface FixResult {
  words: FixedWord[];
  edits: Edit[];
  /** Name/term corrections applied (one row per correction), for the show's glossary. */
  learned: Learned[];
}

const checkedVocabularies = new WeakSet<VocabularyEntry[]>();

/** Throws on a malformed vocabulary row; built-in rows come from our own data, so only the show's own are checked. */
function checkVocabulary(vocabulary: VocabularyEntry[]): VocabularyEntry[] {
  if (checkedVocabularies.has(vocabulary)) return vocabulary;
  const bad = vocabulary.find((e) => e.source !== 'builtin' && !VocabularyEntry.safeParse(e).success);
  if (bad) throw new Error(`Invalid vocabulary entry ${JSON.stringify(bad)}: needs term, kind and source`);
  checkedVocabularies.add(vocabulary);
  return vocabulary;
}

/** Corrects a raw timed word stream: names/terms, stutters, fillers, numbers, punctuation, capitals. Pure and synchronous. */
export function fixTranscript(words: Word[], vocabulary: VocabularyEntry[], options: FixOptions): FixResult {
  const opts = FixOptions.parse(options);
  const compiled = compileVocabulary(checkVocabulary(vocabulary));
  const edits: Edit[] = [];
  const run = (result: PassResult) => {
    edits.push(...result.edits);
    return result.tokens;
  };
  let tokens = wordsToTokens(words);
  if (opts.removeStutters) tokens = run(removeStutters(tokens));
  if (opts.removeFillers) tokens = run(removeFillers(tokens));
  tokens = run(joinWebAddresses(tokens, (letters) => variantsBySpelling(compiled, letters).length > 0));
  tokens = run(joinSpelledNames(tokens, (letters) => variantsBySpelling(compiled, letters).length > 0));
  tokens = run(joinSpelledLetters(tokens, (letters) => variantsBySpelling(compiled, letters).find((v) => !v.part && !/\s/.test(v.entry.term))?.entry.term));
  const { codes, sponsors } = namedCodesOf(vocabulary);
  const named = joinNamedPromoCodes(tokens, codes, sponsors);
  tokens = run(named);
  const matched = applyVocabulary(tokens, compiled);
  tokens = run(matched);
  const introduced = completeIntroducedNames(tokens, vocabulary.filter((e) => e.source === 'meta' && e.kind === 'person').map((e) => e.term));
  tokens = run(introduced);
  tokens = run(applyContextNames(tokens, compiled));
  tokens = run(normalizeNumbers(tokens));
  tokens = run(joinPromoCodes(tokens));
  // A name is one unit: punctuation never goes between its words ("Cash, App").
  const glued = new Set([...introduced.inside, ...named.inside]);
  tokens = truecase(punctuate(tokens)).map((t) => (t.punct && ((t.locked && matched.inside.has(t.from[1])) || glued.has(t.from[1])) ? { ...t, punct: '' } : t));
  edits.sort((a, b) => a.from[0] - b.from[0]);
  return { words: tokensToFixedWords(tokens), edits, learned: matched.learned };
}
