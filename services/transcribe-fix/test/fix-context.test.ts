import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../src/fix/index.ts';
import { joinNamedPromoCodes, namedCodes, namedCodesOf } from '../src/fix/promo-code.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { compileVocabulary } from '../src/fix/vocabulary/compile.ts';
import { applyContextNames } from '../src/fix/vocabulary/context.ts';
import { completeIntroducedNames } from '../src/fix/vocabulary/introductions.ts';
import { joinSpelledNames } from '../src/fix/vocabulary/spelled.ts';
import { words } from './fix-helpers.ts';

const meta = EpisodeMeta.parse({ show: 'Lex Fridman Podcast', hosts: ['Lex Fridman'], guests: ['Andrew Ng'], sponsors: ['Cash App'] });
const vocabulary = buildVocabulary(meta, []);
const textOf = (tokens: { text: string }[]) => tokens.map((t) => t.text).join(' ');

describe('joinSpelledNames', () => {
  const spelled = (text: string) => textOf(joinSpelledNames(wordsToTokens(words(text)), (letters) => letters === 'fridman').tokens);

  it('writes a name spelled out after "spelled" letter by letter', () => {
    expect(spelled('at lex fridman spelled fri d ma n as usual')).toBe('at lex fridman spelled F-R-I-D-M-A-N as usual');
    expect(spelled('spelled f r i d m a n')).toBe('spelled F-R-I-D-M-A-N');
  });

  it('leaves words after "spelled" that do not spell a known name', () => {
    expect(spelled('i spelled it wrong again')).toBe('i spelled it wrong again');
    expect(spelled('spelled fri d ma')).toBe('spelled fri d ma');
    expect(spelled('spelled fridman')).toBe('spelled fridman');
  });
});

describe('named promo codes', () => {
  const { codes, sponsors } = namedCodesOf(vocabulary);
  const joined = (text: string) => textOf(joinNamedPromoCodes(wordsToTokens(words(text)), codes, sponsors).tokens);

  it('builds candidate codes from the names of people, show and sponsors', () => {
    const texts = namedCodes(['Lex Fridman'], 'Lex Fridman Podcast', ['Cash App']).map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['Lex', 'Fridman', 'LexFridman', 'LexPodcast', 'FridmanPodcast', 'CASHAPP']));
    expect(texts).not.toContain('Podcast');
    expect(texts).not.toContain('LEXPODCAST');
  });

  it('writes a code of the show’s or a sponsor’s words in capitals', () => {
    const texts = namedCodes(['Morwenna Teague'], 'The Case File', ['Veilnet']).map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['CASEFILE', 'VEILNET', 'MorwennaCase']));
    expect(texts).not.toContain('CaseFile');
  });

  it('reads a code said after "code", or run together with "code", in a sponsor read', () => {
    expect(joined('get cash app and use code lex podcast today')).toBe('get cash app and use code LexPodcast today');
    expect(joined('get cash app and use collects podcast today')).toBe('get cash app and use code LexPodcast today');
    expect(joined('cash app lets you use the collects podcast')).toBe('cash app lets you use the code LexPodcast');
  });

  it('needs a sponsor nearby after a bare "use", and leaves a word-and-number code to the number pass', () => {
    expect(joined('you can use collects podcast here')).toBe('you can use collects podcast here');
    expect(joined('cash app use lex')).toBe('cash app use lex');
    expect(joined('use the code lex ten at cash app')).toBe('use the code lex ten at cash app');
  });
});

describe('applyContextNames', () => {
  const compiled = compileVocabulary(vocabulary);
  const named = (text: string) => textOf(applyContextNames(wordsToTokens(words(text)), compiled).tokens);

  it('writes a brand named by an ordinary word where the words around it say it is a name', () => {
    expect(named('connect with me on twitter at lex')).toBe('connect with me on Twitter at lex');
    expect(named('a subsidiary of square and member')).toBe('a subsidiary of Square and member');
    expect(named('find us on medium')).toBe('find us on Medium');
  });

  it('writes a software brand that is a rare word, heard as it or as "a" and a word of the same sound, before a version', () => {
    expect(named('a model under a patchy two point oh and a patchy two point oh again')).toBe('a model under Apache two point oh and Apache two point oh again');
    expect(named('it ships under apache two point oh')).toBe('it ships under Apache two point oh');
    const fixed = fixTranscript(words('the model is under a patchy two point oh and we argue'), vocabulary, {}).words.map((w) => w.text).join(' ');
    expect(fixed).toContain('Apache 2.0');
  });

  it('leaves a brand of a frequent word before a number, and a rare one with no version after it', () => {
    for (const text of ['he was rich two point five million', 'a patchy two weeks of rain', 'a patchy lawn', 'the apache helicopter']) {
      expect(named(text)).toBe(text);
    }
  });

  it('leaves the same words in ordinary speech', () => {
    expect(named('it put us on solid ground')).toBe('it put us on solid ground');
    expect(named('back to square one')).toBe('back to square one');
    expect(named('the birds twitter at dawn')).toBe('the birds twitter at dawn');
    expect(named('a subsidiary of the bank')).toBe('a subsidiary of the bank');
  });
});

describe('fixTranscript with the new name passes', () => {
  const fixed = (text: string) => fixTranscript(words(text), vocabulary, {}).words.map((w) => w.text).join(' ');

  it('writes a sponsor read\'s code, a spelled name and a completed guest name, with no punctuation inside them', () => {
    const text = fixed('when you get cash app from the app store use collects podcast and you get ten dollars');
    expect(text).toMatch(/use code LexPodcast\b/i);
    expect(fixed('connect with me on twitter at lex friedman spelled fri d ma n as usual')).toContain('F-R-I-D-M-A-N');
    expect(fixed('the following is a conversation with andrew and one of the most impactful educators')).toMatch(/conversation with Andrew Ng\b/);
  });

  it('writes currency names from the built-in lexicon', () => {
    const text = fixTranscript(words('and the us dollar was created long ago'), vocabulary, {}).words.map((w) => w.text).join(' ');
    expect(text).toContain('US dollar');
  });
});

describe('completeIntroducedNames', () => {
  const people = ['Andrew Ng', 'Lex Fridman'];
  const introduced = (text: string) => textOf(completeIntroducedNames(wordsToTokens(words(text)), people).tokens);

  it("completes a guest's short surname misheard right after the first name in an introduction", () => {
    expect(introduced('this is a conversation with andrew and one of the most')).toBe('this is a conversation with andrew Ng one of the most');
    expect(introduced('my guest andrew ing is here')).toBe('my guest andrew Ng is here');
  });

  it('leaves the name alone outside introductions, for long surnames, and when the word sounds unlike the surname', () => {
    expect(introduced('i saw andrew and his sister')).toBe('i saw andrew and his sister');
    expect(introduced('a conversation with lex and one')).toBe('a conversation with lex and one');
    expect(introduced('a conversation with andrew today')).toBe('a conversation with andrew today');
  });
});

describe('built-in names heard as ordinary words', () => {
  it('never takes a phrase framed by a closed-class word for a built-in name', () => {
    const none = buildVocabulary(EpisodeMeta.parse({}), []);
    const text = fixTranscript(words('we stood side by side and she was just at home'), none, {}).words.map((w) => w.text.toLowerCase()).join(' ');
    expect(text).not.toMatch(/bayside|just eat/);
    expect(text).toContain('by side');
  });

  it('reads a trailing "i" as a name\'s "-y" ending only, never before another ending', () => {
    const voc = buildVocabulary(EpisodeMeta.parse({ hosts: ['Maria Keller'] }), []);
    const fixed = (text: string) => fixTranscript(words(text), voc, {}).words.map((w) => w.text).join(' ');
    // A built-in name heard as ordinary words needs the same mishearing three times.
    expect(fixed('we moved to shop if i and shop if i was great and shop if i is fine')).toContain('Shopify');
    expect(fixed('i wanted more i wanted more i wanted more i think')).not.toContain('Maria');
  });
});

describe('built-in acronyms', () => {
  it('writes an acronym a recognizer printed as one word, and its plural', () => {
    const text = fixTranscript(words('launching the first moocs with nasa'), vocabulary, {}).words.map((w) => w.text).join(' ');
    expect(text).toMatch(/\bMOOCs\b/);
    expect(text).toMatch(/\bNASA\b/);
  });
});
