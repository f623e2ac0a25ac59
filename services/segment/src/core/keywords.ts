import { spokenRank } from './background.ts';
import type { Phrase } from './keyphrases.ts';
import type { Sentence } from './sentences.ts';
import { BEFORE_NOUN, BEFORE_PREDICATE, BEFORE_VERB, DETERMINERS, IRREGULAR_PAST, OBJECT_PRONOUN_OPENERS, OPEN_PREPOSITIONS, PRESENT_S } from './closed-class.ts';
import { stem } from './text.ts';

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
      if (p.words.length > 1 && after !== undefined && !/[,;:.?!]$/u.test(s.texts[last]!) && OBJECT_PRONOUN_OPENERS.has(after)) uses.object++;
    }
  }
  return uses;
}

/** Whether a word is said both bare and as its past form ("inspire", "inspired"): the talk inflects it, so it is a verb. */
const inflected = (forms: Set<string>) => [...forms].some((f) => pastForm(f) && [f.slice(0, -1), f.slice(0, -2)].some((b) => b !== f && forms.has(b)));

/** Words a listed phrase never ends on ("tokens per", "bits like"): the open prepositions, and "like". */
const OPEN_ENDED: ReadonlySet<string> = new Set([...OPEN_PREPOSITIONS, 'like']);
/** Endings of adjectives and adverbs ("flavourful", "regional", "bushy"); "-ed" ones read as verbs ("typed", "logged"). */
const NOT_A_NOUN = /(?:ed|ful|ly|ive|ous|able|ible|ish|ic|al|less|y)$/u;
/** Noun endings that NOT_A_NOUN would take for adjectives ("security", "history", "inquiry", "policy", "retrieval"). */
const NOUN_ENDINGS = /(?:ity|ory|iry|ury|cy|gy|omy|val|sal)$/u;
/** SUBTLEX rank under which a single everyday word names no topic of its own ("week", "point", "report"). */
const PLAIN_WORD = 1_000;

/** "lowest", "biggest": an English word and "-est" (not "forest", "request", "interest"). */
function superlative(word: string): boolean {
  if (!/est$/u.test(word)) return false;
  const base = word.slice(0, -3);
  const undoubled = /(\p{L})\1$/u.test(base) ? base.slice(0, -1) : base;
  return [base, undoubled, `${base}e`].some((b) => b.length >= 3 && spokenRank(b) >= 100 && spokenRank(b) < 5_000);
}

/**
 * Whether lowercase words look like a thing by their form alone: two or three words ending on a noun, without an
 * adverb in front ("context window", not "genuinely wild"); a hyphenated compound of English words ending on a noun
 * ("man-to-man"); a single English word, not an everyday one, that does not end like an adjective, adverb, gerund,
 * "-ize" verb, superlative or past form, nor is an everyday "-s" verb.
 */
function nounShaped(words: string[]): boolean {
  const last = words[words.length - 1]!;
  const noun = (w: string) => !NOT_A_NOUN.test(w) || NOUN_ENDINGS.test(w);
  if (words.length > 1) return noun(last) && !(words[0]!.length > 5 && /ly$/u.test(words[0]!) && !/(?:ily|pply)$/u.test(words[0]!));
  const parts = last.split('-').filter(Boolean);
  if (parts.length > 1) return parts.every((w) => spokenRank(w) < Number.MAX_SAFE_INTEGER) && noun(parts[parts.length - 1]!) && !IRREGULAR_PAST.has(parts[parts.length - 1]!) && !/(?:ing|ed)$/u.test(last);
  return last.length > 2 && noun(last) && !/ing$/u.test(last) && !/\p{L}{3}i[sz]e$/u.test(last) && !superlative(last) && !PRESENT_S.has(last) && !/[^s]es$/u.test(last) && !IRREGULAR_PAST.has(last) && spokenRank(last) >= PLAIN_WORD && spokenRank(last) < Number.MAX_SAFE_INTEGER;
}

/**
 * Whether the episode uses a word as a noun more than as a verb or adjective: after a determiner or a number ("the
 * fee", "two carriers") at least as often as after a pronoun, an auxiliary, "to" or a copula ("she collects", "to
 * adjust", "it's neat"). A word never seen after either stays a noun ("expenses", "retirement").
 */
export function usedAsNoun(sentences: Sentence[], word: string): boolean {
  let noun = 0;
  let other = 0;
  const base = /[^s]s$/u.test(word) ? word.slice(0, -1) : word;
  for (const s of sentences) {
    s.words.forEach((w, i) => {
      // the word, or the base form of an "-s" word ("collects" → "to collect")
      if ((w !== word && !(base !== word && w === base)) || i === 0) return;
      const before = s.words[i - 1]!;
      if (DETERMINERS.has(before) || /^\p{N}/u.test(before)) noun += 1;
      else if (BEFORE_PREDICATE.has(before)) other += 1;
    });
  }
  return noun >= other;
}

/**
 * Whether a key phrase names a topic or a thing, not an action or a description: one test for the keywords and for
 * what a summary line lists. Never a phrase ending open ("tokens per", "bits like"); always a name or acronym as
 * written (a capital, a digit). Otherwise never a lone past form or adverb ("typed", "co-founded", "quickly"), nor a
 * phrase the talk uses as a verb more than as a noun ("to automate"), nor a verb and its object (the first word said
 * both bare and in the past: "inspire millions", "inspired millions"), nor one that takes an object (a phrase ending in
 * its verb: "a lender pulls your credit"). A gerund stays: "shipping", "grazing", "deep learning" name activities.
 * `listed`: the phrase stands in a list out of its sentences ("The first part covers A, B and C"), so it must look like
 * a thing by its form too (nounShaped), and a lone word must be one the episode uses as a noun ("the fee", not "she
 * collects").
 */
export function namesTopic(p: Phrase, sentences: Sentence[], listed = false): boolean {
  const last = p.words[p.words.length - 1]!;
  if (OPEN_ENDED.has(last)) return false;
  if (/\p{Lu}|\p{N}/u.test(p.surface)) return true;
  if (listed) return nounShaped(p.words) && (p.words.length > 1 || usedAsNoun(sentences, last));
  if (p.words.length === 1 && (pastForm(last) || adverb(last))) return false;
  const uses = phraseUses(p, sentences);
  if (uses.verb > uses.noun || (p.words.length > 1 && inflected(uses.firsts))) return false;
  return uses.object * 2 < p.count;
}
