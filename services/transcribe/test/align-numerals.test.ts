import { describe, expect, it } from 'vitest';
import { interpolateGaps, makeRoom, type Span } from '../src/align/interpolate.ts';
import { buildLexicon, dictionaryKey } from '../src/align/lexicon.ts';
import { MAX_FORMS, spokenForms } from '../src/align/numerals.ts';
import { DEFAULT_MODEL_DIR, loadDictionary } from '../src/align/sphinx.ts';

const said = (key: string) => spokenForms(key).map((form) => form.join(' '));

describe('spokenForms', () => {
  it('reads a year in pairs, in hundreds and in full', () => {
    expect(said('1840')).toEqual(expect.arrayContaining(['eighteen forty', 'eighteen hundred forty', 'eighteen hundred and forty', 'one thousand eight hundred forty']));
    expect(said('1907')).toEqual(expect.arrayContaining(['nineteen oh seven', 'one thousand nine hundred seven', 'nineteen hundred and seven']));
    expect(said('2024')).toEqual(expect.arrayContaining(['twenty twenty four', 'two thousand twenty four', 'two thousand and twenty four']));
    expect(said('1900')).toEqual(expect.arrayContaining(['nineteen hundred', 'one thousand nine hundred']));
    expect(said('2024')).not.toContain('twenty hundred twenty four');
  });

  it('reads cardinals with and without "and", with "a" for one, and codes digit by digit', () => {
    expect(said('412')).toEqual(expect.arrayContaining(['four hundred twelve', 'four hundred and twelve', 'four twelve', 'four one two']));
    expect(said('150')).toEqual(expect.arrayContaining(['one hundred fifty', 'a hundred and fifty']));
    expect(said('30,000')).toEqual(['thirty thousand']);
    expect(said('1,500')).toEqual(expect.arrayContaining(['one thousand five hundred', 'fifteen hundred', 'a thousand five hundred']));
    expect(said('250,000')).toEqual(expect.arrayContaining(['two hundred fifty thousand', 'two hundred and fifty thousand']));
    expect(said('2005')).toEqual(expect.arrayContaining(['two thousand and five', 'twenty oh five']));
    expect(said('02')).toEqual(expect.arrayContaining(['oh two', 'zero two']));
    expect(said('0')).toEqual(['zero']);
  });

  it('reads plurals, ordinals, decimals, percentages, money, clock times and multipliers', () => {
    expect(said('1840s')).toContain('eighteen forties');
    expect(said('80s')).toEqual(['eighties']);
    expect(said('1900s')).toContain('nineteen hundreds');
    expect(said('4th')).toEqual(['fourth']);
    expect(said('2nd')).toEqual(['second']);
    expect(said('29th')).toEqual(['twenty ninth']);
    expect(said('20th')).toEqual(['twentieth']);
    expect(said('4.8')).toEqual(['four point eight']);
    expect(said('27%')).toEqual(['twenty seven percent']);
    expect(said('0.9%')).toEqual(expect.arrayContaining(['zero point nine percent', 'point nine percent']));
    expect(said('$4.99')).toEqual(expect.arrayContaining(['four ninety nine', 'four dollars and ninety nine cents']));
    expect(said('$1.10')).toEqual(expect.arrayContaining(['a dollar ten', 'one dollar and ten cents']));
    // never the bare amount: the decoder would end "$6" after "six" and lay "dollars" on the next word
    expect(said('$2')).toEqual(['two dollars']);
    expect(said('$1')).toContain('one dollar');
    expect(said('£5')).toContain('five pounds');
    expect(said('3:00')).toEqual(expect.arrayContaining(["three o'clock", 'three']));
    expect(said('9:05')).toEqual(['nine oh five']);
    expect(said('10x')).toEqual(['ten x', 'ten times']);
    expect(said('3x3')).toEqual(['three by three', 'three x three']);
  });

  it('reads compounds and letters mixed with digits part by part', () => {
    expect(said('24-billion-parameter')).toEqual(['twenty four billion parameter']);
    expect(said('w-2')).toEqual(['w two']);
    expect(said('3-4-2-1')).toEqual(['three four two one']);
    expect(said('7b')).toEqual(['seven b']);
    expect(said('cs2')).toEqual(['c s two', 'cs two']);
  });

  it('offers at most MAX_FORMS readings, none twice, and none for a word without digits', () => {
    for (const key of ['1840', '1,143', '$1,500', '192', '2023-24', '1840s']) {
      const forms = said(key);
      expect(forms.length).toBeGreaterThan(0);
      expect(forms.length).toBeLessThanOrEqual(MAX_FORMS);
      expect(new Set(forms).size).toBe(forms.length);
    }
    expect(spokenForms('hello')).toEqual([]);
  });
});

describe('the lexicon for numbers', () => {
  it('keeps the marks that change how a number is said, and only those', () => {
    expect(dictionaryKey('$4.99,')).toBe('$4.99');
    expect(dictionaryKey('27%.')).toBe('27%');
    expect(dictionaryKey('3:00')).toBe('3:00');
    expect(dictionaryKey('30,000')).toBe('30,000');
    expect(dictionaryKey('1840.')).toBe('1840');
    expect(dictionaryKey('U.S.')).toBe('us');
    expect(dictionaryKey('$')).toBeNull();
    expect(dictionaryKey('%')).toBeNull();
    expect(dictionaryKey('well:')).toBe('well');
  });

  it('gives a number every reading cmudict can pronounce, as alternative pronunciations, without letter-to-sound', async () => {
    const dict = loadDictionary(DEFAULT_MODEL_DIR);
    const asked: string[][] = [];
    const lexicon = await buildLexicon(['In', '1840,', 'she', 'paid', '$4.99'], dict, async (words) => {
      asked.push(words);
      return null;
    });
    expect(asked).toEqual([]);
    expect(lexicon.keys).toEqual(['in', '1840', 'she', 'paid', '$4.99']);
    const lines = lexicon.dictText.split('\n').filter((l) => l.startsWith('1840'));
    const pron = (words: string) => words.split(' ').map((w) => dict.get(w)![0]).join(' ');
    expect(lines).toContain(`1840 ${pron('eighteen forty')}`);
    expect(lines).toContain(`1840(2) ${pron('eighteen hundred forty')}`);
    expect(lines.map((l) => l.slice(l.indexOf(' ') + 1))).toContain(pron('one thousand eight hundred forty'));
    expect(lexicon.dictText).toContain(pron('four dollars and ninety nine cents'));
    // the longest reading sets how long the word may last
    expect(lexicon.phones.get('1840')).toBe(pron('one thousand eight hundred and forty').split(' ').length);
    expect(lexicon.phones.get('she')).toBe(2);
  });
});

describe('makeRoom', () => {
  const texts = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`);
  const span = (start: number, end: number): Span => ({ start, end });

  it('keeps placed words whose gaps leave room and a word collapsed alone, and nulls words collapsed in a row', () => {
    const placed = [span(0, 0.3), span(0.3, 0.3), span(0.4, 0.6), null, null, span(2, 2.3), span(2.5, 2.5), span(2.5, 2.5), span(2.7, 3)];
    expect(makeRoom(texts(9), placed, 3)).toEqual([span(0, 0.3), span(0.3, 0.3), span(0.4, 0.6), null, null, span(2, 2.3), null, null, span(2.7, 3)]);
  });

  it('takes room for a crowded run from the slower side, until every word has 0.1 s', () => {
    // words 0–9 at a normal pace, 10–13 stretched (a decoder that read on too long), 14–25 collapsed at 4.75 s,
    // 26–35 at a normal pace again
    const placed: (Span | null)[] = [];
    for (let i = 0; i < 10; i++) placed.push(span(i * 0.3, i * 0.3 + 0.28));
    for (let i = 0; i < 4; i++) placed.push(span(3 + i * 0.45, 3 + i * 0.45 + 0.4));
    for (let i = 0; i < 12; i++) placed.push(span(4.75, 4.75));
    for (let i = 0; i < 10; i++) placed.push(span(4.75 + i * 0.3, 4.75 + i * 0.3 + 0.28));
    const kept = makeRoom(texts(36), placed, 8);
    // the stretched words gave their time; the normal words on either side kept theirs
    for (let i = 10; i < 26; i++) expect(kept[i]).toBeNull();
    for (let i = 0; i < 10; i++) expect(kept[i]).toEqual(placed[i]);
    for (let i = 26; i < 36; i++) expect(kept[i]).toEqual(placed[i]);
    const out = interpolateGaps(texts(36), kept, 8);
    for (let i = 10; i < 26; i++) {
      expect(out[i]!.end - out[i]!.start).toBeGreaterThanOrEqual(0.1);
      expect(out[i]!.start).toBeGreaterThanOrEqual(out[i - 1]!.end - 1e-9);
    }
    expect(out[25]!.end).toBeLessThanOrEqual(4.75 + 1e-9);
  });

  it('takes from the right when the right side is the slower one, and stops at the audio edges', () => {
    const placed: (Span | null)[] = [span(0, 0.3), span(0.3, 0.6), span(0.6, 0.6), span(0.6, 0.6), span(0.6, 0.6), span(0.6, 2.6), span(2.6, 4.6)];
    expect(makeRoom(texts(7), placed, 5)).toEqual([span(0, 0.3), span(0.3, 0.6), null, null, null, null, span(2.6, 4.6)]);
    // at the start of the audio only the right side can give; with too little audio every word is released
    expect(makeRoom(texts(4), [span(0, 0), span(0, 0), span(0, 0.15), span(0.15, 0.3)], 0.3)).toEqual([null, null, null, null]);
    expect(makeRoom(texts(3), [null, null, null], 1)).toEqual([null, null, null]);
  });
});
