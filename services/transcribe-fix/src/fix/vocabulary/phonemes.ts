import { createRequire } from 'node:module';
import { foldLetters } from '../text.ts';

const require = createRequire(import.meta.url);

/**
 * Pronunciations as ARPABET phonemes without stress: the CMU Pronouncing Dictionary for known words, its words
 * joined for a compound it lacks ("filewright" = file + wright), else letter-to-sound rules (phonemize).
 */
let cmu: Record<string, string> | undefined;
let lts: ((text: string) => string) | undefined;
const dictionary = () => (cmu ??= (require('cmu-pronouncing-dictionary') as { dictionary: Record<string, string> }).dictionary);
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
  const entry = dictionary()[word];
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

/** 1 when `heard` sounds exactly like `name`, falling with the weighted distance per sound of the name. */
export function phonemeSimilarity(heard: string[], name: string[]): number {
  if (!name.length) return 0;
  return 1 - phonemeDistance(heard, name) / name.length;
}
