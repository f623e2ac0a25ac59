import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { foldLetters } from '../text.ts';
import { compactLookup } from './cmu-compact.mjs';

const require = createRequire(import.meta.url);

/**
 * Pronunciations as ARPABET phonemes without stress: the CMU Pronouncing Dictionary for known words, its words
 * joined for a compound it lacks ("filewright" = file + wright), else letter-to-sound rules (phonemize).
 */
let cmu: ((word: string) => string | undefined) | undefined;
let lts: ((text: string) => string) | undefined;
const dictionary = () => (cmu ??= loadDictionary());

/**
 * Under the built CLI (PODPIPE_BUILT_DIR), the compact copy build.mjs made (cmu-compact.mjs: ~15 ms to load against
 * ~0.2 s of CPU for the package's module, in every pool thread of every process); otherwise, or when it is missing,
 * the package. Both answer the same for every word of letters a–z, the only words looked up.
 */
function loadDictionary(): (word: string) => string | undefined {
  const dir = process.env.PODPIPE_BUILT_DIR;
  if (dir) {
    try {
      return compactLookup(readFileSync(path.join(dir, 'cmu-dictionary.tsv'), 'utf8'));
    } catch {
      // A build without it: the package below.
    }
  }
  const entries = (require('cmu-pronouncing-dictionary') as { dictionary: Record<string, string> }).dictionary;
  return (word) => entries[word];
}
const letterToSound = () => (lts ??= (require('phonemize') as { toARPABET: (text: string) => string }).toARPABET);

const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);
const CONSONANTS = new Set([
  'B', 'CH', 'D', 'DH', 'F', 'G', 'HH', 'JH', 'K', 'L', 'M', 'N', 'NG', 'P', 'R', 'S', 'SH', 'T', 'TH', 'V', 'W', 'Y', 'Z', 'ZH',
]);
/** The letter-to-sound rules' extra symbols, rewritten into the dictionary's set. */
const REWRITE: Record<string, string[]> = { AX: ['AH'], AXR: ['ER'], IX: ['IH'], EL: ['AH', 'L'], EN: ['AH', 'N'], EM: ['AH', 'M'], DX: ['T'], SAW: ['AO'], H: ['HH'] };

function normalize(arpabet: string): string[] {
  const out: string[] = [];
  for (const raw of arpabet.split(/\s+/)) {
    const p = raw.replace(/\d/g, '').toUpperCase();
    if (VOWELS.has(p) || CONSONANTS.has(p)) out.push(p);
    else if (REWRITE[p]) out.push(...REWRITE[p]);
  }
  return out;
}

/** Letters-only words the dictionary knows, at least this long, may make up a compound. */
const MIN_PART = 3;

function fromDictionary(word: string): string[] | undefined {
  const entry = dictionary()(word);
  return entry ? normalize(entry) : undefined;
}

/** A compound of two dictionary words ("pocketsprout", "kernelhouse"), the longest first part first. */
function fromCompound(word: string): string[] | undefined {
  for (let cut = word.length - MIN_PART; cut >= MIN_PART; cut--) {
    const head = fromDictionary(word.slice(0, cut));
    const tail = head && fromDictionary(word.slice(cut));
    if (head && tail) return [...head, ...tail];
  }
  return undefined;
}

/** A plural or possessive of a dictionary word ("nimbles" from "nimble's"): its sound plus a final s/z. */
function fromPlural(word: string): string[] | undefined {
  if (!word.endsWith('s') || word.length < 4) return undefined;
  const stem = fromDictionary(word.slice(0, -1));
  if (!stem) return undefined;
  const last = stem.at(-1)!;
  return [...stem, ['P', 'T', 'K', 'F', 'TH'].includes(last) ? 'S' : 'Z'];
}

const cache = new Map<string, string[]>();

/** The phonemes of one word (any spelling: accents and case are folded), cached. */
export function wordPhonemes(word: string): string[] {
  const folded = foldLetters(word);
  const cached = cache.get(folded);
  if (cached) return cached;
  let phonemes: string[] = [];
  if (folded) {
    if (/^[a-z]+$/.test(folded)) phonemes = fromDictionary(folded) ?? fromPlural(folded) ?? fromCompound(folded) ?? normalize(letterToSound()(folded));
    else phonemes = normalize(letterToSound()(folded));
  }
  // No English word starts with the "ng" sound: a name spelled so ("Ngozi") is said n + g.
  if (phonemes[0] === 'NG') phonemes = ['N', 'G', ...phonemes.slice(1)];
  if (cache.size > 100_000) cache.clear();
  cache.set(folded, phonemes);
  return phonemes;
}

/** The phonemes of several words read together. */
export function phrasePhonemes(words: string[]): string[] {
  return words.flatMap(wordPhonemes);
}

/** Pairs of sounds a recognizer confuses easily, with the cost of taking one for the other (a full miss costs 1). */
const NEAR: [string[], number][] = [
  [['P', 'B'], 0.3], [['T', 'D'], 0.3], [['K', 'G'], 0.3], [['F', 'V'], 0.3], [['S', 'Z'], 0.25], [['TH', 'DH'], 0.2],
  [['CH', 'JH'], 0.3], [['SH', 'ZH'], 0.3], [['SH', 'CH'], 0.4], [['ZH', 'JH'], 0.4], [['S', 'SH'], 0.5], [['TH', 'T'], 0.35],
  [['DH', 'D'], 0.35], [['TH', 'F'], 0.4], [['M', 'N'], 0.4], [['N', 'NG'], 0.3], [['NG', 'G'], 0.5], [['L', 'R'], 0.6],
  [['W', 'V'], 0.5], [['Y', 'IY'], 0.4], [['W', 'UW'], 0.4], [['HH', 'Y'], 0.7],
];
/** Vowels closest to each other: one heard for another costs this; any other vowel for a vowel costs VOWEL_SWAP. */
const NEAR_VOWELS: [string[], number][] = [
  [['AH', 'IH', 'EH', 'ER', 'UH'], 0.3], [['IY', 'IH', 'EY'], 0.3], [['AA', 'AO', 'AH', 'OW'], 0.3], [['UW', 'UH', 'OW'], 0.3],
  [['EY', 'EH', 'AE'], 0.3], [['AY', 'AA', 'IY'], 0.5], [['AW', 'AA', 'OW'], 0.5], [['OY', 'AO', 'IY'], 0.5],
];
const VOWEL_SWAP = 0.55;
const CROSS = 1.2;

/** Every phoneme's index in the cost tables. */
const PHONEMES = [...VOWELS, ...CONSONANTS];
const idOf = new Map(PHONEMES.map((p, i) => [p, i]));
const COUNT = PHONEMES.length;
/** Substitution costs, COUNT x COUNT, filled once. */
const SUBSTITUTION = new Float64Array(COUNT * COUNT);
/** Gap costs by phoneme index. */
const GAP = new Float64Array(COUNT);

function substitutionCost(a: string, b: string, near: Map<string, number>): number {
  if (a === b) return 0;
  const known = near.get(`${a} ${b}`);
  if (known !== undefined) return known;
  const av = VOWELS.has(a);
  if (av !== VOWELS.has(b)) return CROSS;
  return av ? VOWEL_SWAP : 1;
}

/** Cost of a sound heard that the name lacks, or of a sound of the name not heard: weak sounds are dropped easily. */
function gapCost(p: string): number {
  if (p === 'AH' || p === 'IH' || p === 'HH') return 0.35;
  if (VOWELS.has(p)) return 0.55;
  if (p === 'Y' || p === 'W' || p === 'R' || p === 'L' || p === 'T' || p === 'D') return 0.7;
  return 0.9;
}

{
  const near = new Map<string, number>();
  for (const [group, cost] of [...NEAR, ...NEAR_VOWELS]) {
    for (const a of group) for (const b of group) if (a !== b) near.set(`${a} ${b}`, Math.min(cost, near.get(`${a} ${b}`) ?? 1));
  }
  for (let i = 0; i < COUNT; i++) {
    GAP[i] = gapCost(PHONEMES[i]!);
    for (let j = 0; j < COUNT; j++) SUBSTITUTION[i * COUNT + j] = substitutionCost(PHONEMES[i]!, PHONEMES[j]!, near);
  }
}

let prev = new Float64Array(64);
let cur = new Float64Array(64);
let idsB = new Int32Array(64);

/** Weighted edit distance between two phoneme strings (near sounds and weak sounds cost less). */
export function phonemeDistance(a: string[], b: string[]): number {
  return phonemeDistanceWithin(a, b, Infinity);
}

/** The weighted edit distance, or Infinity as soon as it is sure to exceed `limit` (every cell of a row is past it). */
export function phonemeDistanceWithin(a: string[], b: string[], limit: number): number {
  if (prev.length <= b.length) (prev = new Float64Array(b.length + 1)), (cur = new Float64Array(b.length + 1)), (idsB = new Int32Array(b.length + 1));
  for (let j = 0; j < b.length; j++) idsB[j] = idOf.get(b[j]!)!;
  prev[0] = 0;
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1]! + GAP[idsB[j - 1]!]!;
  for (let i = 1; i <= a.length; i++) {
    const ai = idOf.get(a[i - 1]!)!;
    const drop = GAP[ai]!;
    const row = ai * COUNT;
    cur[0] = prev[0]! + drop;
    let rowMin = cur[0]!;
    for (let j = 1; j <= b.length; j++) {
      const bj = idsB[j - 1]!;
      cur[j] = Math.min(prev[j - 1]! + SUBSTITUTION[row + bj]!, prev[j]! + drop, cur[j - 1]! + GAP[bj]!);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > limit) return Infinity;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** The cheapest gap: every sound heard beyond a name's count (or missing from it) costs at least this. */
const MIN_GAP = Math.min(...GAP);
/** Past the bar by more than rounding could explain: only then is a name dropped unheard (see `phonemesWithin`). */
const ROUNDING = 1e-9;

/** Names of one phoneme count, sorted by their sounds, so that names sharing a start share its distance columns. */
export interface PhonemeSet {
  /** The phoneme count of every name in the set. */
  length: number;
  /** Each name's phoneme ids, in sorted order. */
  ids: Uint8Array[];
  /** How many leading sounds each name shares with the one before it (sorted order). */
  shared: Uint8Array;
  /** At [j * size + k]: the first name after the k-th (sorted order) that does not share its first j sounds. */
  past: Int32Array;
  /** Each sorted name's index in the list the set was built from. */
  order: Int32Array;
}

/** The set of `names` (all of `length` phonemes) for `phonemesWithin`. */
export function phonemeSet(names: string[][], length: number): PhonemeSet {
  const coded = names.map((name, index) => {
    if (name.length !== length) throw new Error(`phonemeSet: a name of ${name.length} phonemes in a set of ${length}`);
    return { ids: Uint8Array.from(name, (p) => idOf.get(p)!), index };
  });
  coded.sort((x, y) => {
    for (let k = 0; k < length; k++) if (x.ids[k] !== y.ids[k]) return x.ids[k]! - y.ids[k]!;
    return x.index - y.index;
  });
  const size = coded.length;
  const shared = new Uint8Array(size);
  for (let i = 1; i < size; i++) {
    let k = 0;
    while (k < length && coded[i]!.ids[k] === coded[i - 1]!.ids[k]) k++;
    shared[i] = k;
  }
  const past = new Int32Array((length + 1) * size);
  for (let j = 1; j <= length; j++) {
    const row = j * size;
    if (size) past[row + size - 1] = size;
    for (let k = size - 2; k >= 0; k--) past[row + k] = shared[k + 1]! < j ? k + 1 : past[row + k + 1]!;
  }
  return { length, ids: coded.map((c) => c.ids), shared, past, order: Int32Array.from(coded, (c) => c.index) };
}

let columns = new Float64Array(64 * 16);

/**
 * The names of `set` whose weighted distance from `heard` may be within `limit` (indexes into the list the set was
 * built from, ascending): every name within it is among them, most others are not. The distance is filled column by
 * column along the name, names in sorted order reusing the columns of the start they share with the name before; a
 * start whose best cell plus the cheapest gaps its count difference still needs is past the limit drops every name
 * that shares it. The same cells as `phonemeDistanceWithin`, so the caller grades the few left with it and gets
 * exactly what grading every name would have given.
 */
export function phonemesWithin(heard: string[], set: PhonemeSet, limit: number): number[] {
  const m = heard.length;
  const n = set.length;
  const size = set.ids.length;
  const rows = m + 1;
  if (columns.length < rows * (n + 1)) columns = new Float64Array(rows * (n + 1) * 2);
  const col = columns;
  const a = new Int32Array(m);
  for (let i = 0; i < m; i++) a[i] = idOf.get(heard[i]!)!;
  const bar = limit + ROUNDING;
  col[0] = 0;
  for (let i = 1; i <= m; i++) col[i] = col[i - 1]! + GAP[a[i - 1]!]!;
  const found: number[] = [];
  /** Columns 1..ready hold the distances of the current name's first `ready` sounds. */
  let ready = 0;
  let k = 0;
  while (k < size) {
    const shared = set.shared[k]!;
    if (ready > shared) ready = shared;
    const b = set.ids[k]!;
    let dead = 0;
    while (ready < n) {
      const j = ready + 1;
      const bj = b[j - 1]!;
      const insert = GAP[bj]!;
      const before = (j - 1) * rows;
      const here = j * rows;
      col[here] = col[before]! + insert;
      // Every path from (i, j) to the end still needs |(m - i) - (n - j)| gaps.
      let least = col[here]! + MIN_GAP * Math.abs(m - (n - j));
      for (let i = 1; i <= m; i++) {
        const ai = a[i - 1]!;
        const cell = Math.min(col[before + i - 1]! + SUBSTITUTION[ai * COUNT + bj]!, col[here + i - 1]! + GAP[ai]!, col[before + i]! + insert);
        col[here + i] = cell;
        const bound = cell + MIN_GAP * Math.abs(m - i - (n - j));
        if (bound < least) least = bound;
      }
      ready = j;
      if (least > bar) {
        dead = j;
        break;
      }
    }
    if (dead) {
      // Every name that shares this start is past the limit too.
      k = set.past[dead * size + k]!;
    } else {
      found.push(set.order[k]!);
      k++;
    }
  }
  return found.sort((x, y) => x - y);
}

/** 1 when `heard` sounds exactly like `name`, falling with the weighted distance per sound of the name. */
export function phonemeSimilarity(heard: string[], name: string[]): number {
  if (!name.length) return 0;
  return 1 - phonemeDistance(heard, name) / name.length;
}
