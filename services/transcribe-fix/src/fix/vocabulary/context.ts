import { createRequire } from 'node:module';
import type { Token } from '../token.ts';
import { editFor, type PassResult } from '../tokens.ts';
import { foldLetters, plainWord } from '../text.ts';
import type { CompiledVocabulary } from './compile.ts';
import { variantsBySpelling } from './compile.ts';

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

/**
 * Writes a brand whose name is an ordinary word where the words before it say a name follows ("connect with me
 * on twitter" -> Twitter, "a subsidiary of square" -> Square); the name matcher never takes such a word alone.
 */
export function applyContextNames(tokens: Token[], voc: CompiledVocabulary): PassResult {
  const edits: PassResult['edits'] = [];
  const out = tokens.map((t, i) => {
    if (t.locked || !cuedAt(tokens, i) || tokens[i - 1]!.speaker !== t.speaker) return t;
    const word = foldLetters(t.text);
    const term = word.length >= 3 && /^[a-z]+$/i.test(t.text) ? brandSpelled(word, voc) : undefined;
    if (!term) return t;
    edits.push(editFor('context', [t], term, 0.8));
    return { ...t, text: term, locked: true, proper: true };
  });
  return { tokens: out, edits };
}
