import { doubleMetaphone } from 'double-metaphone';
import { foldLetters, spokenWords } from '../text.ts';
import { isFrequentWord, isMostlyCapitalized } from './dictionary.ts';
import type { VocabularyEntry } from './entry.ts';
import { builtinLexicon } from './lexicon.ts';

/** One way a vocabulary entry can be spoken: its whole term, or (for people) one of its names alone. */
export interface Variant {
  entry: VocabularyEntry;
  /** Words written when this variant matches. */
  output: string[];
  /** Folded letters of the spoken form, spaces removed. */
  joined: string;
  /** A partial mention: one name of a person. */
  part: boolean;
  /** How many words the spoken form has ("Stoke-on-Trent" has 3). */
  spokenCount: number;
}

/** Variants indexed by spelling and by sound. */
interface Index {
  byJoined: Map<string, Variant[]>;
  byKey: Map<string, Variant[]>;
  maxJoinedLength: number;
}

/**
 * The vocabulary indexed for lookups by heard form, by spelling and by sound. The built-in lexicon's index is
 * built once per process and shared; the show's own entries are indexed per call (they are few).
 */
export interface CompiledVocabulary {
  own: Index;
  shared: Index;
  /** Known heard forms (glossary), folded words joined by spaces. */
  byHeard: Map<string, Variant>;
  /** One-deletion neighbours of the own vocabulary's long phonetic keys, for near-miss lookups without a scan. */
  byKeyDeletion: Map<string, Variant[]>;
  /** Lengths of the keys in byKeyDeletion's source, to skip near-miss lookups that cannot hit. */
  ownKeyLengths: Set<number>;
  /** Every variant of the show's own entries (metadata and glossary), for graded phonetic matching. */
  ownVariants: Variant[];
  maxJoinedLength: number;
}

const NONE: Variant[] = [];

/** Variants spelled with exactly these folded letters, the show's own first. */
export function variantsBySpelling(voc: CompiledVocabulary, joined: string): Variant[] {
  const own = voc.own.byJoined.get(joined);
  const shared = voc.shared.byJoined.get(joined);
  return own && shared ? [...own, ...shared] : (own ?? shared ?? NONE);
}

/** Variants with this phonetic key, the show's own first. */
export function variantsBySound(voc: CompiledVocabulary, key: string): Variant[] {
  const own = voc.own.byKey.get(key);
  const shared = voc.shared.byKey.get(key);
  return own && shared ? [...own, ...shared] : (own ?? shared ?? NONE);
}

/** Fuzzy lookups are allowed only for keys at least this long: short keys collide with too many words. */
export const FUZZY_KEY_MIN = 5;

/** Double Metaphone codes (primary, alternate) of a letter string, doubled letters collapsed. */
export function phoneticKeys(letters: string): string[] {
  const [primary, secondary] = doubleMetaphone(letters);
  const collapse = (k: string) => k.replace(/(.)\1+/g, '$1');
  const keys = [collapse(primary)];
  const alt = collapse(secondary);
  if (alt !== keys[0]) keys.push(alt);
  return keys.filter((k) => k.length > 0);
}

const wordKeyCache = new Map<string, string[]>();

/** Double Metaphone codes of one word, cached: a transcript repeats the same few thousand words. */
function wordKeys(word: string): string[] {
  let keys = wordKeyCache.get(word);
  if (!keys) {
    if (wordKeyCache.size > 200_000) wordKeyCache.clear();
    keys = doubleMetaphone(word);
    wordKeyCache.set(word, keys);
  }
  return keys;
}

/** Appends `part` to `key`, skipping any letter equal to the one before it (doubled sounds count once). */
function appendCollapsed(key: string, part: string): string {
  let out = key;
  for (const ch of part) if (out[out.length - 1] !== ch) out += ch;
  return out;
}

/** Running phonetic keys of a growing run of words; `next` adds one word. */
export interface SpanKeyState {
  primary: string;
  secondary: string;
}

/** Adds a word to a run's keys: a vowel-initial word's leading "A" is dropped after the first word, as Double Metaphone does inside a word. */
export function extendSpanKeys(state: SpanKeyState | undefined, word: string): SpanKeyState {
  const [p = '', s = ''] = wordKeys(word);
  if (!state) return { primary: appendCollapsed('', p), secondary: appendCollapsed('', s) };
  return {
    primary: appendCollapsed(state.primary, p.startsWith('A') ? p.slice(1) : p),
    secondary: appendCollapsed(state.secondary, s.startsWith('A') ? s.slice(1) : s),
  };
}

/** Phonetic keys of a run of words ("shop if i" -> XPF), built from each word's cached codes. */
export function spanKeys(words: string[]): string[] {
  let state: SpanKeyState | undefined;
  for (const w of words) state = extendSpanKeys(state, w);
  return keysOfState(state);
}

/** The distinct non-empty keys of a run. */
export function keysOfState(state: SpanKeyState | undefined): string[] {
  if (!state || !state.primary) return [];
  return state.secondary && state.secondary !== state.primary ? [state.primary, state.secondary] : [state.primary];
}

/** Every string made by deleting one character of `key`. */
export function deletions(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

const variantCache = new WeakMap<VocabularyEntry, Variant[]>();

function variantsOf(entry: VocabularyEntry): Variant[] {
  const cached = variantCache.get(entry);
  if (cached) return cached;
  const output = entry.term.split(/\s+/);
  const variants: Variant[] = [{ entry, output, joined: foldLetters(entry.term), part: false, spokenCount: spokenWords(entry.term).length }];
  if (entry.kind === 'person' && entry.source !== 'builtin' && output.length > 1) {
    for (const name of output) {
      const joined = foldLetters(name);
      // A name that is also an ordinary word ("Will", "Rose") is never matched alone, unless it is mostly a name ("Graham").
      if (joined.length >= 3 && (!isFrequentWord(joined) || isMostlyCapitalized(joined))) variants.push({ entry, output: [name], joined, part: true, spokenCount: 1 });
    }
  }
  // "Lyrebird Optics" is often just "Lyrebird": a company's distinctive first word, when the rest is ordinary words.
  if (entry.kind !== 'person' && entry.source !== 'builtin' && output.length > 1) {
    const head = foldLetters(output[0]!);
    if (head.length >= 4 && !isFrequentWord(head) && output.slice(1).every((w) => isFrequentWord(foldLetters(w)))) {
      variants.push({ entry, output: [output[0]!], joined: head, part: true, spokenCount: 1 });
    }
  }
  variantCache.set(entry, variants);
  return variants;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function emptyIndex(): Index {
  return { byJoined: new Map(), byKey: new Map(), maxJoinedLength: 0 };
}

function addToIndex(index: Index, variant: Variant): void {
  if (!variant.joined) return;
  index.maxJoinedLength = Math.max(index.maxJoinedLength, variant.joined.length);
  push(index.byJoined, variant.joined, variant);
  if (variant.joined.length < 3) return;
  for (const key of keysOf(variant)) push(index.byKey, key, variant);
}

let sharedIndex: { entries: VocabularyEntry[]; members: Set<VocabularyEntry>; index: Index } | undefined;

/** The built-in lexicon's index, built on first use. */
function builtinIndex(): NonNullable<typeof sharedIndex> {
  const entries = builtinLexicon();
  if (sharedIndex?.entries !== entries) {
    const index = emptyIndex();
    for (const entry of entries) for (const variant of variantsOf(entry)) addToIndex(index, variant);
    sharedIndex = { entries, members: new Set(entries), index };
  }
  return sharedIndex;
}

const compiledCache = new WeakMap<VocabularyEntry[], CompiledVocabulary>();

/**
 * Indexes a vocabulary for matching; cached per vocabulary array. Built-in entries (from buildVocabulary) are
 * looked up in the shared index of the whole built-in lexicon.
 */
export function compileVocabulary(vocabulary: VocabularyEntry[]): CompiledVocabulary {
  const cached = compiledCache.get(vocabulary);
  if (cached) return cached;
  const builtin = builtinIndex();
  let usesShared = false;
  const own = emptyIndex();
  const compiled: CompiledVocabulary = {
    own,
    shared: emptyIndex(),
    byHeard: new Map(),
    byKeyDeletion: new Map(),
    ownKeyLengths: new Set(),
    ownVariants: [],
    maxJoinedLength: 0,
  };
  for (const entry of vocabulary) {
    if (builtin.members.has(entry)) {
      usesShared = true;
      continue;
    }
    const variants = variantsOf(entry);
    for (const heard of entry.heard ?? []) {
      const key = spokenWords(heard).join(' ');
      if (key && !compiled.byHeard.has(key)) compiled.byHeard.set(key, variants[0]!);
    }
    for (const variant of variants) {
      addToIndex(own, variant);
      if (entry.source !== 'builtin' && variant.joined) compiled.ownVariants.push(variant);
      // Near misses are only ever accepted for the show's own names, so only those are indexed for them.
      if (entry.source === 'builtin' || variant.joined.length < 3) continue;
      for (const key of keysOf(variant)) {
        if (key.length < FUZZY_KEY_MIN) continue;
        compiled.ownKeyLengths.add(key.length);
        for (const d of deletions(key)) push(compiled.byKeyDeletion, d, variant);
      }
    }
  }
  if (usesShared) compiled.shared = builtin.index;
  compiled.maxJoinedLength = Math.max(own.maxJoinedLength, compiled.shared.maxJoinedLength);
  compiledCache.set(vocabulary, compiled);
  return compiled;
}

const keyCache = new WeakMap<Variant, string[]>();
function keysOf(variant: Variant): string[] {
  let keys = keyCache.get(variant);
  if (!keys) keyCache.set(variant, (keys = phoneticKeys(variant.joined)));
  return keys;
}
