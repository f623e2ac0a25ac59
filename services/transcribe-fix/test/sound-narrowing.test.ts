import { describe, expect, it } from 'vitest';
import { random } from './fix-helpers.ts';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary } from '../src/fix/index.ts';
import { compileVocabulary } from '../src/fix/vocabulary/compile.ts';
import { builtinLexicon, builtinPhonemes, soundOnlyNames } from '../src/fix/vocabulary/lexicon.ts';
import { phonemeDistance, phonemeSet, phonemesWithin } from '../src/fix/vocabulary/phonemes.ts';
import { builtinBySound, BUILTIN_MIN_PHONEMES } from '../src/fix/vocabulary/sounds-like.ts';

const PHONEMES = 'AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW B CH D DH F G HH JH K L M N NG P R S SH T TH V W Y Z ZH'.split(' ');

const pick = <T>(rnd: () => number, xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** `phonemes` with up to `edits` random sounds replaced, dropped or added. */
function mutate(rnd: () => number, phonemes: string[], edits: number): string[] {
  const out = [...phonemes];
  for (let e = Math.floor(rnd() * (edits + 1)); e > 0; e--) {
    const at = Math.floor(rnd() * (out.length + 1));
    const op = rnd();
    if (op < 0.5 && at < out.length) out[at] = pick(rnd, PHONEMES);
    else if (op < 0.75 && at < out.length && out.length > 1) out.splice(at, 1);
    else out.splice(at, 0, pick(rnd, PHONEMES));
  }
  return out;
}

describe('narrowing names by sound before grading them', () => {
  it('keeps every name within the limit (random sounds, shared starts, any limit)', () => {
    const rnd = random(7);
    let within = 0;
    let dropped = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 3 + Math.floor(rnd() * 8);
      // A small alphabet in some trials, so that many names share their starts (and whole names repeat).
      const alphabet = rnd() < 0.5 ? PHONEMES.slice(0, 2 + Math.floor(rnd() * 6)).concat(PHONEMES.slice(20, 23)) : PHONEMES;
      const base = Array.from({ length: n }, () => pick(rnd, alphabet));
      const names = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => {
        const name = rnd() < 0.5 ? [...base] : Array.from({ length: n }, () => pick(rnd, alphabet));
        for (let k = Math.floor(rnd() * n); k < n; k++) if (rnd() < 0.5) name[k] = pick(rnd, alphabet);
        return name;
      });
      const heard = mutate(rnd, rnd() < 0.7 ? pick(rnd, names) : Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pick(rnd, alphabet)), 3);
      const limit = rnd() * 3;
      const found = phonemesWithin(heard, phonemeSet(names, n), limit);
      expect(found).toEqual([...new Set(found)].sort((x, y) => x - y));
      names.forEach((name, i) => {
        const distance = phonemeDistance(heard, name);
        if (distance <= limit) {
          within++;
          expect(found, `${heard.join(' ')} / ${name.join(' ')}: ${distance} <= ${limit}`).toContain(i);
        } else if (!found.includes(i)) dropped++;
      });
    }
    expect(within).toBeGreaterThan(500);
    expect(dropped).toBeGreaterThan(1000);
  });

  it('refuses a name of another length than the set', () => {
    expect(() => phonemeSet([['K', 'AE', 'T'], ['D', 'AO', 'G', 'Z']], 3)).toThrow(/4 phonemes/);
  });

  it('finds exactly the built-in name that grading every name finds', () => {
    const voc = compileVocabulary(buildVocabulary(EpisodeMeta.parse({ show: 'Some Show' }), []));
    const names = [...builtinLexicon(), ...soundOnlyNames()].map((e) => builtinPhonemes(e)).filter((p): p is string[] => !!p && p.length >= BUILTIN_MIN_PHONEMES);
    expect(names.length).toBeGreaterThan(10_000);
    const rnd = random(22);
    // The fixer's bars and filters: any kind, a term of the sound-only list, a cued place; and a few lax ones.
    const searches: [number, 'term' | 'place' | undefined, boolean][] = [[0.86, undefined, false], [0.93, undefined, false], [0.95, 'term', true], [0.78, 'place', true], [0.6, undefined, true]];
    let matched = 0;
    for (let trial = 0; trial < 400; trial++) {
      const heard = mutate(rnd, pick(rnd, names), 3);
      if (heard.length < BUILTIN_MIN_PHONEMES - 1) continue;
      for (const [bar, kind, soundOnly] of searches) {
        const narrowed = builtinBySound(heard, voc, bar, kind, soundOnly);
        const every = builtinBySound(heard, voc, bar, kind, soundOnly, true);
        expect(narrowed?.variant, heard.join(' ')).toBe(every?.variant);
        expect(narrowed?.similarity).toBe(every?.similarity);
        if (every) matched++;
      }
    }
    expect(matched).toBeGreaterThan(300);
  });
});
