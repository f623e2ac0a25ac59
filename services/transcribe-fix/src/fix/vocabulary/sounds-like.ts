import { foldLetters, spellingSimilarity, spokenWords } from '../text.ts';
import type { CompiledVocabulary, Variant } from './compile.ts';
import type { VocabularyKind } from './entry.ts';
import { englishReading } from './foreign-reading.ts';
import { builtinPhonemes, soundOnlyNames } from './lexicon.ts';
import { phonemeDistanceWithin, phonemeSet, phonemeSimilarity, phonemesWithin, phrasePhonemes, type PhonemeSet } from './phonemes.ts';

/** The closest of the show's own names to a run of heard words, with how close (0..1). */
export interface SoundMatch {
  variant: Variant;
  similarity: number;
}

const variantPhonemes = new WeakMap<Variant, string[]>();

/** A written name's phonemes, from the words it is spoken as ("Glaze & Co" -> glaze and co, "Gyöngyi" -> djondjee). */
export function namePhonemes(term: string): string[] {
  return phrasePhonemes(spokenWords(englishReading(term)));
}

function phonemesOf(variant: Variant): string[] {
  let phonemes = variantPhonemes.get(variant);
  if (!phonemes) {
    const stored = variant.entry.source === 'builtin' && !variant.part ? builtinPhonemes(variant.entry) : undefined;
    variantPhonemes.set(variant, (phonemes = stored ?? namePhonemes(variant.output.join(' '))));
  }
  return phonemes;
}

function similarityTo(heard: string[], joined: string, variant: Variant): number {
  return Math.max(phonemeSimilarity(heard, phonemesOf(variant)), spellingSimilarity(joined, variant.joined));
}

/** How close (0..1) one heard word sounds to a variant. */
export function wordSimilarity(word: string, variant: Variant): number {
  return similarityTo(phrasePhonemes([word]), word, variant);
}

/** Shortest name graded by sound: shorter ones are too easily near anything. */
const MIN_PHONEMES = 4;

/**
 * The show's own name (metadata or glossary, whole or one name of a person) that the heard words sound most like,
 * by a weighted edit distance between phoneme strings: CMUdict pronunciations, letter-to-sound rules for words it
 * lacks. Spelling closeness stands in when it is higher, as letter-to-sound rules misread some coined names
 * ("Kinetiq"). The caller decides how close is close enough for the words at hand.
 */
export function closestBySound(words: string[], joined: string, voc: CompiledVocabulary): SoundMatch | undefined {
  if (!voc.ownVariants.length) return undefined;
  const heard = phrasePhonemes(words);
  if (!heard.length) return undefined;
  let best: SoundMatch | undefined;
  for (const variant of voc.ownVariants) {
    const name = phonemesOf(variant);
    if (name.length < MIN_PHONEMES || heard.length < 0.6 * name.length || heard.length > 1.5 * name.length + 1) continue;
    const similarity = similarityTo(heard, joined, variant);
    if (!best || similarity > best.similarity || (similarity === best.similarity && !variant.part && best.variant.part)) best = { variant, similarity };
  }
  return best;
}

/** A sound's class for bucketing built-in names by how they start: near sounds share one ("P"/"B", any two vowels). */
const START_CLASS: Record<string, string> = {
  P: 'P', B: 'P', T: 'T', D: 'T', TH: 'T', DH: 'T', K: 'K', G: 'K', F: 'F', V: 'F', S: 'S', Z: 'S', SH: 'S', ZH: 'S', CH: 'S', JH: 'S',
  M: 'N', N: 'N', NG: 'N', L: 'L', R: 'L', HH: 'H', Y: 'Y', W: 'W',
};
const startClass = (p: string) => START_CLASS[p] ?? 'V';

/** Built-in names graded by sound: at least this many phonemes (shorter ones are near too many word pairs). */
export const BUILTIN_MIN_PHONEMES = 6;

interface SoundBucket {
  variant: Variant;
  phonemes: string[];
}
/** Built-in names of one start class and phoneme count, in the order they are graded, and sorted by sound. */
interface SoundBucketList {
  names: SoundBucket[];
  /** By kind searched ('' for any) and list (general, sound-only): those names, sorted by sound (built on first search). */
  sorted?: Map<string, SortedNames>;
}
/** Some of a bucket's names sorted by sound, with each one's index in the bucket. */
interface SortedNames {
  set: PhonemeSet;
  index: number[];
}
/** Variants of the sound-only list: graded only when the caller has evidence (a place cue, a name in pieces). */
const soundOnlyVariants = new WeakSet<Variant>();
/** Built-in whole names by start class, then by phoneme count; built on first use from the shared index. */
let builtinBuckets: { index: CompiledVocabulary['shared']; buckets: Map<string, SoundBucketList[]> } | undefined;

function builtinSoundBuckets(voc: CompiledVocabulary): Map<string, SoundBucketList[]> {
  if (builtinBuckets?.index === voc.shared) return builtinBuckets.buckets;
  const buckets = new Map<string, SoundBucketList[]>();
  // Names heard by sound only carry their phonemes, worked out when the list was generated (data/generate.ts).
  const soundOnly = soundOnlyNames().map((entry): Variant => ({ entry, output: entry.term.split(/\s+/), joined: foldLetters(entry.term), part: false, spokenCount: spokenWords(entry.term).length }));
  for (const v of soundOnly) soundOnlyVariants.add(v);
  for (const variants of [...voc.shared.byJoined.values(), soundOnly]) {
    for (const variant of variants) {
      // An acronym said letter by letter has no word's sound; one with a vowel may be said as a word ("YAML").
      if (variant.part || (!/[a-z]/.test(variant.entry.term) && !/^[A-Z]{4,}$/.test(variant.entry.term)) || (!/[a-z]/.test(variant.entry.term) && !/[AEIOU]/.test(variant.entry.term))) continue;
      const phonemes = phonemesOf(variant);
      if (phonemes.length < BUILTIN_MIN_PHONEMES) continue;
      const cls = startClass(phonemes[0]!);
      let byLength = buckets.get(cls);
      if (!byLength) buckets.set(cls, (byLength = []));
      (byLength[phonemes.length] ??= { names: [] }).names.push({ variant, phonemes });
    }
  }
  builtinBuckets = { index: voc.shared, buckets };
  return buckets;
}

/** The bucket's names of a kind (any kind: undefined) on the general or the sound-only list, sorted by sound. */
function sortedNames(bucket: SoundBucketList, length: number, kind: VocabularyKind | undefined, soundOnly: boolean): SortedNames {
  const key = `${kind ?? ''} ${soundOnly}`;
  const sorted = (bucket.sorted ??= new Map());
  let names = sorted.get(key);
  if (!names) {
    const index = bucket.names.flatMap(({ variant }, i) => ((!kind || variant.entry.kind === kind) && soundOnlyVariants.has(variant) === soundOnly ? [i] : []));
    sorted.set(key, (names = { set: phonemeSet(index.map((i) => bucket.names[i]!.phonemes), length), index }));
  }
  return names;
}

/** The indexes (ascending) of the bucket's names the search grades whose distance from `heard` may be within `limit`. */
function namesWithin(heard: string[], bucket: SoundBucketList, length: number, limit: number, kind: VocabularyKind | undefined, soundOnly: boolean): number[] {
  const general = sortedNames(bucket, length, kind, false);
  const found = phonemesWithin(heard, general.set, limit).map((i) => general.index[i]!);
  if (!soundOnly) return found;
  const only = sortedNames(bucket, length, kind, true);
  return [...found, ...phonemesWithin(heard, only.set, limit).map((i) => only.index[i]!)].sort((x, y) => x - y);
}

/**
 * The built-in name (brand, company, place) that heard words sound most like ("pie torch" -> PyTorch, "oh lama" ->
 * Ollama), by the same weighted phoneme distance, looked up only among names that start with a near sound and have
 * about as many sounds. The caller decides whether the words may be a name at all.
 */
export function closestBuiltinBySound(words: string[], voc: CompiledVocabulary, minSimilarity: number, kind?: VocabularyKind, soundOnly = false): SoundMatch | undefined {
  if (!voc.shared.byJoined.size) return undefined;
  const heard = phrasePhonemes(words);
  if (heard.length < BUILTIN_MIN_PHONEMES - 1) return undefined;
  const cacheKey = `${minSimilarity} ${kind ?? ''} ${soundOnly} ${heard.join(' ')}`;
  if (builtinMatchCache.has(cacheKey)) return builtinMatchCache.get(cacheKey);
  const best = builtinBySound(heard, voc, minSimilarity, kind, soundOnly);
  if (builtinMatchCache.size > 50_000) builtinMatchCache.clear();
  builtinMatchCache.set(cacheKey, best);
  return best;
}

/**
 * `closestBuiltinBySound`'s search, uncached. Each bucket's names are first narrowed to those whose distance may be
 * within the bar (`phonemesWithin`, sharing the work between names of a common start) and only those are graded, in
 * the bucket's order; `everyName` grades them all (the reference the narrowing must match exactly).
 */
export function builtinBySound(heard: string[], voc: CompiledVocabulary, minSimilarity: number, kind?: VocabularyKind, soundOnly = false, everyName = false): SoundMatch | undefined {
  let best: SoundMatch | undefined;
  const byLength = builtinSoundBuckets(voc).get(startClass(heard[0]!)) ?? [];
  const lo = Math.max(BUILTIN_MIN_PHONEMES, Math.ceil(heard.length / 1.3));
  const hi = Math.min(byLength.length - 1, Math.floor(heard.length / 0.77));
  for (let n = lo; n <= hi; n++) {
    const bucket = byLength[n];
    if (!bucket) continue;
    // Names too far to reach the bar are dropped as soon as the distance passes it.
    const limit = (1 - Math.max(minSimilarity, best?.similarity ?? 0)) * n;
    const names = bucket.names;
    const graded = everyName ? names.map((_, i) => i) : namesWithin(heard, bucket, n, limit, kind, soundOnly);
    for (const i of graded) {
      const { variant, phonemes } = names[i]!;
      if ((kind && variant.entry.kind !== kind) || (!soundOnly && soundOnlyVariants.has(variant))) continue;
      const distance = phonemeDistanceWithin(heard, phonemes, limit);
      if (distance === Infinity) continue;
      const similarity = 1 - distance / n;
      if (similarity >= minSimilarity && (!best || similarity > best.similarity)) best = { variant, similarity };
    }
  }
  return best;
}
/** Heard phonemes -> the closest built-in name at or above a bar: a transcript repeats its word runs. */
const builtinMatchCache = new Map<string, SoundMatch | undefined>();

/** How close heard words before "dot com" must sound to a name of the show to be written as its address. */
const ADDRESS_SIMILARITY = 0.8;

/**
 * The letters of the show's own name (whole names only) that words spoken before "dot com" sound like: an
 * address is read out as the name it belongs to ("vale net dot com" -> veilnet.com for a sponsor Veilnet).
 */
export function addressBySound(words: string[], voc: CompiledVocabulary): string | undefined {
  const match = closestBySound(words, words.join(''), voc);
  if (!match || match.similarity < ADDRESS_SIMILARITY) return undefined;
  // A part only as the first word of a sponsor's or show's name ("liar bird dot co dot uk" for Lyrebird Optics).
  if (match.variant.part && !(match.variant.entry.kind !== 'person' && foldLetters(match.variant.entry.term).startsWith(match.variant.joined))) return undefined;
  return match.variant.joined;
}
