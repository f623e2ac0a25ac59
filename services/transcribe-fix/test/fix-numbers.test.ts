import { describe, expect, it } from 'vitest';
import { normalizeNumbers } from '../src/fix/numbers.ts';
import { joinPromoCodes } from '../src/fix/promo-code.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const written = (text: string) =>
  normalizeNumbers(wordsToTokens(words(text)))
    .tokens.map((t) => t.text + t.punct)
    .join(' ');

describe('normalizeNumbers', () => {
  it('writes money, thousands and percentages as editors do', () => {
    expect(written('you get ten dollars')).toBe('you get $10');
    expect(written('as little as one dollar')).toBe('as little as $1');
    expect(written('over thirty thousand years ago')).toBe('over 30,000 years ago');
    expect(written('about a hundred thousand people')).toBe('about 100,000 people');
    expect(written('more than fifty percent of them')).toBe('more than 50% of them');
    expect(written('it went up 31 percent')).toBe('it went up 31%');
    expect(written('six point five percent of the sale')).toBe('6.5% of the sale');
    expect(written('raised two point five million dollars')).toBe('raised $2.5 million');
    // The decimals as said: "two point oh" is a version, 2.0, not 2.
    expect(written('released under apache two point oh and version three point zero')).toBe('released under apache 2.0 and version 3.0');
    expect(written('two hundred and twelve emails')).toBe('212 emails');
  });

  it('keeps one to nine in words and writes 10 and up in digits (AP style)', () => {
    expect(written('one or two minutes of ads')).toBe('one or two minutes of ads');
    expect(written('when i was five or six years old')).toBe('when i was five or six years old');
    expect(written('just over ten years ago')).toBe('just over 10 years ago');
    expect(written('it lasted forty-eight minutes')).toBe('it lasted 48 minutes');
    expect(written('about four hundred students')).toBe('about 400 students');
  });

  it('writes years and clock times', () => {
    expect(written('back in twenty twenty four')).toBe('back in 2024');
    expect(written('in nineteen ninety five')).toBe('in 1995');
    expect(written('two thousand and five')).toBe('2005');
    expect(written('the email went out at 4 a m')).toBe('the email went out at 4 a.m.');
    expect(written('i woke up at 5 40 because')).toBe('i woke up at 5:40 because');
    expect(written('from 9 14 to 10 02')).toBe('from 9:14 to 10:02');
    expect(written('at six fifteen p m sharp')).toBe('at 6:15 p.m. sharp');
  });

  it('leaves ordinary words and lists alone', () => {
    expect(written('a day and a half')).toBe('a day and a half');
    expect(written('five six seven')).toBe('five six seven');
    expect(written('we had 22 23 orders')).toBe('we had 22 23 orders');
  });

  it('keeps the raw range and times of the words it merges', () => {
    const tokens = normalizeNumbers(wordsToTokens(words('over thirty thousand years'))).tokens;
    expect(tokens[1]).toMatchObject({ text: '30,000', from: [1, 3], start: 1, end: 2.5 });
  });
});

describe('joinPromoCodes', () => {
  it('writes a word and a number after "code" as one code', () => {
    const codes = (text: string) =>
      joinPromoCodes(normalizeNumbers(wordsToTokens(words(text))).tokens)
        .tokens.map((t) => t.text)
        .join(' ');
    expect(codes('use the code kitchen ten for 10% off')).toBe('use the code KITCHEN10 for 10% off');
    expect(codes('learning to code when i was five')).toBe('learning to code when i was five');
  });

  it('drops ":00" from times the recognizer wrote, and keeps a time and its a.m./p.m. one token', () => {
    expect(written('between 10:00 p.m. and 3:00 a.m. a lot')).toBe('between 10 p.m. and 3 a.m. a lot');
    const tokens = normalizeNumbers(wordsToTokens(words('it was 10:30 p.m. already'))).tokens;
    expect(tokens.map((t) => t.text)).toEqual(['it', 'was', '10:30 p.m.', 'already']);
    expect(tokens[2]).toMatchObject({ from: [2, 4], locked: true });
    expect(written('the score was 3:00 at halftime')).toBe('the score was 3:00 at halftime');
  });

  it('reads a recognizer\'s "300 am" as 3 a.m.', () => {
    expect(written('until 200 am or 300 am')).toBe('until 2 a.m. or 3 a.m.');
    expect(written('about 300 people')).toBe('about 300 people');
  });
});

describe('numbers at a sentence start', () => {
  it('stay in words, except years', () => {
    const tokens = wordsToTokens(words('on etsy. sixty-one. then twenty twenty four. was big'));
    expect(normalizeNumbers(tokens).tokens.map((t) => t.text + t.punct).join(' ')).toBe('on etsy. sixty-one. then 2024. was big');
    const year = wordsToTokens(words('done. twenty twenty four was big'));
    expect(normalizeNumbers(year).tokens.map((t) => t.text).join(' ')).toBe('done 2024 was big');
  });
});
