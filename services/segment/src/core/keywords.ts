import { spokenRank } from './background.ts';
import type { Phrase } from './keyphrases.ts';
import type { Sentence } from './sentences.ts';
import { OPEN_PREPOSITIONS, stem } from './text.ts';

/** Words after which the next word is a verb: subject pronouns, "who", "to", modals and auxiliaries ("we launched", "to automate"). */
const BEFORE_VERB = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'who', 'to', 'can', "can't", 'will', "won't", 'would', "wouldn't", 'should', "shouldn't", 'could', "couldn't", 'might', 'must', 'do', "don't", 'does', "doesn't", 'did', "didn't", "i'll", "we'll", "you'll", "they'll"]);
/** Words after which the next word opens a noun phrase: articles, possessives, demonstratives, quantifiers, prepositions. */
const BEFORE_NOUN = new Set(['the', 'a', 'an', 'my', 'our', 'your', 'their', 'his', 'her', 'its', 'this', 'these', 'those', 'some', 'any', 'every', 'each', 'many', 'few', 'several', 'of', 'in', 'on', 'about', 'for', 'with', 'from', 'at', 'by', 'into', 'like']);
/** Words that open a verb's object right after it ("a lender pulls your credit"); a topic's name is not followed by one. */
const OBJECT_OPENS = new Set(['the', 'a', 'an', 'my', 'our', 'your', 'their', 'his', 'her', 'them', 'it', 'me', 'us', 'him', 'these', 'those']);

/** A word English knows (SUBTLEX), short of the rarest tail where names and typos sit. */
const KNOWN_RANK = 30_000;
const known = (w: string) => w.length >= 3 && spokenRank(w) < KNOWN_RANK;

/** "typed", "launched", "stopped", "co-founded": an "-ed" word whose base is an English word (not "hundred", "speed"). */
export function pastForm(word: string): boolean {
  const w = word.split('-').pop() ?? word;
  if (w.length < 5 || !w.endsWith('ed')) return false;
  const base = w.slice(0, -2);
  return known(base) || known(`${base}e`) || (/(\p{L})\1$/u.test(base) && known(base.slice(0, -1))) || (base.endsWith('i') && known(`${base.slice(0, -1)}y`));
}

/** "quickly", "genuinely", "happily": an "-ly" word whose base is an English word (not "family", "supply": "-ble"/"-ple" words are left alone, "assembly" is no "assemble"). */
export function adverb(word: string): boolean {
  if (word.length < 6 || !word.endsWith('ly')) return false;
  const base = word.slice(0, -2);
  return known(base) || (base.endsWith('i') && known(`${base.slice(0, -1)}y`));
}

/** Where the phrase is said in the sentence: as written (`words`), or in any of its forms ("inspire millions", "inspired millions"). */
function positions(s: Sentence, p: Phrase, anyForm: boolean): number[] {
  const out: number[] = [];
  const at = (i: number, n: number) => (anyForm ? stem(s.words[i + n]!) === p.stems[n] : s.words[i + n] === p.words[n]);
  for (let i = 0; i + p.words.length <= s.words.length; i++) if (p.words.every((_, n) => at(i, n))) out.push(i);
  return out;
}

/**
 * How the talk uses the phrase: `verb` counts uses right after a subject pronoun, "to" or an auxiliary ("to automate",
 * "we launched", "can inspire millions"), `noun` uses after an article, a possessive or a preposition ("the model",
 * "in deep learning"), both as written ("quantization" is no verb for all "to quantize"); `object` counts multi-word uses
 * followed by a determiner or an object pronoun ("lender pulls your"); `firsts` holds the forms its first word is said in.
 */
export function phraseUses(p: Phrase, sentences: Sentence[]): { verb: number; noun: number; object: number; firsts: Set<string> } {
  const uses = { verb: 0, noun: 0, object: 0, firsts: new Set<string>() };
  for (const k of new Set(p.sentences)) {
    const s = sentences[k]!;
    for (const at of positions(s, p, true)) uses.firsts.add(s.words[at]!);
    for (const at of positions(s, p, false)) {
      const before = s.words[at - 1];
      const last = at + p.words.length - 1;
      const pause = at > 0 && /[,;:.?!]$/u.test(s.texts[at - 1]!);
      if (before !== undefined && !pause && BEFORE_VERB.has(before)) uses.verb++;
      else if (before !== undefined && !pause && (BEFORE_NOUN.has(before) || /^\p{N}/u.test(before))) uses.noun++;
      const after = s.words[last + 1];
      if (p.words.length > 1 && after !== undefined && !/[,;:.?!]$/u.test(s.texts[last]!) && OBJECT_OPENS.has(after)) uses.object++;
    }
  }
  return uses;
}

/** Whether a word is said both bare and as its past form ("inspire", "inspired"): the talk inflects it, so it is a verb. */
const inflected = (forms: Set<string>) => [...forms].some((f) => pastForm(f) && [f.slice(0, -1), f.slice(0, -2)].some((b) => b !== f && forms.has(b)));

/**
 * Whether a key phrase names a topic or a name, not an action: a name or acronym as written (a capital, a digit) always
 * does; otherwise never a lone past form or adverb ("typed", "co-founded", "quickly"), nor a phrase the talk uses as a
 * verb more than as a noun ("to automate"), nor a verb and its object (the first word said both bare and in the past:
 * "inspire millions", "inspired millions"), nor one that takes an object (a phrase ending in its verb: "a lender pulls
 * your credit"), nor a phrase ending open ("tokens per"). A gerund stays: "shipping", "grazing", "deep learning" name activities.
 */
export function namesTopic(p: Phrase, sentences: Sentence[]): boolean {
  if (/\p{Lu}|\p{N}/u.test(p.surface)) return true;
  const last = p.words[p.words.length - 1]!;
  if (OPEN_PREPOSITIONS.has(last)) return false;
  if (p.words.length === 1 && (pastForm(last) || adverb(last))) return false;
  const uses = phraseUses(p, sentences);
  if (uses.verb > uses.noun || (p.words.length > 1 && inflected(uses.firsts))) return false;
  return uses.object * 2 < p.count;
}
