import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactLookup, encodeCmu } from '../src/fix/vocabulary/cmu-compact.mjs';

const require = createRequire(import.meta.url);
const { dictionary } = require('cmu-pronouncing-dictionary') as { dictionary: Record<string, string> };

describe('the CMU dictionary in compact form (what built worker threads load)', () => {
  const lookup = compactLookup(encodeCmu(dictionary));

  it('answers every entry of the package as the package does', () => {
    const words = Object.keys(dictionary);
    expect(words.length).toBeGreaterThan(130_000);
    let differ = 0;
    for (const w of words) if (lookup(w) !== dictionary[w]) differ++;
    expect(differ).toBe(0);
  });

  it('has no entry for words the package lacks, and no prototype names', () => {
    // Parts and extensions of real entries (what compound and plural look-ups try), and invented words.
    const probes = ['zzzqx', 'a', 'aa', 'aaaa', 'pocketsprout', 'kernelhous', 'tostring', 'valueof', 'hasownproperty', 'zyzzyvas', ''];
    for (const w of Object.keys(dictionary).slice(0, 5000)) probes.push(`${w}q`, w.slice(0, -1), `${w}${w}`);
    let differ = 0;
    for (const w of probes) if (lookup(w) !== (Object.hasOwn(dictionary, w) ? dictionary[w] : undefined)) differ++;
    expect(differ).toBe(0);
    expect(lookup('constructor')).toBe(dictionary.constructor);
  });

  it('finds entries at both ends and beside each other (the search by halves)', () => {
    const small = { b: 'B IY1', ab: 'AE1 B', a: 'AH0', abc: 'EY1 B IY1 S IY1', c: 'S IY1' };
    const find = compactLookup(encodeCmu(small));
    for (const [w, p] of Object.entries(small)) expect(find(w)).toBe(p);
    for (const w of ['', 'aa', 'abd', 'bb', 'd', '0']) expect(find(w)).toBeUndefined();
    expect(compactLookup('')('a')).toBeUndefined();
  });

  it('refuses an entry it could not store', () => {
    expect(() => encodeCmu({ 'a\tb': 'AH0' })).toThrow(/tab or newline/);
  });

  it('the build\'s copy, when there is one, is this encoding of the installed package', () => {
    const built = path.resolve(import.meta.dirname, '../../control/dist/cmu-dictionary.tsv');
    if (!existsSync(built)) return;
    expect(readFileSync(built, 'utf8') === encodeCmu(dictionary)).toBe(true);
  });
});
