import { createRequire } from 'node:module';
import type { Token } from '../token.ts';
import { editFor, type PassResult } from '../tokens.ts';
import { isDictionaryWord, isKnownName } from './dictionary.ts';
import { phonemeSimilarity, wordPhonemes } from './phonemes.ts';

const require = createRequire(import.meta.url);

/**
 * How close a heard made-up word must sound to an acronym read as a word ("kuda" -> CUDA, 1.0): near-exact, as the
 * heard word is often another language's or an old word ("isil" is no CIL at 0.91, "sabbee" no SAPI at 0.93).
 */
export const TECH_TERM_SIMILARITY = 0.95;
/** How often the same made-up word must be heard in the stretch: a term is said again, a one-off slip is noise. */
const MIN_REPEATS = 2;
/** Shortest heard word and reading graded: shorter ones are near too many acronyms. */
const MIN_LETTERS = 4;
const MIN_PHONEMES = 4;

let terms: { term: string; phonemes: string[] }[] | undefined;
/** Acronyms software text writes in capitals, with the phonemes of their letters read as a word (data/tech-terms.json). */
function techTerms(): { term: string; phonemes: string[] }[] {
  terms ??= (require('./data/tech-terms.json') as [string, string][])
    .map(([term, phonemes]) => ({ term, phonemes: phonemes.split(' ') }))
    .filter((t) => t.phonemes.length >= MIN_PHONEMES);
  return terms;
}

/** The one acronym a heard word sounds like when read as a word, from the same first sound, at TECH_TERM_SIMILARITY or above; none on a tie. */
function acronymSaidAsWord(word: string): string | undefined {
  const heard = wordPhonemes(word);
  if (heard.length < MIN_PHONEMES) return undefined;
  let best: string | undefined;
  let bestSimilarity = 0;
  let tie = false;
  for (const { term, phonemes } of techTerms()) {
    if (Math.abs(phonemes.length - heard.length) > 1 || phonemes[0] !== heard[0]) continue;
    const similarity = phonemeSimilarity(heard, phonemes);
    if (similarity < TECH_TERM_SIMILARITY || similarity < bestSimilarity) continue;
    tie = similarity === bestSimilarity && term !== best;
    best = term;
    bestSimilarity = similarity;
  }
  return tie ? undefined : best;
}

/**
 * An acronym said as a word, heard as a made-up word ("kuda" -> CUDA, from data/tech-terms.json): the heard word is
 * no English word and no name, it is heard at least MIN_REPEATS times in the stretch, and it sounds like exactly one
 * acronym of the list read as a word. The built-in matcher never grades acronyms by sound (they are usually spelled
 * out letter by letter) nor takes one word alone.
 */
export function writeTechTerms(tokens: Token[]): PassResult {
  const counts = new Map<string, number>();
  const heardAs = (t: Token) => (!t.locked && t.text.length >= MIN_LETTERS && /^[a-z]+$/.test(t.text) ? t.text : undefined);
  for (const t of tokens) {
    const word = heardAs(t);
    if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const found = new Map<string, string | undefined>();
  for (const [word, n] of counts) {
    if (n >= MIN_REPEATS && !isDictionaryWord(word) && !isKnownName(word)) found.set(word, acronymSaidAsWord(word));
  }
  const edits: PassResult['edits'] = [];
  const out = tokens.map((t) => {
    const word = heardAs(t);
    const term = word ? found.get(word) : undefined;
    if (!term) return t;
    edits.push(editFor('vocabulary-tech', [t], term, 0.7));
    return { ...t, text: term, locked: true, proper: true };
  });
  return { tokens: out, edits };
}
