import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { random } from './fix-helpers.ts';
import { knownNames } from '../src/fix/vocabulary/dictionary.ts';
import { decodePersonReadings, encodePersonReadings, personNameBySound } from '../src/fix/vocabulary/first-names.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const VOWELS = 'aeiouy';

/** A name of the list as a recognizer might write it: a letter or two changed, dropped or added, maybe cut in two. */
function misheard(rnd: () => number, name: string): string[] {
  let out = name;
  for (let e = Math.floor(rnd() * 3); e > 0; e--) {
    const at = Math.floor(rnd() * out.length);
    const op = rnd();
    const letter = (rnd() < 0.5 ? VOWELS : LETTERS)[Math.floor(rnd() * (rnd() < 0.5 ? VOWELS.length : LETTERS.length))] ?? 'a';
    if (op < 0.5) out = out.slice(0, at) + letter + out.slice(at + 1);
    else if (op < 0.75 && out.length > 3) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + letter + out.slice(at);
  }
  const cut = 2 + Math.floor(rnd() * Math.max(1, out.length - 3));
  return rnd() < 0.4 && cut < out.length - 1 ? [out.slice(0, cut), out.slice(cut)] : [out];
}

describe('people-names by sound, narrowed (what a built thread runs)', () => {
  const names = knownNames();

  it('finds exactly the name that grading every name finds', () => {
    const rnd = random(11);
    let matched = 0;
    let differ = 0;
    const probes: string[][] = [];
    for (let k = 0; k < 800; k++) probes.push(misheard(rnd, names[Math.floor(rnd() * Math.min(names.length, k < 500 ? 3000 : names.length))]!));
    // Words that are no name, and a name said after a word.
    for (const text of ['the white house', 'a young man', 'machine learning', 'good morning', 'so anyway', 'and lee', 'we were there', 'oh well']) probes.push(text.split(' '));
    for (const words of probes) {
      const narrowed = personNameBySound(words, true);
      const every = personNameBySound(words, false);
      if (every) matched++;
      if (JSON.stringify(narrowed) !== JSON.stringify(every)) differ++;
    }
    expect(matched).toBeGreaterThan(200);
    expect(differ).toBe(0);
  });

  it('reads back every name\'s readings as written, empty ones too', () => {
    const text = encodePersonReadings();
    const readings = decodePersonReadings(text);
    expect(readings.size).toBe(names.filter((n) => /^[a-z]+$/.test(n)).length);
    expect(readings.get('lucille')).toEqual([['L', 'UW', 'S', 'IY', 'L']]);
    // A French "ou" name has its second reading.
    expect(readings.get('ouellette')!.length).toBe(2);
    expect(decodePersonReadings('ab\tAE B|\ncd\t\n')).toEqual(new Map([['ab', [['AE', 'B'], []]], ['cd', [[]]]]));
  });

  it('the build\'s copy, when there is one, is this encoding', () => {
    const built = path.resolve(import.meta.dirname, '../../control/dist/person-name-readings.tsv');
    if (!existsSync(built)) return;
    expect(readFileSync(built, 'utf8') === encodePersonReadings()).toBe(true);
  });
});
