import type { Edit, FixedWord, Word } from '@podpipe/shared/transcript';
import { z } from 'zod';
import { joinSpelledLetters } from './acronyms.ts';
import { removeFillers, removeStutters } from './disfluency.ts';
import { joinModelCodes, joinOpticsSpecs, joinPlanSections, joinQuantTypes } from './model-codes.ts';
import { normalizeNumbers } from './numbers.ts';
import { joinNamedPromoCodes, joinPromoCodes, namedCodesOf } from './promo-code.ts';
import { wordClusters } from './model/clusters.ts';
import { punctuate } from './punctuate.ts';
import type { Token } from './token.ts';
import { tokensToFixedWords, wordsToTokens, type PassResult } from './tokens.ts';
import { truecase } from './truecase.ts';
import { compileVocabulary, variantsBySpelling, type CompiledVocabulary } from './vocabulary/compile.ts';
import { writeAddressNames } from './vocabulary/address-names.ts';
import { applyContextNames } from './vocabulary/context.ts';
import { VocabularyEntry } from './vocabulary/entry.ts';
import { completeIntroducedNames } from './vocabulary/introductions.ts';
import { applyVocabulary, type Learned } from './vocabulary/match.ts';
import { addressBySound } from './vocabulary/sounds-like.ts';
import { writeLmHomophones } from './vocabulary/homophones.ts';
import { joinSpelledNames } from './vocabulary/spelled.ts';
import { writeTechTerms } from './vocabulary/tech-terms.ts';
import { joinFileNames, joinWebAddresses } from './web-address.ts';
import { joinPlaceSuffixes } from './place-suffix.ts';

export { buildVocabulary } from './vocabulary/build.ts';
export { VocabularyEntry } from './vocabulary/entry.ts';
export type { Learned } from './vocabulary/match.ts';

/** Per-show fixer options; every field has a default. */
export const FixOptions = z.object({
  /** Drop hesitation sounds ("um", "uh"). */
  removeFillers: z.boolean().default(false),
  /** Drop stuttered function words ("the the"). */
  removeStutters: z.boolean().default(true),
  /**
   * Read sentence and comma evidence from the pauses between words. Right for a provider's measured word times and
   * for forced-aligned ones; times placed in proportion between the audio's silences, or estimated at a nominal
   * rate, are seconds off, and their pauses land on the wrong gaps (bench/fix). Off unless the caller knows its times
   * were measured (the stage decides with `pausesMeasured`).
   */
  pauses: z.boolean().default(false),
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

/** Raw words each window of the fixer keeps; a window also reads up to WINDOW_LOOKAHEAD words past them. */
const WINDOW_WORDS = 2000;
/** Words read past a window's end so that its last kept sentence end is decided with right context. */
const WINDOW_LOOKAHEAD = 200;

/** Fixes one stretch of raw words (indices relative to the stretch). */
function fixStretch(
  words: Word[],
  vocabulary: VocabularyEntry[],
  compiled: CompiledVocabulary,
  opts: z.output<typeof FixOptions>,
): { tokens: Token[]; edits: Edit[]; learned: Learned[] } {
  const edits: Edit[] = [];
  const run = (result: PassResult) => {
    edits.push(...result.edits);
    return result.tokens;
  };
  let tokens = wordsToTokens(words);
  if (opts.removeStutters) tokens = run(removeStutters(tokens));
  if (opts.removeFillers) tokens = run(removeFillers(tokens));
  const addresses = joinWebAddresses(
    tokens,
    (letters) => variantsBySpelling(compiled, letters).length > 0,
    (heard) => addressBySound(heard, compiled),
    (letters) => compiled.ownVariants.some((v) => !v.part && v.entry.kind !== 'person' && v.joined.includes(letters)),
  );
  tokens = run(addresses);
  tokens = run(joinFileNames(tokens));
  tokens = run(joinQuantTypes(tokens));
  tokens = run(joinSpelledNames(tokens, (letters) => variantsBySpelling(compiled, letters).length > 0));
  tokens = run(
    joinSpelledLetters(
      tokens,
      (letters) => variantsBySpelling(compiled, letters).find((v) => !v.part && !/\s/.test(v.entry.term))?.entry.term,
      (letters) => variantsBySpelling(compiled, letters).find((v) => !v.part && /^[A-Z0-9]+ \S+$/.test(v.entry.term))?.entry.term,
    ),
  );
  const { codes, sponsors } = namedCodesOf(vocabulary);
  const named = joinNamedPromoCodes(tokens, codes, sponsors);
  tokens = run(named);
  tokens = run(joinPlaceSuffixes(tokens));
  const matched = applyVocabulary(tokens, compiled);
  tokens = run(matched);
  tokens = run(writeAddressNames(tokens, addresses.named, (letters) => variantsBySpelling(compiled, letters).find((v) => !v.part)?.entry.term));
  const introduced = completeIntroducedNames(tokens, vocabulary.filter((e) => e.source === 'meta' && e.kind === 'person').map((e) => e.term));
  tokens = run(introduced);
  const context = applyContextNames(tokens, compiled);
  tokens = run(context);
  tokens = run(writeLmHomophones(tokens));
  tokens = run(writeTechTerms(tokens));
  tokens = run(normalizeNumbers(tokens));
  tokens = run(joinPlanSections(tokens));
  tokens = run(joinOpticsSpecs(tokens));
  const models = joinModelCodes(tokens);
  tokens = run(models);
  tokens = run(joinPromoCodes(tokens));
  // A name is one unit: punctuation never goes between its words ("Cash, App").
  const glued = new Set([...introduced.inside, ...named.inside, ...models.inside, ...context.inside]);
  tokens = truecase(punctuateWithNamesAsKnown(tokens, new Set([...peopleWords(vocabulary), ...matched.people]), opts.pauses)).map((t) => (t.punct && ((t.locked && matched.inside.has(t.from[1])) || glued.has(t.from[1])) ? { ...t, punct: '' } : t));
  return { tokens, edits, learned: matched.learned };
}

/** Every word of the show's people's names, as written ("Gyöngyi", "Szőke-Kovács"). */
function peopleWords(vocabulary: VocabularyEntry[]): Set<string> {
  return new Set(vocabulary.filter((e) => e.kind === 'person' && e.source !== 'builtin').flatMap((e) => e.term.split(/\s+/)));
}

/** A first name the punctuation model and the trigram model know well, read in place of a person's name they do not know. */
const KNOWN_NAME = 'john';

/**
 * Punctuates with each word of a person's name that a name match wrote read as a first name the models know: they
 * learned where sentences start around names from English text, and a name they never saw ("Gyöngyi") reads to
 * them as noise, so the sentence end before it was lost. The written words are kept.
 */
function punctuateWithNamesAsKnown(tokens: Token[], names: Set<string>, pauses: boolean): Token[] {
  const clusters = wordClusters();
  const unknown = (t: Token) => t.locked && names.has(t.text.replace(/['’]s$/, '')) && !clusters.has(t.text.toLowerCase());
  const read = tokens.map((t) => (unknown(t) ? { ...t, text: KNOWN_NAME } : t));
  return punctuate(read, undefined, { pauses }).map((t, i) => ({ ...t, text: tokens[i]!.text }));
}

const endsSentence = (t: Token) => t.punct === '.' || t.punct === '?' || t.punct === '!';

/**
 * Corrects a raw timed word stream window by window, so working memory stays flat however long the episode:
 * each window keeps the sentences that end within its WINDOW_WORDS raw words (decided with WINDOW_LOOKAHEAD
 * words of right context) and the next window starts at the first raw word after them, as a sentence start.
 * Every pass is local (name spans of a few words, a punctuation model reading a few words around each gap, a
 * sentence-length decoder with a hard maximum), so windows see what one pass over the whole episode would.
 * Yields one result per window, in order, with raw word indices of the whole stream.
 */
export function* fixTranscriptInWindows(words: Word[], vocabulary: VocabularyEntry[], options: FixOptions): Generator<FixResult> {
  const opts = FixOptions.parse(options);
  const compiled = compileVocabulary(checkVocabulary(vocabulary));
  let cut = 0;
  while (cut < words.length) {
    const last = cut + WINDOW_WORDS + WINDOW_LOOKAHEAD >= words.length;
    const stretch = fixStretch(words.slice(cut, last ? words.length : cut + WINDOW_WORDS + WINDOW_LOOKAHEAD), vocabulary, compiled, opts);
    let keep = stretch.tokens.length;
    if (!last) {
      // Up to the last sentence that ends inside the window proper; the lookahead is read again by the next window.
      keep = stretch.tokens.findLastIndex((t) => endsSentence(t) && t.from[1] <= WINDOW_WORDS) + 1;
      if (keep === 0) keep = stretch.tokens.findLastIndex((t) => t.from[1] <= WINDOW_WORDS) + 1;
    }
    const kept = stretch.tokens.slice(0, keep);
    // Raw words this window accounts for (a window whose words were all dropped, e.g. fillers, accounts for all).
    const size = last ? words.length - cut : kept.length ? kept.at(-1)!.from[1] : WINDOW_WORDS;
    const shift = ([a, b]: [number, number]): [number, number] => [a + cut, b + cut];
    yield {
      words: tokensToFixedWords(kept.map((t) => ({ ...t, from: shift(t.from) }))),
      edits: stretch.edits.filter((e) => e.from[0] < size).map((e) => ({ ...e, from: shift(e.from) })).sort((a, b) => a.from[0] - b.from[0]),
      learned: stretch.learned.filter((l) => l.at < size).map((l) => ({ ...l, at: l.at + cut })),
    };
    cut += size;
  }
}

/** Corrects a raw timed word stream: names/terms, stutters, fillers, numbers, punctuation, capitals. Pure and synchronous. */
export function fixTranscript(words: Word[], vocabulary: VocabularyEntry[], options: FixOptions): FixResult {
  const result: FixResult = { words: [], edits: [], learned: [] };
  for (const window of fixTranscriptInWindows(words, vocabulary, options)) {
    result.words.push(...window.words);
    result.edits.push(...window.edits);
    result.learned.push(...window.learned);
  }
  return result;
}
