import { describe, expect, it } from 'vitest';
import { removeFillers, removeStutters } from '../src/fix/disfluency.ts';
import { joinSpelledLetters } from '../src/fix/acronyms.ts';
import { joinWebAddresses } from '../src/fix/web-address.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const text = (r: { tokens: { text: string }[] }) => r.tokens.map((t) => t.text).join(' ');

describe('removeStutters', () => {
  it('drops repeated function words and logs each', () => {
    const result = removeStutters(wordsToTokens(words('i i think the the answer is and and yes')));
    expect(text(result)).toBe('i think the answer is and yes');
    expect(result.edits.map((e) => e.from)).toEqual([[0, 1], [3, 4], [7, 8]]);
  });

  it('keeps repeats said on purpose', () => {
    expect(text(removeStutters(wordsToTokens(words('we are finally finally talking very very slowly'))))).toBe(
      'we are finally finally talking very very slowly',
    );
  });
});

describe('removeFillers', () => {
  it('drops hesitation sounds only', () => {
    const result = removeFillers(wordsToTokens(words('so um we uh shipped it er yesterday')));
    expect(text(result)).toBe('so we shipped it yesterday');
    expect(result.edits).toHaveLength(3);
  });
});

describe('joinSpelledLetters', () => {
  it('joins spelled letters into acronyms but keeps a and I as words', () => {
    expect(text(joinSpelledLetters(wordsToTokens(words('we used d h l and h m r c'))))).toBe('we used DHL and HMRC');
    expect(text(joinSpelledLetters(wordsToTokens(words('a i think so'))))).toBe('a i think so');
    expect(text(joinSpelledLetters(wordsToTokens(words('i o s s rules')), (l) => (l === 'ios' ? 'iOS' : undefined)))).toBe('IOSS rules');
  });

  it('joins the word before the letters when together they spell a known term, and only then', () => {
    const known = (letters: string) => (letters === 'openai' ? 'OpenAI' : undefined);
    expect(text(joinSpelledLetters(wordsToTokens(words("talks to open a i like open a i's api")), known))).toBe("talks to OpenAI like OpenAI's api");
    expect(text(joinSpelledLetters(wordsToTokens(words('we sell a i mean the door and the b b c')), known))).toBe('we sell a i mean the door and the BBC');
  });

  it('keeps a word hyphened to the last letter, and takes the word after as part of a known two-word name', () => {
    const openai = (letters: string) => (letters === 'openai' ? 'OpenAI' : undefined);
    expect(text(joinSpelledLetters(wordsToTokens(words('it works with open a i-compatible apis')), openai))).toBe('it works with OpenAI-compatible apis');
    expect(text(joinSpelledLetters(wordsToTokens(words('the g p t-style model')), openai))).toBe('the GPT-style model');
    const lmStudio = (letters: string) => (letters === 'lmstudio' ? 'LM Studio' : undefined);
    expect(text(joinSpelledLetters(wordsToTokens(words('what about l m studio then')), undefined, lmStudio))).toBe('what about LM Studio then');
    expect(text(joinSpelledLetters(wordsToTokens(words('the l m team then')), undefined, lmStudio))).toBe('the LM team then');
    expect(text(joinSpelledLetters(wordsToTokens(words('a well-known fact')), openai))).toBe('a well-known fact');
  });

  it('writes two letters joined by "and" with an ampersand and a letter before "plus plus" as a language', () => {
    const join = (t: string) => text(joinSpelledLetters(wordsToTokens(words(t))));
    expect(join('the s and p 500 fell and r and d grew')).toBe('the S&P 500 fell and R&D grew');
    expect(join("it's a c plus plus engine")).toBe("it's a C++ engine");
    // "a" and "I" are words; a longer spelled run is the letter pass's.
    for (const t of ['plan b and a backup', 'you and i and b', 'c plus two', 'x and', 'a t and t']) expect(join(t)).toBe(t);
  });

  it('ends an acronym on a spelled letter with a possessive, and leaves a lone one alone', () => {
    expect(text(joinSpelledLetters(wordsToTokens(words("rock em is a m d's answer and the s q's tip line"))))).toBe("rock em is AMD's answer and the SQ's tip line");
    expect(text(joinSpelledLetters(wordsToTokens(words("mind your p's and q's and get straight a's"))))).toBe("mind your p's and q's and get straight a's");
    expect(text(joinSpelledLetters(wordsToTokens(words("it was a's turn"))))).toBe("it was a's turn");
  });
});

describe('joinWebAddresses', () => {
  it('writes spoken addresses, taking as many words as spell a known name', () => {
    const known = (letters: string) => letters === 'glazeandco';
    expect(text(joinWebAddresses(wordsToTokens(words('go to glaze and co dot com today')), known))).toBe('go to glazeandco.com today');
    expect(text(joinWebAddresses(wordsToTokens(words('visit parcel wise dot io slash kitchen now')), () => false))).toBe(
      'visit parcelwise.io/kitchen now',
    );
    expect(text(joinWebAddresses(wordsToTokens(words('connect the dot and more')), known))).toBe('connect the dot and more');
  });

  it('takes the plain words between an address cue and "dot" as its name, never a function word, never the cue', () => {
    const none = () => false;
    expect(text(joinWebAddresses(wordsToTokens(words('for free every week at annual credit report dot com every week')), none))).toBe(
      'for free every week at annualcreditreport.com every week',
    );
    expect(text(joinWebAddresses(wordsToTokens(words('log in at student aid dot gov and find')), none))).toBe('log in at studentaid.gov and find');
    expect(text(joinWebAddresses(wordsToTokens(words('go to the store dot com')), none))).toBe('go to the store.com');
    expect(text(joinWebAddresses(wordsToTokens(words('i love annual credit report dot com')), none))).toBe('i love annual credit report.com');
    const kernel = (heard: string[]) => (heard.join('').endsWith('colonelhouse') ? 'kernelhouse' : undefined);
    expect(text(joinWebAddresses(wordsToTokens(words('go to colonel house dot dev')), none, kernel))).toBe('go to kernelhouse.dev');
  });

  it('joins the words after "slash" that together spell part of the show’s own name', () => {
    const inShow = (letters: string) => 'thecasefile'.includes(letters);
    expect(text(joinWebAddresses(wordsToTokens(words('go to veilnet dot com slash case file and use the code')), () => false, undefined, inShow))).toBe(
      'go to veilnet.com/casefile and use the code',
    );
    expect(text(joinWebAddresses(wordsToTokens(words('go to veilnet dot com slash case study and use')), () => false, undefined, inShow))).toBe(
      'go to veilnet.com/case study and use',
    );
  });
});
