import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';
import { foldLetters, plainWord, spellingSimilarity, spokenWords } from './text.ts';
import { phoneticKeys } from './vocabulary/compile.ts';
import type { VocabularyEntry } from './vocabulary/entry.ts';

/** Words that introduce a promo code in a sponsor read. */
const CODE_WORDS = new Set(['code', 'promo', 'coupon']);

/** Writes a spoken promo code of a word and a number as one code ("use the code kitchen 10" -> KITCHEN10). */
export function joinPromoCodes(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i + 1];
    const number = tokens[i + 2];
    const cue = tokens[i]!;
    out.push(cue);
    if (!word || !number || !CODE_WORDS.has(plainWord(cue.text)) || cue.punct || word.punct || word.locked || number.locked) continue;
    const name = plainWord(word.text);
    const digits = plainWord(number.text);
    if (!/^[a-z]{3,15}$/.test(name) || !/^\d{1,3}$/.test(digits)) continue;
    const text = `${name.toUpperCase()}${digits}`;
    out.push({ ...mergeTokens([word, number], text), locked: true });
    edits.push(editFor('promo-code', [word, number], text, 0.8));
    i += 2;
  }
  return { tokens: out, edits };
}

/** A promo code a sponsor read may name, built from the episode's own names ("Lex" + "Podcast" -> LexPodcast). */
export interface NamedCode {
  /** As written ("LexPodcast"). */
  text: string;
  /** Folded letters ("lexpodcast"). */
  letters: string;
}

/** Words too plain to make a code of their own. */
const PLAIN_CODE_WORDS = new Set(['the', 'a', 'an', 'and', 'of', 'with', 'show', 'podcast', 'radio', 'co']);

/**
 * Codes a sponsor read of this episode may name: each host's, guest's and sponsor's name words and the show's
 * words alone, and every ordered pair of them from one name or from a person's name and the show's name
 * (host "Lex Fridman" + show "Lex Fridman Podcast" -> Lex, Fridman, LexFridman, LexPodcast, FridmanPodcast, ...).
 * A code with a person's name in it is written as the name is (LexPodcast); one of the show's or a sponsor's
 * words alone is written in capitals, as word-and-number codes are (show "The Case File" -> CASEFILE, as KITCHEN10).
 */
export function namedCodes(people: string[], show: string | undefined, sponsors: string[]): NamedCode[] {
  const wordsOf = (name: string) => name.split(/[\s\-–—&]+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  const showWords = show ? wordsOf(show) : [];
  // Each group's words, and how many of its first words are a person's name.
  const groups = [...people.map((p) => ({ words: [...wordsOf(p), ...showWords], named: wordsOf(p).length })), ...[...sponsors.map(wordsOf), showWords].map((words) => ({ words, named: 0 }))];
  // By folded letters: a code with a person's name in it is written as the name is, whichever group made it first.
  const codes = new Map<string, NamedCode>();
  const add = (text: string, person: boolean) => {
    const letters = foldLetters(text);
    if (letters.length >= 3 && (person || !codes.has(letters))) codes.set(letters, { text: person ? text.charAt(0).toUpperCase() + text.slice(1) : text.toUpperCase(), letters });
  };
  for (const { words, named } of groups) {
    for (let a = 0; a < words.length; a++) {
      if (!PLAIN_CODE_WORDS.has(words[a]!.toLowerCase())) add(words[a]!, a < named);
      for (let b = a + 1; b < words.length; b++) if (words[a]!.toLowerCase() !== words[b]!.toLowerCase()) add(words[a]! + words[b]!, a < named);
    }
  }
  return [...codes.values()];
}

/** Words that invite the listener to type a code ("use code X", "enter X at checkout"). */
const USE_WORDS = new Set(['use', 'enter']);
/** How near (in words) a sponsor's name must be for "use X" to be read as a code. */
const SPONSOR_REACH = 150;
/** Phonetic keys this alike (1 - edit distance / length) make a heard span a code. */
const KEY_SIMILARITY = 0.8;
/** Longest run of raw words one code may be heard as ("collects podcast"). */
const MAX_CODE_WORDS = 3;

/** Positions of tokens that begin a sponsor's name, written as the recognizer prints it. */
function sponsorMentions(tokens: Token[], sponsors: string[]): number[] {
  const names = sponsors.map((s) => spokenWords(s)).filter((w) => w.length > 0);
  const folded = tokens.map((t) => foldLetters(t.text));
  const at: number[] = [];
  for (let i = 0; i < tokens.length; i++) if (names.some((n) => n.every((w, k) => folded[i + k] === w))) at.push(i);
  return at;
}

const NUMBER_WORDS = /^(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)$/;
const isNumberWord = (t: Token | undefined) => t !== undefined && NUMBER_WORDS.test(plainWord(t.text));

function keySimilarity(a: string, b: string): number {
  const ka = phoneticKeys(a);
  const kb = phoneticKeys(b);
  let best = 0;
  for (const x of ka) for (const y of kb) if (Math.min(x.length, y.length) >= 5) best = Math.max(best, spellingSimilarity(x, y));
  return best;
}

/**
 * Writes a promo code made of the episode's names where a sponsor read says it ("use code lex podcast",
 * "use collects podcast" with "code" run into the name -> use code LexPodcast). After "use"/"enter" a sponsor
 * must be named nearby; the heard words must spell the code or sound like it (Double Metaphone).
 */
export function joinNamedPromoCodes(tokens: Token[], codes: NamedCode[], sponsors: string[]): PassResult & { inside: Set<number> } {
  // Raw word boundaries between "code" and the code, where no punctuation belongs.
  const inside = new Set<number>();
  if (!codes.length) return { tokens, edits: [], inside };
  const mentions = sponsorMentions(tokens, sponsors);
  const sponsorNear = (i: number) => mentions.some((m) => Math.abs(m - i) <= SPONSOR_REACH);
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const cue = tokens[i]!;
    out.push(cue);
    const cueWord = plainWord(cue.text);
    const saysCode = CODE_WORDS.has(cueWord);
    if (cue.punct || (!saysCode && !(USE_WORDS.has(cueWord) && sponsorNear(i)))) continue;
    let start = i + 1;
    // "use the code", "use promo code": the code comes after the last cue word.
    while (start < tokens.length && start <= i + 2 && !tokens[start - 1]!.punct && /^(the|code|promo|coupon)$/.test(plainWord(tokens[start]!.text))) start++;
    const codeSaid = saysCode || start > i + 1 && /^(code|promo|coupon)$/.test(plainWord(tokens[start - 1]!.text));
    const match = bestCode(tokens, start, codes, !codeSaid);
    // "code kitchen 10" is a code of a word and a number, written by joinPromoCodes once numbers are digits.
    if (!match || isNumberWord(tokens[start + match.length])) continue;
    out.push(...tokens.slice(i + 1, start));
    const span = tokens.slice(start, start + match.length);
    inside.add(span[0]!.from[0]);
    if (match.swallowed) {
      inside.add(span[1]!.from[0]);
      // "code" was heard run into the name: the first heard word carries it.
      out.push({ ...mergeTokens(span.slice(0, 1), 'code') }, { ...mergeTokens(span.slice(1), match.code.text), locked: true, proper: true });
      edits.push(editFor('promo-code', span, `code ${match.code.text}`, 0.75));
    } else {
      out.push({ ...mergeTokens(span, match.code.text), locked: true, proper: true });
      edits.push(editFor('promo-code', span, match.code.text, 0.8));
    }
    i = start + match.length - 1;
  }
  return { tokens: out, edits, inside };
}

/** The code best heard in the words from `start`; with `mayHaveCode`, also as "code" + code run together. */
function bestCode(tokens: Token[], start: number, codes: NamedCode[], mayHaveCode: boolean) {
  let best: { code: NamedCode; length: number; swallowed: boolean; score: number } | undefined;
  let joined = '';
  for (let n = 1; n <= MAX_CODE_WORDS && start + n <= tokens.length; n++) {
    const t = tokens[start + n - 1]!;
    if (t.locked || (n > 1 && tokens[start + n - 2]!.punct)) break;
    joined += foldLetters(t.text);
    for (const code of codes) {
      // One word after a bare "use" is ordinary speech ("use open"); it needs "code" said before it.
      const exact = joined === code.letters && (n > 1 || !mayHaveCode) ? 1 : 0;
      const direct = exact || (n > 1 ? keySimilarity(joined, code.letters) : 0);
      const swallowed = mayHaveCode && n > 1 ? keySimilarity(joined, `code${code.letters}`) : 0;
      const score = Math.max(direct, swallowed);
      // On a tie a longer exact spelling wins ("lex podcast" is LexPodcast, not Lex); a longer sound-alike does not,
      // as a trailing word that adds no consonant keeps the same key ("podcast today").
      if (score < (exact ? 1 : KEY_SIMILARITY) || (best && (best.score > score || (best.score === score && !exact)))) continue;
      best = { code, length: n, swallowed: !exact && swallowed >= direct, score };
    }
  }
  return best;
}

/** The episode's own names of a vocabulary, for named codes: people, the show and sponsors (built-in rows skipped). */
export function namedCodesOf(vocabulary: VocabularyEntry[]): { codes: NamedCode[]; sponsors: string[] } {
  const own = vocabulary.filter((e) => e.source !== 'builtin');
  const sponsors = own.filter((e) => e.kind === 'sponsor').map((e) => e.term);
  const show = own.find((e) => e.kind === 'show')?.term;
  return { codes: namedCodes(own.filter((e) => e.kind === 'person').map((e) => e.term), show, sponsors), sponsors };
}
