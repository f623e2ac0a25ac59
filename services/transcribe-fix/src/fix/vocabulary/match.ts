import type { Token } from '../token.ts';
import { editFor, mergeTokens, type PassResult } from '../tokens.ts';
import { foldLetters, spellingSimilarity } from '../text.ts';
import {
  FUZZY_KEY_MIN,
  deletions,
  extendSpanKeys,
  keysOfState,
  spanKeys,
  variantsBySound,
  variantsBySpelling,
  type CompiledVocabulary,
  type SpanKeyState,
  type Variant,
} from './compile.ts';
import { closestBuiltinBySound, closestBySound, wordSimilarity } from './sounds-like.ts';
import { isDictionaryWord, isFrequentWord, isKnownName, isMostlyCapitalized, wordRank } from './dictionary.ts';
import { closestPersonName } from './first-names.ts';
import { accentedNames, usCitiesByState } from './lexicon.ts';
import { phonemeSimilarity, wordPhonemes } from './phonemes.ts';

/** Longest run of raw words one name may be heard as. */
export const MAX_SPAN = 5;

type Evidence = 'heard' | 'spelling' | 'phonetic' | 'sounds-like' | 'near-phonetic';

interface Candidate {
  start: number;
  length: number;
  variant: Variant;
  evidence: Evidence;
  confidence: number;
  /** Weak evidence is accepted only when the same correction comes up at least `minRepeats` times in the episode. */
  minRepeats: number;
  repeatKey: string;
  possessive: boolean;
  plural?: boolean;
}

/** A heard form -> term correction this episode applied, for the show's glossary. */
export interface Learned {
  term: string;
  heard: string;
  /** Raw word index where the corrected span starts. */
  at: number;
}

interface Span {
  start: number;
  /** Folded raw words. */
  words: string[];
  joined: string;
  /** Every raw word of the span is an ordinary English word. */
  allDictionary: boolean;
  /** Some raw word is a digit string or a spelled letter (those belong to the numbers and acronym passes). */
  hasSymbols: boolean;
  keys: string[];
}

const ownVocabulary = (v: Variant) => v.entry.source !== 'builtin';
/** Unstressed function words: a run of ordinary words that begins or ends with one is read as ordinary speech. */
const WEAK_EDGES = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'for', 'as', 'but', 'is', 'are', 'was', 'were']);
/** Closed-class words: a built-in title that starts or ends with one ("The Algorithm") is usually just speech. */
const FUNCTION_WORDS = new Set([
  ...WEAK_EDGES, 'i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'my', 'your', 'our', 'their', 'this', 'that', 'these',
  'those', 'be', 'been', 'am', 'do', 'does', 'did', 'have', 'has', 'had', 'will', 'would',
  'can', 'could', 'should', 'when', 'where', 'what', 'who', 'why', 'how', 'if', 'so', 'at', 'on', 'by', 'with', 'from',
  'up', 'out', 'about', 'into', 'over', 'not', 'no', 'all', 'some', 'any', 'just', 'there', 'here', 'then', 'than',
]);
/** Acronyms are spelled out letter by letter, never heard as a word: only their exact spelling counts. */
const isAcronym = (v: Variant) => !/[a-z]/.test(v.entry.term) && v.joined.length <= 6;

function candidate(span: Span, variant: Variant, evidence: Evidence, confidence: number, minRepeats = 1, byHeardForm = false): Candidate {
  const repeatKey = byHeardForm ? `${variant.entry.term}\u0000${span.words.join(' ')}` : variant.entry.term;
  return { start: span.start, length: span.words.length, variant, evidence, confidence, minRepeats, repeatKey, possessive: false };
}

/** The show's own vocabulary before the built-in one, whole terms before partial names. */
function rankVariant(v: Variant): number {
  return (ownVocabulary(v) ? 2 : 0) + (v.part ? 0 : 1);
}

/** Whether a spelling match of `span` to `variant` may stand; returns how often it must recur, or 0 for never. */
function spellingRepeats(span: Span, variant: Variant): number {
  const single = span.words.length === 1;
  // One ordinary word is left alone: a built-in name never takes it, the show's own names only a rare one or one
  // mostly written as a name ("graham" -> Graham for a host Graham Pettigrew).
  if (single && span.allDictionary) {
    const word = span.words[0]!;
    return !ownVocabulary(variant) || (isFrequentWord(word) && !isMostlyCapitalized(word)) ? 0 : 1;
  }
  const builtinPhrase = !single && span.allDictionary && !ownVocabulary(variant);
  if (!builtinPhrase) return 1;
  // "the algorithm", "when i work", "write as": a built-in title made of ordinary words, framed by function words.
  if (FUNCTION_WORDS.has(span.words[0]!) || FUNCTION_WORDS.has(span.words.at(-1)!)) return 0;
  // "new castle" -> Newcastle, "a very" -> Avery: ordinary words that merely spell a built-in term when joined.
  if (variant.spokenCount < span.words.length) return span.words.some((w) => isFrequentWord(w, 5_000)) ? 0 : 2;
  return 1;
}

/** Spelling equal to a term, after folding accents, case and word breaks ("course era" -> Coursera). */
function bySpelling(span: Span, voc: CompiledVocabulary): Candidate | undefined {
  const variants = variantsBySpelling(voc, span.joined);
  if (!variants.length) return undefined;
  const variant = variants.reduce((a, b) => (rankVariant(b) > rankVariant(a) ? b : a));
  const repeats = spellingRepeats(span, variant);
  return repeats ? candidate(span, variant, 'spelling', variant.part ? 0.9 : 0.95, repeats) : undefined;
}

/**
 * A built-in name of two words or more heard letter for letter but without its accents ("in san sebastian" -> San
 * Sebastián): the same words, only the marks a recognizer never prints are added. Names the sound-only list holds
 * are otherwise never matched by spelling; here every word is heard as the name spells it.
 */
function byAccentedName(span: Span): Candidate | undefined {
  if (span.words.length < 2 || span.hasSymbols) return undefined;
  const entry = accentedNames().get(span.words.join(' '));
  if (!entry) return undefined;
  const output = entry.term.split(' ');
  const variant: Variant = { entry, output, joined: span.joined, part: false, spokenCount: span.words.length };
  return candidate(span, variant, 'spelling', 0.9);
}

/** The span without its first or without its last word, when that leaves the same sound: a candidate for padding. */
function trimmedSpans(span: Span, keys: string[]): string[] {
  if (span.words.length < 2) return [];
  const same = (words: string[]) => spanKeys(words).some((k) => keys.includes(k));
  return [span.words.slice(1), span.words.slice(0, -1)].filter(same).map((w) => w.join(''));
}

/** Same Double Metaphone key (or one edit away for long keys), checked against spelling and word commonness. */
function bySound(span: Span, voc: CompiledVocabulary): Candidate | undefined {
  const single = span.words.length === 1;
  if (span.joined.length < 4 || (single && span.allDictionary) || span.hasSymbols) return undefined;
  const keys = span.keys;
  const nearPossible = !span.allDictionary && keys.some((k) => voc.ownKeyLengths.has(k.length) || voc.ownKeyLengths.has(k.length + 1) || voc.ownKeyLengths.has(k.length - 1));
  if (!nearPossible && !keys.some((k) => voc.own.byKey.has(k) || voc.shared.byKey.has(k))) return undefined;
  let best: Candidate | undefined;
  let trimmed: string[] | undefined;
  const seen = new Set<Variant>();
  const consider = (variant: Variant, evidence: Evidence) => {
    if (seen.has(variant)) return;
    seen.add(variant);
    const own = ownVocabulary(variant);
    if ((variant.part && span.words.length > 3) || isAcronym(variant) || (!own && variant.joined.length < 5)) return;
    if (!own && variant.joined === span.joined) return; // same letters: the spelling rules already said no
    // "real world" is not "Real-World AI": a name of several words is heard as at least as many.
    if (span.words.length < variant.spokenCount) return;
    // A trailing "i" is the sound of a name's "-y"/"-i" ending ("shop if i" -> Shopify); before any other ending it
    // is the pronoun ("more i" is not Maria).
    if (span.words.length > 1 && span.words.at(-1) === 'i' && !/[iy]e?$/.test(variant.joined)) return;
    // A person's name is not a misheard built-in name ("laurence" is not Lawrence, Kansas).
    if (!own && span.words.some(isKnownName)) return;
    // A first name and the function word after it are that name and speech, not one listed word that sounds like the
    // two ("norman and", "norman had" are not the guest Normand): the function word would be lost.
    if (span.words.length === 2 && variant.spokenCount === 1 && isKnownName(span.words[0]!) && FUNCTION_WORDS.has(span.words[1]!)) return;
    const gap = Math.abs(span.joined.length - variant.joined.length);
    if (gap > Math.max(2, 0.4 * variant.joined.length)) return;
    const sim = spellingSimilarity(span.joined, variant.joined);
    let minRepeats = 1;
    let byHeardForm = false;
    if (!own) {
      // Built-in terms are many and unrelated to the episode: only a name split into several words ("shop if i"),
      // with a close spelling, not framed by weak function words, and usually seen more than once.
      // Nor one with a closed-class word at its edge ("just at" is not Just Eat, "by side" not Bayside); a final
      // "i" stays allowed, as it is how an "-ify"/"-y" ending is heard ("shop if i").
      if (single || FUNCTION_WORDS.has(span.words[0]!) || (span.words.at(-1) !== 'i' && FUNCTION_WORDS.has(span.words.at(-1)!))) return;
      if (sim < (span.allDictionary ? 0.85 : 0.7)) return;
      if (span.allDictionary) (minRepeats = 3), (byHeardForm = true);
      else if (sim < 0.85) minRepeats = 2;
    } else if (evidence === 'near-phonetic') {
      if (sim < 0.6) return;
    } else if (span.allDictionary) {
      // Ordinary words that sound like a name of this episode ("at see" -> Etsy): only a recurring mishearing,
      // and not one that starts or ends on a weak function word ("it's a" is just "it's a").
      if (sim < 0.4 || WEAK_EDGES.has(span.words[0]!) || WEAK_EDGES.has(span.words.at(-1)!)) return;
      if (sim < 0.6) (minRepeats = 3), (byHeardForm = true);
    } else if (sim < 0.5) return;
    // "friday we" -> Friday: an edge word that adds no sound and spoils the spelling is not part of the name.
    trimmed ??= trimmedSpans(span, keys);
    if (trimmed.some((t) => spellingSimilarity(t, variant.joined) > sim)) return;
    const confidence = (evidence === 'phonetic' ? 0.5 : 0.4) + 0.45 * sim - (variant.part ? 0.05 : 0);
    if (!best || confidence > best.confidence) best = candidate(span, variant, evidence, confidence, minRepeats, byHeardForm);
  };
  for (const key of keys) for (const v of variantsBySound(voc, key)) consider(v, 'phonetic');
  if (!nearPossible) return best;
  for (const key of keys) {
    if (key.length < FUZZY_KEY_MIN) continue;
    for (const v of voc.byKeyDeletion.get(key) ?? []) consider(v, 'near-phonetic');
    for (const d of deletions(key)) {
      for (const v of voc.own.byKey.get(d) ?? []) consider(v, 'near-phonetic');
      for (const v of voc.byKeyDeletion.get(d) ?? []) consider(v, 'near-phonetic');
    }
  }
  return best;
}

/** How close (0..1) a run of heard words must sound to one of the show's own names, by what the words are. */
const SOUNDS_LIKE = {
  /** Several words, not all ordinary English ("tibbo doe", "in gozi"). */
  unusual: 0.75,
  /** One word that is not ordinary English ("zelinski" for Zieliński): rare words are often names of their own. */
  unusualWord: 0.85,
  /** Several ordinary words ("file right", "colonel house"); below `sure`, only a mishearing that recurs. */
  ordinary: 0.8,
  sure: 0.92,
  /** One ordinary but rare word ("obsidian" for a sponsor Obsidyn). */
  rareWord: 0.88,
  /** A person's whole name right after words that introduce one ("i'm", "my guest", "welcome"). */
  introduced: 0.75,
};
/** Words right before a person introduces themselves or is introduced, read backwards from the name. */
const INTRODUCTIONS = [['im'], ['i', 'am'], ['name', 'is'], ['guest', 'is'], ['joined', 'by'], ['welcome'], ['with'], ['thanks'], ['thank', 'you'], ['host']];

/** Whether the words before `start` introduce a person ("i'm ...", "my guest is ..."), with no break in between. */
function introducedAt(tokens: Token[], folded: (string | null)[], start: number): boolean {
  return INTRODUCTIONS.some((cue) =>
    cue.every((word, k) => {
      const at = start - cue.length + k;
      return at >= 0 && folded[at] === word && !tokens[at]!.punct && tokens[at]!.speaker === tokens[start]!.speaker;
    }),
  );
}
/** A single ordinary word among the most frequent this many is never graded by sound. */
const RARE_WORD_RANK = 10_000;

/**
 * The show's own names found by graded phonetic similarity: splits and merges ("more wenna teeg"), an absorbed
 * function word ("in gozi" -> Ngozi), near sounds ("nimble's" -> Nimbus, "cooper net ease" -> Kubernetes).
 */
function bySoundsLike(span: Span, voc: CompiledVocabulary, introduced: boolean): Candidate | undefined {
  if (span.hasSymbols || span.joined.length < 3 || !voc.ownVariants.length) return undefined;
  // Ordinary words the rules below never take (a frequent word alone, a phrase framed by function words) are not
  // scored at all: most runs of speech are such.
  if (!introduced && span.allDictionary) {
    if (span.words.length === 1 && isFrequentWord(span.words[0]!, RARE_WORD_RANK)) return undefined;
    if (span.words.length > 1 && (FUNCTION_WORDS.has(span.words[0]!) || FUNCTION_WORDS.has(span.words.at(-1)!))) return undefined;
  }
  const match = closestBySound(span.words, span.joined, voc);
  if (!match) return undefined;
  const { variant, similarity } = match;
  const n = span.words.length;
  if (n < variant.spokenCount || n > variant.spokenCount + 3) return undefined;
  let minRepeats = 1;
  // "i'm imagine castle no": right after an introduction, a person's whole name is taken from whatever words.
  const named = introduced && !variant.part && variant.entry.kind === 'person' && similarity >= SOUNDS_LIKE.introduced && !WEAK_EDGES.has(span.words.at(-1)!);
  if (named) {
    // taken as it is
  } else if (n === 1 && span.allDictionary) {
    if (variant.part || isFrequentWord(span.words[0]!, RARE_WORD_RANK) || similarity < SOUNDS_LIKE.rareWord) return undefined;
  } else if (n === 1) {
    // Another person's name ("kayla", "cole") is that person, not a misheard name of the show.
    if (isKnownName(span.words[0]!) || similarity < SOUNDS_LIKE.unusualWord) return undefined;
  } else if (span.allDictionary) {
    if (FUNCTION_WORDS.has(span.words[0]!) || FUNCTION_WORDS.has(span.words.at(-1)!) || similarity < SOUNDS_LIKE.ordinary) return undefined;
    // Below `sure`, ordinary words are a name only when they recur and are more pieces than the name has words
    // ("cooper net ease" for Kubernetes): two words that roughly sound like one name are usually a phrase ("right whale").
    if (similarity < SOUNDS_LIKE.sure) {
      if (variant.part || n < variant.spokenCount + 2) return undefined;
      minRepeats = 2;
    }
  } else if (similarity < SOUNDS_LIKE.unusual) return undefined;
  // An edge word that makes the sound worse is not part of the name: the run without it is the match.
  if (n > 1) {
    for (const words of [span.words.slice(1), span.words.slice(0, -1)]) {
      const trimmed = closestBySound(words, words.join(''), voc);
      if (trimmed && trimmed.variant === variant && trimmed.similarity > similarity) return undefined;
    }
  }
  return candidate(span, variant, 'sounds-like', 0.4 + 0.5 * similarity - (variant.part ? 0.05 : 0), minRepeats);
}

/** How close (0..1) heard words must sound to a built-in name, by what the words are. */
const BUILTIN_SOUNDS_LIKE = {
  /** Some word is no English word ("and thropic", "you nesco"). */
  unusual: 0.86,
  /** Ordinary words, one of them rare ("pie torch", "hawk eye doe"). */
  ordinary: 0.93,
  /** A place right after a word that introduces one ("grew up in mar say", "the university of debra sen"). */
  place: 0.78,
  /** A proper noun of the sound-only list heard in three pieces or more, one no English word ("pell a tier"). */
  pieces: 0.95,
};
/** A cued place never starts on a word among this many most frequent ones. */
const PLACE_FIRST_WORD_RANK = 1_000;
/** Words after which a place name is expected, read from the word right before the heard run. */
const PLACE_CUES = new Set(['in', 'from', 'near', 'outside', 'of']);

/** Whether the word right before `start` introduces a place ("in", "from", "near"), with no break in between. */
function placeCueAt(tokens: Token[], folded: (string | null)[], start: number): boolean {
  const before = start - 1;
  return before >= 0 && PLACE_CUES.has(folded[before] ?? '') && !tokens[before]!.punct && tokens[before]!.speaker === tokens[start]!.speaker;
}
/** Articles, pronouns and hesitations: never the start or end of a built-in name heard in pieces ("him bolt" is not Humboldt). */
const ARTICLES = new Set(['a', 'an', 'the', 'i', 'oh', 'uh', 'um', 'him', 'her', 'his', 'them', 'us', 'its']);
/** A run of ordinary words is graded against built-in names only when one of them is rarer than this rank. */
const BUILTIN_RARE_RANK = 5_000;

/**
 * A built-in name (brand, company, place) by graded phonetic similarity: "pie torch" -> PyTorch, "oh lama" ->
 * Ollama. The lexicon is large and unrelated to the episode, so only runs with a rare or unknown word are graded,
 * never one framed by a function word unless a word of it is no English word, and the bar is high.
 */
function byBuiltinSoundsLike(span: Span, voc: CompiledVocabulary, placeCue = false): Candidate | undefined {
  const n = span.words.length;
  // One word alone is too often an ordinary or foreign word near some name ("europa", "parmi"): only a name split
  // into more words than it has is taken.
  if (span.hasSymbols || n < 2 || n > 4 || span.joined.length < 5) return undefined;
  // Contractions are ordinary words: read from the raw words, not the folded ones ("can't" folds to "cant").
  const unknown = !span.allDictionary;
  if (!unknown && !span.words.some((w) => wordRank(w) >= BUILTIN_RARE_RANK)) return undefined;
  const first = span.words[0]!;
  const last = span.words.at(-1)!;
  if (first === 'oh' && n === 2) return byOhName(span, voc);
  // A one-sound article or pronoun at an edge is speech ("a tory" is not Atari); a longer function word may be the
  // name's own first sounds ("and thropic") when the rest is no English word.
  if (ARTICLES.has(first) || ARTICLES.has(last) || FUNCTION_WORDS.has(last)) return undefined;
  if (FUNCTION_WORDS.has(first) && (!unknown || span.joined.length - first.length < 5)) return undefined;
  // Another person's first name is that person ("laurence" is not Lawrence, Kansas), except as the first sounds of a
  // place right after "in"/"from" ("in debra sen" is Debrecen) or of a name heard in three pieces or more ("pell a
  // tier" is Pelletier).
  const knownName = isKnownName(first) && n < 3;
  if (knownName && !placeCue) return undefined;
  // After "in"/"from"/"near" a place is expected: one heard a little further from its spelling is still that place.
  const general = closestBuiltinBySound(span.words, voc, unknown ? BUILTIN_SOUNDS_LIKE.unusual : BUILTIN_SOUNDS_LIKE.ordinary);
  // Names of the sound-only list (cities of 100,000+, SCOWL's proper nouns) only with that evidence: a place cue, or
  // a name heard in three pieces or more, one of them no English word, that sounds almost exactly like it.
  const pieces = n >= 3 && unknown ? closestBuiltinBySound(span.words, voc, BUILTIN_SOUNDS_LIKE.pieces, 'term', true) : undefined;
  // The cued place is heard in pieces with no function word among them ("in lieu of a land" is no Loveland).
  // Nor one that starts on one of the 1,000 most frequent words ("from more diverse" is no Maldives).
  const cueable = !span.words.some((w) => FUNCTION_WORDS.has(w)) && wordRank(first) >= PLACE_FIRST_WORD_RANK;
  const cued = placeCue && general?.variant.entry.kind !== 'place' && cueable ? closestBuiltinBySound(span.words, voc, BUILTIN_SOUNDS_LIKE.place, 'place', true) : undefined;
  const match = cued ?? general ?? pieces;
  if (!match) return undefined;
  const { variant, similarity } = match;
  if (n <= variant.spokenCount || (knownName && variant.entry.kind !== 'place')) return undefined;
  // A name made of the heard words themselves is an ordinary phrase near a compound ("cyber defenses" is not
  // CyberDefenders), or a name already said ("bosnia now" is not Bosnian).
  // A short first word after a place cue is the place's first syllable ("in mar say" is Marseille); so is a first word
  // that is no word or name of its own, in a name heard in three pieces or more ("pell a tier" is Pelletier).
  const inPieces = match === pieces && !isDictionaryWord(first) && !variantsBySpelling(voc, first).length;
  if (!inPieces && first.length >= (placeCue && variant.entry.kind === 'place' ? 4 : 3) && variant.joined.startsWith(first)) return undefined;
  if (spellingSimilarity(span.joined, variant.joined) < 0.4) return undefined;
  // An edge word that makes the sound worse is not part of the name.
  if (n > 1) {
    for (const words of [span.words.slice(1), span.words.slice(0, -1)]) {
      const trimmed = closestBuiltinBySound(words, voc, similarity);
      if (trimmed && trimmed.variant === variant && trimmed.similarity > similarity) return undefined;
    }
  }
  return candidate(span, variant, 'sounds-like', 0.4 + 0.5 * similarity);
}

/** How close "oh" and one rare word must sound to a built-in name that starts with a vowel ("oh lama" -> Ollama). */
const OH_NAME_SIMILARITY = 0.82;

/**
 * A built-in name (brand, company, place; not the sound-only list) whose first vowel was heard as "oh" ("oh lama" ->
 * Ollama): "oh" and one rare word (never among the 5,000 most frequent: "oh really", "oh lord" are speech), the name
 * starting with a vowel sound, and the same two words heard at least twice in the episode.
 */
function byOhName(span: Span, voc: CompiledVocabulary): Candidate | undefined {
  const rest = span.words[1]!;
  if (rest.length < 3 || FUNCTION_WORDS.has(rest) || wordRank(rest) < BUILTIN_RARE_RANK || isKnownName(rest)) return undefined;
  const match = closestBuiltinBySound(span.words, voc, OH_NAME_SIMILARITY);
  if (!match || match.variant.spokenCount !== 1 || !/^[aeiou]/.test(match.variant.joined) || !match.variant.joined.includes(rest.slice(0, 3))) return undefined;
  return candidate(span, match.variant, 'sounds-like', 0.4 + 0.5 * match.similarity, 2, true);
}

/**
 * A Double Metaphone match or a graded phonetic one: the show's own name before a built-in one, then the match
 * that needs fewer repeats, the Double Metaphone one on a tie; a built-in name graded by sound only when neither
 * stands on its own.
 */
function byEitherSound(span: Span, voc: CompiledVocabulary, introduced: boolean, placeCue: boolean): Candidate | undefined {
  const keyed = bySound(span, voc);
  const graded = bySoundsLike(span, voc, introduced);
  let found: Candidate | undefined;
  if (!keyed || !graded) found = keyed ?? graded;
  else if (!ownVocabulary(keyed.variant)) found = graded;
  else found = graded.minRepeats < keyed.minRepeats ? graded : keyed;
  if (found && (found.minRepeats === 1 || ownVocabulary(found.variant))) return found;
  return byBuiltinSoundsLike(span, voc, placeCue) ?? found;
}

/** "apple podcast" for Apple Podcasts: a multiword term heard in the singular is written in the singular. */
function bySingular(span: Span, voc: CompiledVocabulary): Candidate | undefined {
  if (span.words.length < 2) return undefined;
  const variant = variantsBySpelling(voc, `${span.joined}s`).find((v) => v.output.length === span.words.length && v.output.at(-1)!.endsWith('s'));
  if (!variant) return undefined;
  const repeats = spellingRepeats(span, variant);
  if (!repeats) return undefined;
  const output = [...variant.output.slice(0, -1), variant.output.at(-1)!.slice(0, -1)];
  return candidate(span, { ...variant, output, joined: span.joined }, 'spelling', 0.9, repeats);
}

/**
 * A name with an "s": "lucia's" / "lucias" -> Lucía's for a person, "americans" -> Americans otherwise; the stem
 * must be spelled exactly like the name.
 */
function byPossessive(span: Span, rawLast: string, voc: CompiledVocabulary): Candidate | undefined {
  if (span.joined.length < 4 || !/[a-z]('s|s)$/.test(rawLast)) return undefined;
  const last = span.words[span.words.length - 1]!;
  const words = [...span.words.slice(0, -1), last.slice(0, -1)];
  const stem: Span = { ...span, words, joined: span.joined.slice(0, -1), keys: [] };
  const found = bySpelling(stem, voc);
  if (!found || (found.variant.entry.kind === 'term' && rawLast.endsWith("'s"))) return undefined;
  const possessive = rawLast.endsWith("'s") || found.variant.entry.kind === 'person';
  return { ...found, length: span.words.length, possessive, plural: !possessive };
}

/** Words right before the name a letter is addressed to, read out by the host ("... writes: imogen, last year"). */
const ADDRESS_CUES = new Set(['dear', 'writes']);
/** How close one heard word must sound to the first name of one of the show's people after ADDRESS_CUES. */
const ADDRESSED_SIMILARITY = 0.7;

/**
 * The first name of one of the show's people (host, guest) heard as one word, even an ordinary one, right after
 * "dear" or a listener's "writes": a letter read out is addressed to them ("in leeds writes imagine last year" ->
 * Imogen for a host Imogen Castellano).
 */
function byAddressedName(span: Span, tokens: Token[], folded: (string | null)[], voc: CompiledVocabulary): Candidate | undefined {
  const before = span.start - 1;
  if (span.words.length !== 1 || before < 0 || !ADDRESS_CUES.has(folded[before] ?? '') || tokens[before]!.punct) return undefined;
  if (FUNCTION_WORDS.has(span.words[0]!) || span.hasSymbols) return undefined;
  const match = closestBySound(span.words, span.joined, voc);
  if (!match || match.similarity < ADDRESSED_SIMILARITY) return undefined;
  const { variant } = match;
  if (variant.entry.kind !== 'person' || !variant.part || !ownVocabulary(variant) || variant.output[0] !== variant.entry.term.split(/\s+/)[0]) return undefined;
  return candidate(span, variant, 'sounds-like', 0.4 + 0.5 * match.similarity);
}

/** Words right before a person's name: "a man named", "his wife", "dr". */
const PERSON_CUES = new Set([
  'named', 'called', 'wife', 'husband', 'son', 'daughter', 'brother', 'sister', 'mother', 'father', 'mom', 'mum', 'dad', 'aunt',
  'uncle', 'cousin', 'nephew', 'niece', 'grandmother', 'grandfather', 'grandma', 'grandpa', 'friend', 'boyfriend', 'girlfriend',
  'mr', 'mrs', 'ms', 'dr', 'signora', 'signor', 'madame', 'monsieur', 'senor', 'senora',
]);

/** Whether the word right before `start` says a person's name comes ("named", "his wife"), with no break in between. */
function personCueAt(tokens: Token[], folded: (string | null)[], start: number): boolean {
  const before = start - 1;
  return before >= 0 && PERSON_CUES.has(folded[before] ?? '') && !tokens[before]!.punct && tokens[before]!.speaker === tokens[start]!.speaker;
}
/** A cued person's name heard in pieces has none of this many most frequent words ("gore say" is a name and a verb). */
const PERSON_WORD_RANK = 1_000;

/**
 * A person's name of the people-names list heard in two or three pieces right after a person cue ("his wife lou
 * seal" -> Lucille, "a cook named foo meeko" -> Fumiko), by sound. Not when the pieces are ordinary speech (a
 * function word or one of the most frequent words among them, letters that spell a word) or already names of
 * their own ("mary ann").
 */
function byPersonName(span: Span): Candidate | undefined {
  const n = span.words.length;
  if (n < 2 || n > 3 || span.hasSymbols || span.joined.length < 4) return undefined;
  if (span.words.some((w) => FUNCTION_WORDS.has(w) || wordRank(w) < PERSON_WORD_RANK) || isDictionaryWord(span.joined)) return undefined;
  if (span.words.filter(isKnownName).length > 1) return undefined;
  const match = closestPersonName(span.words);
  if (!match) return undefined;
  // A first name said as it is, then more ("anna lee" is not Annalee, "mary ann" not Maryann).
  const joined = foldLetters(match.name);
  if (joined === span.joined || (isKnownName(span.words[0]!) && joined.startsWith(span.words[0]!))) return undefined;
  // An edge word that does not belong: the run without it sounds at least as much like a name.
  if (n > 2) {
    for (const words of [span.words.slice(1), span.words.slice(0, -1)]) {
      const trimmed = closestPersonName(words);
      if (trimmed && trimmed.similarity >= match.similarity) return undefined;
    }
  }
  const variant: Variant = { entry: { term: match.name, kind: 'person', source: 'builtin' }, output: [match.name], joined, part: false, spokenCount: 1 };
  return candidate(span, variant, 'sounds-like', 0.4 + 0.5 * match.similarity);
}

/** How close a run heard again and again must sound to a name of the people-names list. */
const RECURRING_NAME_SIMILARITY = 0.9;
/** How often the same run must be heard in the episode: a name is said again, a one-off sound-alike is speech. */
const RECURRING_NAME_REPEATS = 3;
/** Some piece of a recurring name is no English word or rarer than this rank ("et" in "well et"). */
const RECURRING_RARE_RANK = 3_000;
/** Pronouns and determiners, the rare and old ones too: never a piece of a recurring name ("ye men" is no Yeaman). */
const CLOSED_CLASS = new Set(['ye', 'thee', 'thou', 'thy', 'thine', 'mine', 'yours', 'ours', 'hers', 'theirs', 'whom', 'whose', 'each', 'every', 'both', 'either', 'neither', 'such', 'yon', 'yonder']);

/**
 * A surname of the people-names list heard in two pieces, the same two every time, no cue needed: "well et" said
 * eight times is Ouellette, "bonny face" three times is Boniface. The evidence is the repetition (at least
 * RECURRING_NAME_REPEATS sightings of the same pieces, counted by the caller) and a sound almost exactly the name's;
 * the pieces are never a function word, article or pronoun, one of them is rare or no English word, at most one is a first name of its own,
 * their letters do not make the name (the glued rule's case), and neither edge piece is the name's own start or end
 * spelled as a name ("starbuck aye" is Starbuck and a word).
 */
function byRecurringName(heard: Span, rawLast: string): Candidate | undefined {
  // "well et's wrists": the name's possessive, counted with the name's other sightings.
  if (heard.words.length !== 2) return undefined;
  const possessive = /[a-z]'s$/.test(rawLast);
  const span = possessive ? { ...heard, words: [heard.words[0]!, heard.words[1]!.slice(0, -1)], joined: heard.joined.slice(0, -1) } : heard;
  if (span.hasSymbols || span.joined.length < 5) return undefined;
  if (span.words.some((w) => w.length < 2 || FUNCTION_WORDS.has(w) || ARTICLES.has(w) || CLOSED_CLASS.has(w))) return undefined;
  if (!span.words.some((w) => !isDictionaryWord(w) || wordRank(w) >= RECURRING_RARE_RANK)) return undefined;
  if (span.words.filter(isKnownName).length > 1 || isDictionaryWord(span.joined)) return undefined;
  const match = closestPersonName(span.words);
  if (!match || match.similarity < RECURRING_NAME_SIMILARITY) return undefined;
  const joined = foldLetters(match.name);
  // A name said as it is, with a word before or after it ("starbuck aye", "mister jones"), is that name and a word.
  const [first, last] = span.words as [string, string];
  if (joined === span.joined || (isKnownName(first) && joined.startsWith(first)) || (isKnownName(last) && joined.endsWith(last))) return undefined;
  const variant: Variant = { entry: { term: match.name, kind: 'person', source: 'builtin' }, output: [match.name], joined, part: false, spokenCount: 1 };
  return { ...candidate(span, variant, 'sounds-like', 0.4 + 0.5 * match.similarity, RECURRING_NAME_REPEATS, true), possessive };
}

/** Shortest piece of a name heard in pieces whose letters spell it ("le", "st", "de" are particles of their own). */
const GLUED_PIECE_MIN = 3;

/**
 * A name of the people-names list heard in two or three pieces whose letters, put together, spell it exactly ("grim
 * aldo" -> Grimaldo, "frim pong" -> Frimpong), no cue needed: at least one piece is no English word, none is a
 * function word, one of the 1,000 most frequent words or a particle of under three letters, the pieces are not two
 * names of their own ("mary alice") and together spell no English word. Ordinary words that merely join into a
 * surname ("white house", "young man", "good man") are all English words and stay as heard.
 */
function byGluedName(span: Span): Candidate | undefined {
  const n = span.words.length;
  if (n < 2 || n > 3 || span.hasSymbols || span.allDictionary || span.joined.length < 6) return undefined;
  if (span.words.some((w) => w.length < GLUED_PIECE_MIN || FUNCTION_WORDS.has(w) || wordRank(w) < PERSON_WORD_RANK)) return undefined;
  // A first name said as it is, then more, is two names ("anna lee" is not Annalee).
  if (isKnownName(span.words[0]!) || isDictionaryWord(span.joined) || !isKnownName(span.joined)) return undefined;
  const name = span.joined[0]!.toUpperCase() + span.joined.slice(1);
  const variant: Variant = { entry: { term: name, kind: 'person', source: 'builtin' }, output: [name], joined: span.joined, part: false, spokenCount: 1 };
  return candidate(span, variant, 'spelling', 0.9);
}

/** How close one heard word right before a US state's name must sound to a city of that state. */
const CITY_BEFORE_STATE_SIMILARITY = 0.85;

/**
 * A US city of 50,000+ heard as one word right before its state's name ("a spare room in wooster massachusetts" ->
 * Worcester): the word is no English word, sounds like the city and is spelled near it, the state is said right after it with no break, and the
 * city is one of that state's. A word that already spells a city of the state stays.
 */
function byCityBeforeState(span: Span, tokens: Token[], folded: (string | null)[]): Candidate | undefined {
  if (span.words.length !== 1 || span.allDictionary || span.hasSymbols || span.joined.length < 4) return undefined;
  const next = span.start + 1;
  if (next >= tokens.length || tokens[span.start]!.punct || tokens[span.start]!.speaker !== tokens[next]!.speaker) return undefined;
  const byState = usCitiesByState();
  const one = folded[next] ?? '';
  const two = `${one} ${folded[next + 1] ?? ''}`;
  const cities = byState.get(one) ?? (tokens[next]!.punct ? undefined : byState.get(two));
  if (!cities || cities.some((c) => foldLetters(c.city) === span.joined)) return undefined;
  const heard = wordPhonemes(span.words[0]!);
  let best: { city: string; similarity: number } | undefined;
  for (const { city, phonemes } of cities) {
    const similarity = phonemeSimilarity(heard, phonemes);
    // Spelled near it too: a surname said before a state ("paris texas") is not a city that merely sounds close.
    if (similarity >= CITY_BEFORE_STATE_SIMILARITY && spellingSimilarity(span.joined, foldLetters(city)) >= 0.5 && (!best || similarity > best.similarity)) best = { city, similarity };
  }
  if (!best) return undefined;
  const variant: Variant = { entry: { term: best.city, kind: 'place', source: 'builtin' }, output: best.city.split(' '), joined: foldLetters(best.city), part: false, spokenCount: best.city.split(' ').length };
  return candidate(span, variant, 'sounds-like', 0.4 + 0.5 * best.similarity);
}

/** Preference between candidates starting at one place: stronger evidence first, then whole terms, then longer spans. */
function strength(c: Candidate): number {
  const evidence = { heard: 4, spelling: 3, phonetic: 2, 'sounds-like': 1.5, 'near-phonetic': 1 }[c.evidence];
  const base = c.variant.part ? evidence - 1.5 : evidence;
  return base + 0.3 * c.length;
}

/** Best candidate starting at `start`. */
function candidateAt(tokens: Token[], folded: (string | null)[], inDictionary: boolean[], start: number, voc: CompiledVocabulary) {
  let best: Candidate | undefined;
  const words: string[] = [];
  let joined = '';
  let allDictionary = true;
  let hasSymbols = false;
  let keyState: SpanKeyState | undefined;
  const introduced = introducedAt(tokens, folded, start);
  const placeCue = placeCueAt(tokens, folded, start);
  const personCue = personCueAt(tokens, folded, start);
  for (let length = 1; length <= MAX_SPAN && start + length <= tokens.length; length++) {
    const i = start + length - 1;
    const f = folded[i];
    if (!f) break;
    if (length > 1 && (tokens[i - 1]!.punct || tokens[i - 1]!.speaker !== tokens[i]!.speaker)) break;
    words.push(f);
    joined += f;
    if (joined.length > voc.maxJoinedLength + 3) break;
    // The longest spans are only ever the show's own long names (a guest's two names heard as five words).
    if (length === MAX_SPAN && joined.length > voc.own.maxJoinedLength + 3) break;
    allDictionary &&= inDictionary[i]!;
    hasSymbols ||= /\d/.test(f) || (f.length === 1 && f !== 'a' && f !== 'i');
    keyState = extendSpanKeys(keyState, f);
    const span: Span = { start, words, joined, allDictionary, hasSymbols, keys: keysOfState(keyState) };
    const heard = voc.byHeard.size ? voc.byHeard.get(words.join(' ')) : undefined;
    const rawLast = tokens[i]!.text.toLowerCase().replace(/’/g, "'");
    // An apostrophe says possessive: "andrew's" is Andrew's, not a place called Andrews.
    const possessive = rawLast.endsWith("'s") ? byPossessive(span, rawLast, voc) : undefined;
    const found = heard
      ? candidate(span, heard, 'heard', 0.97)
      : (possessive ?? bySpelling(span, voc) ?? byAccentedName(span) ?? byPossessive(span, rawLast, voc) ?? bySingular(span, voc) ?? byEitherSound(span, voc, introduced, placeCue) ?? (personCue ? byPersonName(span) : undefined) ?? byAddressedName(span, tokens, folded, voc) ?? byGluedName(span) ?? byCityBeforeState(span, tokens, folded) ?? byRecurringName(span, rawLast));
    if (found && (!best || preferred(found, best))) best = found;
  }
  return best;
}

/**
 * Whether `a` beats `b`, both starting at one word: the stronger, except that the show's own name heard over more
 * words is never cut short by a built-in name of its first words ("hino kia" is the sponsor Hinokiya, not Hino).
 */
function preferred(a: Candidate, b: Candidate): boolean {
  const ownA = ownVocabulary(a.variant);
  if (ownA !== ownVocabulary(b.variant)) {
    const [own, other] = ownA ? [a, b] : [b, a];
    if (own.length > other.length) return own === a;
  }
  return strength(a) > strength(b);
}

/** Spreads the written words over the raw tokens they replace, keeping each one's raw range and times. */
function distribute(span: Token[], output: string[]): Token[] {
  const n = span.length;
  const k = output.length;
  return output.map((text, t) => {
    const from = Math.min(Math.floor((t * n) / k), n - 1);
    const to = Math.max(from + 1, Math.floor(((t + 1) * n) / k));
    const merged = mergeTokens(span.slice(from, to), text);
    if (t < k - 1 && to === n) merged.punct = '';
    return { ...merged, locked: true, proper: true };
  });
}

/** Replaces misheard names and terms with vocabulary entries; precision first. Matched tokens are locked and proper. */
export function applyVocabulary(
  tokens: Token[],
  voc: CompiledVocabulary,
): PassResult & {
  learned: Learned[];
  /** Raw word boundaries inside a matched term, where no punctuation belongs. */
  inside: Set<number>;
  /** Words of people's names written from a list rather than the show's own ("a cook named foo meeko" -> Fumiko). */
  people: Set<string>;
} {
  // Locked tokens and written addresses ("stanford.edu") are never part of a name match.
  const folded = tokens.map((t) => (t.locked || /\w\.\w/.test(t.text) ? null : foldLetters(t.text) || null));
  const inDictionary = tokens.map((t) => isDictionaryWord(t.text.replace(/[^\p{L}'’-]/gu, '')));
  const at: (Candidate | undefined)[] = new Array(tokens.length);
  const sightings = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const c = candidateAt(tokens, folded, inDictionary, i, voc);
    if (!c) continue;
    at[i] = c;
    sightings.set(c.repeatKey, (sightings.get(c.repeatKey) ?? 0) + 1);
  }
  const accepted = (c: Candidate | undefined) => c !== undefined && (sightings.get(c.repeatKey) ?? 0) >= c.minRepeats;
  echoBuiltinNames(tokens, folded, at, accepted);
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  const learned: Learned[] = [];
  const inside = new Set<number>();
  const people = new Set<string>();
  const parts = new Map<string, Variant>();
  for (let i = 0; i < tokens.length; ) {
    const c = at[i];
    // A stronger match starting inside this one wins ("the coventry" vs "coventry").
    // The show's own name is never cut short by a built-in one inside it ("hino kia" is Hinokiya, not Kia).
    const rival = at
      .slice(i + 1, i + (c?.length ?? 0))
      .find((r) => accepted(r) && strength(r!) > strength(c!) && !(ownVocabulary(c!.variant) && !ownVocabulary(r!.variant)));
    if (!c || !accepted(c) || rival) {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    const span = tokens.slice(i, i + c.length);
    const suffix = c.possessive ? "'s" : c.plural ? 's' : '';
    const output = suffix ? [...c.variant.output.slice(0, -1), `${c.variant.output.at(-1)}${suffix}`] : c.variant.output;
    const replaced = distribute(span, output);
    for (const t of replaced.slice(0, -1)) inside.add(t.from[1]);
    out.push(...replaced);
    const before = span.map((t) => t.text).join(' ');
    const after = output.join(' ');
    if (before !== after) edits.push(editFor(`vocabulary.${c.evidence}`, span, after, c.confidence));
    if (c.evidence !== 'spelling' && c.confidence >= 0.65) {
      learned.push({ term: c.variant.entry.term, heard: span.map((t) => foldLetters(t.text)).join(' '), at: span[0]!.from[0] });
    }
    i += c.length;
    if (c.variant.entry.kind === 'person' && !ownVocabulary(c.variant)) for (const word of c.variant.output) people.add(word);
    if (ownVocabulary(c.variant) && c.variant.entry.kind === 'person' && !c.variant.part) learnParts(span, c.variant, voc, parts);
  }
  return { tokens: rewriteLearnedParts(out, parts, edits), edits, learned, inside, people };
}

/**
 * The episode is consistent: a built-in name taken by sound with evidence where it was first heard in pieces ("in
 * share brook" after a place cue, "pell a tier" in three pieces) is that name wherever the same pieces come again
 * ("the van left share brook", "pell a tier's phone records"), cue or not. Only runs of two words or more are
 * echoed; a single word is too often an ordinary word elsewhere.
 */
function echoBuiltinNames(tokens: Token[], folded: (string | null)[], at: (Candidate | undefined)[], accepted: (c: Candidate | undefined) => boolean): void {
  const heardForms = new Map<string, Candidate>();
  for (const c of at) {
    if (!c || !accepted(c) || c.evidence !== 'sounds-like' || ownVocabulary(c.variant) || c.length < 2 || c.possessive) continue;
    heardForms.set(folded.slice(c.start, c.start + c.length).join(' '), c);
  }
  if (!heardForms.size) return;
  const forms = [...heardForms].map(([form, c]) => ({ words: form.split(' '), c }));
  for (let i = 0; i < tokens.length; i++) {
    if (accepted(at[i]) || !folded[i]) continue;
    for (const { words, c } of forms) {
      const n = words.length;
      if (i + n > tokens.length) continue;
      const last = tokens[i + n - 1]!.text.toLowerCase().replace(/’/g, "'");
      const possessive = last.endsWith("'s") && folded[i + n - 1] === `${words.at(-1)}s`;
      const same = words.every((w, k) => (k === n - 1 && possessive) || folded[i + k] === w);
      // One name is heard without a break inside it.
      const unbroken = tokens.slice(i, i + n - 1).every((t, k) => !t.punct && t.speaker === tokens[i + k + 1]!.speaker);
      if (!same || !unbroken) continue;
      at[i] = { ...c, start: i, minRepeats: 1, possessive };
      break;
    }
  }
}

/** How close one heard word must sound to one name of a person to stand for it in the rest of the episode. */
const LEARNED_PART_SIMILARITY = 0.6;

/**
 * Words of a person's whole name as heard in this episode ("rory" in "rory toll in" -> Ruairí Tolan) that sound
 * like one of its names: uncommon words only, never a function word.
 */
function learnParts(span: Token[], whole: Variant, voc: CompiledVocabulary, parts: Map<string, Variant>): void {
  const names = voc.ownVariants.filter((v) => v.part && v.entry === whole.entry);
  for (const t of span) {
    const word = foldLetters(t.text);
    if (word.length < 3 || FUNCTION_WORDS.has(word) || isFrequentWord(word) || parts.has(word)) continue;
    const name = names.find((v) => wordSimilarity(word, v) >= LEARNED_PART_SIMILARITY);
    if (name) parts.set(word, name);
  }
}

/** The episode is consistent: a word heard as one name of a person inside their whole name is that name elsewhere too. */
function rewriteLearnedParts(tokens: Token[], parts: Map<string, Variant>, edits: PassResult['edits']): Token[] {
  if (!parts.size) return tokens;
  return tokens.map((t) => {
    const name = t.locked ? undefined : parts.get(foldLetters(t.text));
    if (!name) return t;
    const text = t.text.endsWith("'s") || t.text.endsWith('’s') ? `${name.output[0]}'s` : name.output[0]!;
    edits.push(editFor('vocabulary.episode', [t], text, 0.7));
    return { ...t, text, locked: true, proper: true };
  });
}
