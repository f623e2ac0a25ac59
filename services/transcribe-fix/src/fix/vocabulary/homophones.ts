import { doubleMetaphone } from 'double-metaphone';
import { englishTrigramLm } from '../model/boundary-lm.ts';
import type { TrigramLm } from '../model/trigram-lm.ts';
import type { Token } from '../token.ts';
import { editFor, type PassResult } from '../tokens.ts';
import { plainWord } from '../text.ts';
import { isDictionaryWord, isKnownName, knownNames, wordRank } from './dictionary.ts';
import { phonemeSimilarity, wordPhonemes } from './phonemes.ts';

/**
 * How much likelier (natural log) the trigram model must find the words around a heard word with the name in its
 * place ("a roth ira" against "a wrath ira": 15 nats): the words around then say the name is meant.
 */
export const LM_NAME_MARGIN = 10;
/** How close a name must sound to the heard word (one vowel apart: "wrath", Roth). */
const NAME_SIMILARITY = 0.65;
/** Shortest heard word read this way: shorter ones sound like too many names. */
const MIN_LETTERS = 4;
/**
 * Most frequent words (spoken rank) never read this way: a word this common is heard right far more often than it
 * stands for a name, and they are most of a transcript's words, each costing a trigram window per sound-alike name.
 */
const RARE_FROM_RANK = 3000;
const ENDS = new Set(['.', '?', '!']);

let byKey: Map<string, string[]> | undefined;
/**
 * The people-names list's names (first names and surnames that are no ordinary word) that the trigram model knows,
 * by their Double Metaphone keys: built once, on first use.
 */
function namesByKey(lm: TrigramLm): Map<string, string[]> {
  if (byKey) return byKey;
  byKey = new Map();
  for (const name of knownNames()) {
    if (name.length < MIN_LETTERS - 1 || !/^[a-z]+$/.test(name) || lm.idOf(name) < 0) continue;
    for (const key of new Set(doubleMetaphone(name))) (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(name);
  }
  return byKey;
}

/** The model's word at token k: -1 past a sentence end or a change of speaker, or for a word it does not know. */
function wordAt(lm: TrigramLm, tokens: Token[], k: number, from: number): number {
  const t = tokens[k];
  if (!t || t.speaker !== tokens[from]!.speaker) return -1;
  // Nothing is read across a sentence end on either side of the heard word.
  const [a, b] = k < from ? [k, from] : [from, k];
  for (let j = a; j < b; j++) if (ENDS.has(tokens[j]!.punct)) return -1;
  return lm.idOf(plainWord(t.text));
}

/** Log probability of the trigram window around token i with `word` in its place: the word and the two after it. */
function windowScore(lm: TrigramLm, tokens: Token[], i: number, word: number): number {
  const h2 = wordAt(lm, tokens, i - 2, i);
  const h1 = wordAt(lm, tokens, i - 1, i);
  const n1 = wordAt(lm, tokens, i + 1, i);
  const n2 = n1 < 0 ? -1 : wordAt(lm, tokens, i + 2, i);
  let score = lm.logProb(word, h1, h1 < 0 ? -1 : h2);
  if (n1 >= 0) score += lm.logProb(n1, word, h1);
  if (n2 >= 0) score += lm.logProb(n2, n1, word);
  return score;
}

interface Reading {
  name: string;
  margin: number;
}

/** Per heard word: the names of the list that sound like it (NAME_SIMILARITY), with their model ids. A thread's cache: a word's answer never changes. */
const soundAlikes = new Map<string, { name: string; id: number }[]>();

function soundAlikeNames(lm: TrigramLm, word: string): { name: string; id: number }[] {
  let found = soundAlikes.get(word);
  if (found) return found;
  const names = new Set(doubleMetaphone(word).flatMap((key) => namesByKey(lm).get(key) ?? []));
  const heard = names.size ? wordPhonemes(word) : [];
  found = [...names].filter((name) => name !== word && phonemeSimilarity(heard, wordPhonemes(name)) >= NAME_SIMILARITY).map((name) => ({ name, id: lm.idOf(name) }));
  soundAlikes.set(word, found);
  return found;
}

/** The sound-alike name the words around token i prefer most to the heard word, with by how much. */
function bestNameAt(lm: TrigramLm, tokens: Token[], i: number, word: string): Reading | undefined {
  const heardId = lm.idOf(word);
  if (heardId < 0) return undefined;
  const names = soundAlikeNames(lm, word);
  if (!names.length) return undefined;
  const base = windowScore(lm, tokens, i, heardId);
  let best: Reading | undefined;
  for (const { name, id } of names) {
    const margin = windowScore(lm, tokens, i, id) - base;
    if (!best || margin > best.margin) best = { name, margin };
  }
  return best;
}

const capitalize = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/**
 * An ordinary word heard where a name of the people-names list that sounds like it belongs ("a wrath ira" -> Roth
 * IRA): the generic trigram model finds the words around far likelier with the name (LM_NAME_MARGIN). Once it has
 * said so somewhere in the stretch, the same heard word becomes the same name wherever the model does not prefer
 * the word to that name ("go wrath younger": a name is said again, and those places alone carry no evidence either way). Without
 * the Debian model nothing is written.
 */
export function writeLmHomophones(tokens: Token[], lm: TrigramLm | null = englishTrigramLm() ?? null): PassResult {
  if (!lm) return { tokens, edits: [] };
  const confirmed = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.locked || !/^[a-z]+$/.test(t.text) || t.text.length < MIN_LETTERS) continue;
    if (!isDictionaryWord(t.text) || isKnownName(t.text) || wordRank(t.text) < RARE_FROM_RANK) continue;
    const reading = bestNameAt(lm, tokens, i, t.text);
    if (reading && reading.margin >= LM_NAME_MARGIN) confirmed.set(t.text, reading.name);
  }
  if (!confirmed.size) return { tokens, edits: [] };
  const edits: PassResult['edits'] = [];
  const out = tokens.map((t, i) => {
    const name = confirmed.get(t.text);
    // Elsewhere the model need only not prefer the heard word to that name.
    if (!name || t.locked || windowScore(lm, tokens, i, lm.idOf(name)) < windowScore(lm, tokens, i, lm.idOf(t.text))) return t;
    const text = capitalize(name);
    edits.push(editFor('context-lm', [t], text, 0.7));
    return { ...t, text, locked: true, proper: true };
  });
  return { tokens: out, edits };
}
