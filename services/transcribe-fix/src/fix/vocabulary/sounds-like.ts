import { spellingSimilarity, spokenWords } from '../text.ts';
import type { CompiledVocabulary, Variant } from './compile.ts';
import { englishReading } from './foreign-reading.ts';
import { phonemeSimilarity, phrasePhonemes } from './phonemes.ts';

/** The closest of the show's own names to a run of heard words, with how close (0..1). */
export interface SoundMatch {
  variant: Variant;
  similarity: number;
}

const variantPhonemes = new WeakMap<Variant, string[]>();

/** A variant's phonemes, from the words it is spoken as ("Glaze & Co" -> glaze and co, "Gyöngyi" -> djondjee). */
function phonemesOf(variant: Variant): string[] {
  let phonemes = variantPhonemes.get(variant);
  if (!phonemes) variantPhonemes.set(variant, (phonemes = phrasePhonemes(spokenWords(englishReading(variant.output.join(' '))))));
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

/** How close heard words before "dot com" must sound to a name of the show to be written as its address. */
const ADDRESS_SIMILARITY = 0.8;

/**
 * The letters of the show's own name (whole names only) that words spoken before "dot com" sound like: an
 * address is read out as the name it belongs to ("vale net dot com" -> veilnet.com for a sponsor Veilnet).
 */
export function addressBySound(words: string[], voc: CompiledVocabulary): string | undefined {
  const match = closestBySound(words, words.join(''), voc);
  if (!match || match.variant.part || match.similarity < ADDRESS_SIMILARITY) return undefined;
  return match.variant.joined;
}
