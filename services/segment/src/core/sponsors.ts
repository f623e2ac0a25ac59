/**
 * Sponsor names heard however the recognizer spelled them: "Colonel house" for Kernelhouse, "liar bird" for
 * Lyrebird, "stub house.com" for StubHaus. A graded match: spelling folded towards sound, then an edit distance that
 * charges little for vowels, within a share of the name's length.
 */
import { squash } from './text.ts';

const foldCache = new Map<string, string>();

/** Letters folded towards how they sound, so spelling variants of one sound meet. Cached. */
export function soundFold(word: string): string {
  let folded = foldCache.get(word);
  if (folded === undefined) {
    folded = fold(word);
    if (foldCache.size < 100_000) foldCache.set(word, folded);
  }
  return folded;
}

function fold(word: string): string {
  return squash(word)
    .replace(/^wr/, 'r')
    .replace(/^kn/, 'n')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const isVowel = (c: string) => VOWELS.has(c);

/** Edit distance where a vowel for a vowel costs 0.4, adding or dropping a vowel 0.5, anything else 1. */
export function soundDistance(a: string, b: string): number {
  const m = b.length;
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1]! + (isVowel(b[j - 1]!) ? 0.5 : 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a[i - 1]!;
    const del = isVowel(ca) ? 0.5 : 1;
    cur[0] = prev[0]! + del;
    for (let j = 1; j <= m; j++) {
      const cb = b[j - 1]!;
      const sub = ca === cb ? 0 : isVowel(ca) && isVowel(cb) ? 0.4 : 1;
      cur[j] = Math.min(prev[j - 1]! + sub, prev[j]! + del, cur[j - 1]! + (isVowel(cb) ? 0.5 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m]!;
}

/** Share of a name's folded length that the heard form may differ by. */
const TOLERANCE = 0.22;
/** Folded names shorter than this must be heard exactly. */
const SHORTEST_FUZZY = 5;

interface Key {
  name: string;
  key: string;
}

const keyCache = new Map<string, Key[]>();

/** What each sponsor can be heard as: its whole name, and its first word when that is distinctive on its own. */
function keysOf(sponsors: string[]): Key[] {
  const cacheKey = sponsors.join('\n');
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const keys: Key[] = [];
  for (const name of sponsors) {
    keys.push({ name, key: soundFold(name) });
    const first = name.split(/[\s&]+/)[0] ?? '';
    if (first !== name && soundFold(first).length >= 6) keys.push({ name, key: soundFold(first) });
  }
  const usable = keys.filter((k) => k.key.length >= 3);
  if (keyCache.size < 100) keyCache.set(cacheKey, usable);
  return usable;
}

const close = (heard: string, key: string) => {
  if (heard === key) return true;
  if (key.length < SHORTEST_FUZZY || heard[0] !== key[0] || Math.abs(heard.length - key.length) > key.length * 0.35) return false;
  return soundDistance(heard, key) <= Math.max(1, TOLERANCE * key.length);
};

/** Where a sponsor is named in a run of words: the word positions [from, to] and the sponsor, or null. */
export interface SponsorHit {
  from: number;
  to: number;
  name: string;
}

/**
 * Every mention of a sponsor in the words (normalized or as written), across word splits and merges, web addresses
 * ("glazeandco.com") and near mishearings.
 */
export function sponsorHits(words: string[], sponsors: string[]): SponsorHit[] {
  const keys = keysOf(sponsors);
  if (keys.length === 0) return [];
  // a web address counts by its host's first label ("kinetic.co/pitch" → "kinetic")
  const folded = words.map((w) => soundFold(w.split(/[./]/).find((p) => p.length > 0) ?? w));
  const hits: SponsorHit[] = [];
  for (let i = 0; i < folded.length; i++) {
    let joined = '';
    for (let j = i; j < Math.min(folded.length, i + 3); j++) {
      joined += folded[j]!;
      const key = keys.find((k) => close(joined, k.key));
      if (key) {
        hits.push({ from: i, to: j, name: key.name });
        i = j;
        break;
      }
    }
  }
  return hits;
}

/** The sponsor named in a sentence's words, or null. */
export function sponsorIn(words: string[], sponsors: string[]): string | null {
  return sponsorHits(words, sponsors)[0]?.name ?? null;
}
