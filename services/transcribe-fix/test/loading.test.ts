import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWordClusters } from '../src/fix/model/clusters.ts';
import { parseCasingLexicon } from '../src/fix/model/lexicon.ts';
import { foldLetters } from '../src/fix/text.ts';
import { accentedNames, builtinLexicon, soundOnlyNames } from '../src/fix/vocabulary/lexicon.ts';

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

describe('accentedNames (one-word terms skipped before folding)', () => {
  it('is the map the whole pass over every name made, in the same order', () => {
    // The pass as it was: every term folded, one-word forms included.
    const byForm = new Map<string, { term: string; kind: string } | null>();
    for (const entry of [...builtinLexicon(), ...soundOnlyNames()]) {
      for (const term of entry.term.split(' / ')) {
        const form = term.split(/[\s\-–—]+/).map(foldLetters).filter(Boolean).join(' ');
        if (!form) continue;
        const seen = byForm.get(form);
        if (seen === null || (seen && seen.term === term)) continue;
        byForm.set(form, seen ? null : { term, kind: entry.kind });
      }
    }
    const written = (t: string) => /[\u0300-\u0303\u0308\u030a\u030c\u0327\u0328]/u.test(t.normalize('NFD')) && !/[\u0304\u0306\u0307\u0323\u0331]/u.test(t.normalize('NFD'));
    const expected = [...byForm].flatMap(([form, e]) => (e && form.includes(' ') && written(e.term) ? [[form, e.term, e.kind]] : []));
    expect(expected.length).toBeGreaterThan(50);
    expect([...accentedNames()].map(([form, e]) => [form, e.term, e.kind])).toEqual(expected);
  });
});
