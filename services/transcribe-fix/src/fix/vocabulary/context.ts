import { createRequire } from 'node:module';
import type { Token } from '../token.ts';
import { editFor, mergeTokens, type PassResult } from '../tokens.ts';
import { foldLetters, plainWord } from '../text.ts';
import type { CompiledVocabulary } from './compile.ts';
import { variantsBySpelling } from './compile.ts';
import { wordRank } from './dictionary.ts';
import { phrasePhonemes, wordPhonemes } from './phonemes.ts';

const require = createRequire(import.meta.url);

/** Brands and platforms whose name is an ordinary word ("Square", "Medium"), from data/ambiguous-brands.json. */
let ambiguous: Map<string, string> | undefined;
function ambiguousBrands(): Map<string, string> {
  ambiguous ??= new Map((require('./data/ambiguous-brands.json') as string[]).map((term) => [foldLetters(term), term]));
  return ambiguous;
}

/** "follow me on X", "find us on X": an object pronoun + "on" before a platform's name. */
const PRONOUNS = new Set(['me', 'us', 'him', 'her', 'them']);
/** "a subsidiary of X", "acquired by X": words that put a company's name after them. */
const COMPANY_CUES: Record<string, Set<string>> = {
  of: new Set(['subsidiary', 'subsidiaries', 'division', 'unit', 'ceo', 'cofounder', 'co-founder', 'founder']),
  by: new Set(['acquired', 'owned', 'bought', 'backed', 'sponsored']),
  at: new Set(['engineer', 'engineers', 'ceo']),
};
const NAME_KINDS = new Set(['product', 'organization', 'sponsor', 'show']);

/** The written name of a brand, platform or company spelled like `word`, from the ambiguous list or the vocabulary. */
function brandSpelled(word: string, voc: CompiledVocabulary): string | undefined {
  const variant = variantsBySpelling(voc, word).find((v) => !v.part && NAME_KINDS.has(v.entry.kind) && !/\s/.test(v.entry.term));
  return variant?.entry.term ?? ambiguousBrands().get(word);
}

/** Words that cannot continue a noun phrase: after "me on X" they show X was the whole name ("us on solid ground" is not). */
const PHRASE_BREAKS = new Set([
  'at', 'and', 'or', 'but', 'so', 'for', 'to', 'if', 'where', 'when', 'because', 'i', 'you', 'we', 'he', 'she', 'it',
  'they', 'this', 'that', 'the', 'a', 'an', 'as', 'with', 'too', 'also', 'or', 'now', 'please', 'here', 'there', 'which',
]);

/** True when the words around `i` say a platform or company name is there. */
function cuedAt(tokens: Token[], i: number): boolean {
  const before = tokens[i - 1];
  const twoBefore = tokens[i - 2];
  if (!before || !twoBefore || before.punct || twoBefore.punct) return false;
  const b = plainWord(before.text);
  const bb = plainWord(twoBefore.text);
  if (b === 'on' && PRONOUNS.has(bb)) {
    const after = tokens[i + 1];
    return !after || Boolean(tokens[i]!.punct) || after.speaker !== tokens[i]!.speaker || Boolean(after.proper) || PHRASE_BREAKS.has(plainWord(after.text));
  }
  return COMPANY_CUES[b]?.has(bb) ?? false;
}

/** Brands of the ambiguous list whose word is rare in speech (rank 5,000 or later), by their phonemes: built once. */
let rareBrandsBySound: Map<string, string> | undefined;
const VERSION_BRAND_RANK = 5_000;
function rareBrandBySound(phonemes: string[]): string | undefined {
  rareBrandsBySound ??= new Map([...ambiguousBrands()].filter(([word]) => wordRank(word) >= VERSION_BRAND_RANK).map(([word, term]) => [wordPhonemes(word).join(' '), term]));
  return rareBrandsBySound.get(phonemes.join(' '));
}

const SMALL_NUMBERS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']);
const DIGIT_WORDS = new Set([...SMALL_NUMBERS, 'zero', 'oh']);

/** Whether a version number is said from token `k` on ("two point oh", "three point one"), with no break before its end. */
function versionAt(tokens: Token[], k: number): boolean {
  const [a, point, b] = [tokens[k], tokens[k + 1], tokens[k + 2]];
  if (!a || !point || !b || a.punct || point.punct) return false;
  return (SMALL_NUMBERS.has(plainWord(a.text)) || /^\d{1,2}$/.test(a.text)) && plainWord(point.text) === 'point' && (DIGIT_WORDS.has(plainWord(b.text)) || /^\d$/.test(b.text));
}

/**
 * A software brand whose name is a rare ordinary word, heard as that word or as "a" and a word that sound exactly
 * like it, right before a version number ("under a patchy two point oh" -> Apache 2.0, "python three point one"):
 * the version says a product is named. Brands that are frequent words ("Rich", "Red") are left out.
 */
function versionedBrands(tokens: Token[], edits: PassResult['edits'], inside: Set<number>): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    let term: string | undefined;
    let length = 1;
    if (!t.locked && !t.punct && /^[a-z]+$/i.test(t.text)) {
      const word = plainWord(t.text);
      if (versionAt(tokens, i + 1)) term = wordRank(word) >= VERSION_BRAND_RANK ? ambiguousBrands().get(word) : undefined;
      else if (word === 'a' && next && !next.locked && !next.punct && next.speaker === t.speaker && /^[a-z]+$/i.test(next.text) && versionAt(tokens, i + 2)) {
        term = rareBrandBySound(phrasePhonemes(['a', plainWord(next.text)]));
        length = 2;
      }
    }
    if (!term) {
      out.push(t);
      continue;
    }
    const span = tokens.slice(i, i + length);
    edits.push(editFor('context', span, term, 0.8));
    const brand: Token = { ...mergeTokens(span, term), locked: true, proper: true };
    inside.add(brand.from[1]);
    out.push(brand);
    i += length - 1;
  }
  return out;
}

/**
 * Writes a brand whose name is an ordinary word where the words before it say a name follows ("connect with me
 * on twitter" -> Twitter, "a subsidiary of square" -> Square), or a version number after it ("a patchy two point
 * oh" -> Apache); the name matcher never takes such a word alone.
 */
export function applyContextNames(tokens: Token[], voc: CompiledVocabulary): PassResult & { inside: Set<number> } {
  const edits: PassResult['edits'] = [];
  // Raw word boundaries between a brand and its version ("Apache 2.0"), where no punctuation belongs.
  const inside = new Set<number>();
  const versioned = versionedBrands(tokens, edits, inside);
  const out = versioned.map((t, i) => {
    if (t.locked || !cuedAt(versioned, i) || versioned[i - 1]!.speaker !== t.speaker) return t;
    const word = foldLetters(t.text);
    const term = word.length >= 3 && /^[a-z]+$/i.test(t.text) ? brandSpelled(word, voc) : undefined;
    if (!term) return t;
    edits.push(editFor('context', [t], term, 0.8));
    return { ...t, text: term, locked: true, proper: true };
  });
  return { tokens: out, edits, inside };
}
