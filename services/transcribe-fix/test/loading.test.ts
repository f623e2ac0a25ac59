import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWordClusters } from '../src/fix/model/clusters.ts';
import { parseCasingLexicon } from '../src/fix/model/lexicon.ts';
import { foldLetters } from '../src/fix/text.ts';
import { builtinLexicon, soundOnlyNames } from '../src/fix/vocabulary/lexicon.ts';

const model = (file: string) => JSON.parse(readFileSync(new URL(`../src/fix/model/${file}`, import.meta.url), 'utf8')) as unknown;

describe('shipped model files, checked without a schema library (what every pool thread loads at start)', () => {
  it('the casing lexicon reads as the schema reads it, and a wrong shape is refused', () => {
    const raw = model('casing-lexicon.json');
    const ref = z.object({ words: z.record(z.string(), z.string()), pairs: z.record(z.string(), z.string()) }).parse(raw);
    const got = parseCasingLexicon(raw);
    expect([...got.words]).toEqual(Object.entries(ref.words));
    expect([...got.pairs]).toEqual(Object.entries(ref.pairs));
    expect(got.words.size).toBeGreaterThan(1000);
    for (const bad of [null, [], { words: {} }, { words: { a: 'A' }, pairs: { 'a b': 3 } }, { words: [], pairs: {} }, { words: { a: null }, pairs: {} }]) {
      expect(() => parseCasingLexicon(bad), JSON.stringify(bad)).toThrow(/casing lexicon/);
    }
  });

  it('the word clusters read as the schema reads them, and a wrong shape is refused', () => {
    const raw = model('word-clusters.json');
    const ref = z.record(z.string(), z.number().int().nonnegative()).parse(raw);
    expect([...parseWordClusters(raw)]).toEqual(Object.entries(ref));
    for (const bad of [null, [], { a: -1 }, { a: 1.5 }, { a: '3' }, { a: Number.NaN }, { a: 2 ** 60 }]) {
      expect(() => parseWordClusters(bad), JSON.stringify(bad)).toThrow(/word clusters/);
    }
  });
});

describe('foldLetters (ASCII taken straight to lowercase)', () => {
  const reference = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');

  it('folds every built-in name as normalising first does', () => {
    const terms = [...builtinLexicon(), ...soundOnlyNames()].map((e) => e.term);
    expect(terms.length).toBeGreaterThan(20_000);
    expect(terms.filter((t) => foldLetters(t) !== reference(t))).toEqual([]);
  });

  it('folds mixed and odd text as normalising first does', () => {
    const samples = ['São Paulo', 'Glaze & Co', 'ﬁnance', 'Ⅻ Street', 'İstanbul', 'Ǆemal', 'AT&T', 'x\u0301y', '', '  ', '½ off', 'Straße', 'Ωmega', 'ÆON', 'K\u0130LO', '\u00a0a\u2003b'];
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      let s = '';
      for (let i = 0; i < 8; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const r = seed % 6;
        s += String.fromCharCode(r < 3 ? 32 + (seed >>> 8) % 95 : r < 5 ? 0xa0 + (seed >>> 8) % 0x1f0 : 0x300 + (seed >>> 8) % 0x70);
      }
      samples.push(s);
    }
    expect(samples.filter((t) => foldLetters(t) !== reference(t))).toEqual([]);
  });
});
