import { describe, expect, it } from 'vitest';
import { editDistance, foldLetters, spellingSimilarity, spokenWords } from '../src/fix/text.ts';
import { phoneticKeys, spanKeys } from '../src/fix/vocabulary/compile.ts';
import { isDictionaryWord, isKnownName } from '../src/fix/vocabulary/dictionary.ts';

describe('spelling helpers', () => {
  it('folds accents, case, "&" and word breaks', () => {
    expect(foldLetters('Lucía Fernández-Ortega')).toBe('luciafernandezortega');
    expect(foldLetters('Glaze & Co')).toBe('glazeandco');
    expect(spokenWords('Stoke-on-Trent')).toEqual(['stoke', 'on', 'trent']);
  });

  it('measures edit distance and similarity', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('a'.repeat(80), 'b'.repeat(70))).toBe(80);
    expect(spellingSimilarity('shopifi', 'shopify')).toBeCloseTo(6 / 7);
  });
});

describe('phonetic keys', () => {
  it('gives a run of words the key of the joined name', () => {
    expect(spanKeys(['shop', 'if', 'i'])).toContain(phoneticKeys('shopify')[0]);
    expect(spanKeys(['andrew', 'eng'])).toContain(phoneticKeys('andrewng')[0]);
    expect(spanKeys(['at', 'see'])).toContain(phoneticKeys('etsy')[0]);
    expect(spanKeys(['at', 'sea', 'level'])).not.toContain(phoneticKeys('etsy')[0]);
  });
});

describe('dictionary', () => {
  it('knows ordinary words, their plurals and contractions, and tells first names apart', () => {
    for (const w of ['okay', 'no', 'general', 'south', "it's", 'brand-new', 'mugs']) expect(isDictionaryWord(w)).toBe(true);
    for (const w of ['coursera', 'etsy', 'lucia', 'clavio']) expect(isDictionaryWord(w)).toBe(false);
    expect(isKnownName('fiona')).toBe(true);
    expect(isKnownName('table')).toBe(false);
  });
});
