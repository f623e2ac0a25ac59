import { describe, expect, it } from 'vitest';
import { joinSpelledLetters } from '../src/fix/acronyms.ts';
import { joinModelCodes, joinOpticsSpecs, joinPlanSections, joinQuantTypes } from '../src/fix/model-codes.ts';
import { joinFileNames } from '../src/fix/web-address.ts';
import { normalizeNumbers } from '../src/fix/numbers.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const coded = (text: string) =>
  joinModelCodes(normalizeNumbers(joinSpelledLetters(wordsToTokens(words(text))).tokens).tokens).tokens.map((t) => t.text).join(' ');

describe('joinModelCodes', () => {
  it('writes letters and a number spelled out as one code, with a trailing letter', () => {
    expect(coded('memory on an h one hundred and l forty s instances')).toBe('memory on an H100 and L40S instances');
    expect(coded('but the m i three hundred x has more and a rented l four works')).toBe('but the MI300X has more and a rented L4 works');
    expect(coded('she is an employee w two and gets a w two in january')).toBe('she is an employee W-2 and gets a W-2 in january');
  });

  it('leaves a and I before a number, years after an acronym, and numbers said in parts', () => {
    expect(coded('i gave a hundred and i two cents')).toBe('i gave 100 and i two cents');
    expect(coded('the n f l 2024 season')).toBe('the NFL 2024 season');
    expect(coded('an r t x forty ninety card')).not.toContain('RTX40');
  });

  it('writes a four-digit model number said in two pairs after the line\'s letters, the letters apart', () => {
    expect(coded('trains comfortably on an r t x forty ninety or the g t x ten eighty')).toBe('trains comfortably on an RTX 4090 or the GTX 1080');
    // One letter, a number in three parts, or a pair that is no whole two-digit number: left to the other rules.
    expect(coded('a k forty ninety')).not.toContain('4090');
    expect(coded('the n f l twenty twenty four season')).not.toContain('NFL 2020');
    expect(coded('an r t x forty nine')).not.toContain('4009');
  });
});

describe('joinOpticsSpecs', () => {
  const spec = (text: string) => joinOpticsSpecs(normalizeNumbers(wordsToTokens(words(text))).tokens).tokens.map((t) => t.text).join(' ');

  it('writes binoculars said "eight by forty two" as they are named', () => {
    expect(spec('their eight by forty two model is the pair i carry and a ten by fifty')).toBe('their 8x42 model is the pair i carry and a 10x50');
  });

  it('leaves sizes of other kinds as said', () => {
    for (const text of ['a two by four and an eight by ten print', 'two by two they came', 'eight by nineteen ninety']) expect(spec(text)).not.toMatch(/\dx\d/);
  });
});

describe('joinQuantTypes', () => {
  const quant = (text: string) => joinQuantTypes(wordsToTokens(words(text))).tokens.map((t) => t.text).join(' ');

  it('writes a quantization type said letter by letter as its format names it', () => {
    expect(quant('names like q four k m q five k s and q eight zero')).toBe('names like Q4_K_M Q5_K_S and Q8_0');
    expect(quant('the q 4 k version')).toBe('the Q4_K version');
  });

  it('leaves a q that no bits and block kind follow', () => {
    for (const text of ['a q and a', 'q eight is a seat', 'row q one zero', 'the q four m']) expect(quant(text)).toBe(text);
  });
});

describe('joinFileNames', () => {
  const files = (text: string) => joinFileNames(wordsToTokens(words(text))).tokens.map((t) => t.text).join(' ');

  it('writes a project named by its source file, letters after the ending left to the letter pass', () => {
    expect(files('built on llama dot c p p under the hood')).toBe('built on llama.cpp under the hood');
    expect(files('llama dot c p p g guff files and node dot j s')).toBe('llama.cpp g guff files and node.js');
  });

  it('leaves a dot that no file ending follows', () => {
    for (const text of ['a dot on the map', 'the dot c is']) expect(files(text)).toBe(text);
    expect(files('connect the dot, c p p')).not.toContain('.cpp');
  });
});

describe('joinPlanSections', () => {
  const planned = (text: string) => joinPlanSections(wordsToTokens(words(text))).tokens.map((t) => t.text).join(' ');

  it('writes a retirement plan said digit by digit with its letter', () => {
    expect(planned('the four oh one k and a roth four oh three b')).toBe('the 401(k) and a roth 403(b)');
  });

  it('leaves other digits and letters alone', () => {
    expect(planned('a hundred k salary and a five k run')).toBe('a hundred k salary and a five k run');
    expect(planned('room four oh one is on floor four and k is a letter')).toBe('room four oh one is on floor four and k is a letter');
    expect(planned('oh one two b')).toBe('oh one two b');
  });
});
