import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript, type VocabularyEntry } from '../src/fix/index.ts';
import { titleTerms } from '../src/fix/vocabulary/build.ts';
import { compileVocabulary } from '../src/fix/vocabulary/compile.ts';
import { applyVocabulary } from '../src/fix/vocabulary/match.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const meta = EpisodeMeta.parse({
  show: 'Signal Path',
  title: 'Andrew Ng: Teaching Machines at Coursera',
  hosts: ['Lex Fridman'],
  guests: ['Andrew Ng', 'Marta Wisniewski'],
  sponsors: ['Cash App', 'Parcelwise'],
});
const vocabulary = buildVocabulary(meta, []);

/** Runs the vocabulary pass alone and returns the resulting text. */
function corrected(text: string, voc: VocabularyEntry[] = vocabulary): string {
  return applyVocabulary(wordsToTokens(words(text)), compileVocabulary(voc)).tokens.map((t) => t.text).join(' ');
}

describe('buildVocabulary', () => {
  it('takes people, sponsors, the show and the uncommon names of the title, then the built-in lexicon', () => {
    const terms = vocabulary.map((v) => v.term);
    expect(terms.slice(0, 6)).toEqual(['Lex Fridman', 'Andrew Ng', 'Marta Wisniewski', 'Cash App', 'Parcelwise', 'Signal Path']);
    expect(terms).toContain('Coursera');
    expect(vocabulary.find((v) => v.term === 'Andrew Ng')).toMatchObject({ kind: 'person', source: 'meta' });
    expect(vocabulary.filter((v) => v.term === 'Coursera')).toHaveLength(1);
  });

  it('keeps only the uncommon names of a title, trimmed of ordinary words', () => {
    expect(titleTerms('Leaving Etsy, Broken Mugs and the Black Friday We Don’t Talk About')).toContain('Etsy');
    expect(titleTerms('Deep Learning, Education, and Real Life')).toEqual([]);
  });

  it('takes the owner of a possessive in a title, and no ordinary word that owns something', () => {
    expect(titleTerms("Leverkusen's Season, Sociedad's Press and the Full-Back Who Isn't")).toEqual(['Leverkusen', 'Sociedad']);
    expect(titleTerms("The World's Best Bread and Why It's Hard")).toEqual([]);
  });

  it('merges a glossary row with the same term and keeps its heard forms', () => {
    const voc = buildVocabulary(meta, [{ term: 'Andrew Ng', kind: 'person', source: 'glossary', heard: ['andrew hang'] }]);
    expect(voc.filter((v) => v.term === 'Andrew Ng')).toEqual([
      { term: 'Andrew Ng', kind: 'person', source: 'meta', heard: ['andrew hang'] },
    ]);
  });
});

describe('name matching', () => {
  it('corrects misheard names of the episode by sound and spelling', () => {
    expect(corrected('my conversation with andrew eng today')).toBe('my conversation with Andrew Ng today');
    expect(corrected('this is lex friedman speaking')).toBe('this is Lex Fridman speaking');
    expect(corrected('thanks to marta vish nev ski for that')).toBe('thanks to Marta Wisniewski for that');
    expect(corrected('brought to you by cash up and parcel wise')).toBe('brought to you by Cash App and Parcelwise');
  });

  it('keeps a first name and the function word after it, though together they sound like a listed name', () => {
    const withNormand = buildVocabulary(EpisodeMeta.parse({ hosts: [], guests: ['Normand Gingras'], sponsors: [] }), []);
    expect(corrected('the driver was norman and norman had nothing to hide', withNormand)).toBe('the driver was Norman and Norman had nothing to hide');
    expect(corrected('as norman gingras said', withNormand)).toBe('as Normand Gingras said');
  });

  it('handles partial mentions: a first name or a lone surname', () => {
    expect(corrected('so andrew what do you think')).toBe('so Andrew what do you think');
    expect(corrected('as wisniewski said')).toBe('as Wisniewski said');
    expect(corrected('i read friedman on that')).toBe('i read Fridman on that');
  });

  it('writes possessives of names and plurals of other terms', () => {
    expect(corrected("that was andrew's idea")).toBe("that was Andrew's idea");
    expect(corrected("americans and america's role")).toBe("Americans and America's role");
  });

  it('never turns ordinary words into names', () => {
    const plain = 'and then we went to the square and i can see it so clearly in a very new castle reading the signal path';
    expect(corrected(plain)).toBe(plain.replace('signal path', 'Signal Path'));
    expect(corrected('it is an angle we took and ran')).toBe('it is an angle we took and ran');
    // Built-in names that sound like common phrases, each heard several times.
    const phrases = 'the public got a message from the system a moment to read it '.repeat(4).trim();
    expect(corrected(phrases)).toBe(phrases);
  });

  it('uses the built-in lexicon for well-known names spelled as the recognizer heard them', () => {
    expect(corrected('he taught on coursera and youtube')).toBe('he taught on Coursera and YouTube');
    expect(corrected('we moved to shopify from wordpress')).toBe('we moved to Shopify from WordPress');
  });

  it('needs a built-in name heard as ordinary words to recur before trusting it', () => {
    expect(corrected('we shop if i can')).toBe('we shop if i can');
    const often = Array.from({ length: 5 }, () => 'moved to shop if i').join(' and ');
    expect(corrected(often).match(/Shopify/g)).toHaveLength(5);
  });

  it('matches a glossary heard form verbatim, even when made of ordinary words', () => {
    const voc = buildVocabulary(meta, [{ term: 'NeurIPS', kind: 'term', source: 'glossary', heard: ["europe's"] }]);
    expect(corrected("we met at europe's last year", voc)).toBe('we met at NeurIPS last year');
  });

  it("learns a show's mishearings: the next episode matches them verbatim", () => {
    const first = fixTranscript(words('thanks andrew aang'), vocabulary, { removeFillers: false });
    expect(first.learned).toEqual([{ term: 'Andrew Ng', heard: 'andrew aang', at: 1 }]);
    const glossary = first.learned.map((l) => ({ term: l.term, kind: 'person' as const, source: 'glossary' as const, heard: [l.heard] }));
    const next = fixTranscript(words('so andrew aang said'), buildVocabulary(meta, glossary), { removeFillers: false });
    expect(next.edits.find((e) => e.rule === 'vocabulary.heard')).toMatchObject({ before: 'andrew aang', after: 'Andrew Ng', confidence: 0.97 });
  });

  it('locks matched tokens, keeps their raw range and times, and reports what it learned', () => {
    const result = applyVocabulary(wordsToTokens(words('hello andrew eng')), compileVocabulary(vocabulary));
    expect(result.tokens.slice(1)).toEqual([
      { text: 'Andrew', from: [1, 2], start: 1, end: 1.5, punct: '', locked: true, proper: true },
      { text: 'Ng', from: [2, 3], start: 2, end: 2.5, punct: '', locked: true, proper: true },
    ]);
    expect(result.edits).toEqual([
      { rule: 'vocabulary.phonetic', from: [1, 3], before: 'andrew eng', after: 'Andrew Ng', confidence: expect.any(Number) },
    ]);
    expect(result.learned).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', at: 1 }]);
  });

  it('gives a term heard as more words than it has the union of their raw ranges', () => {
    const result = fixTranscript(words('sponsored by parcel wise today'), vocabulary, { removeFillers: false });
    expect(result.words.find((w) => w.text.startsWith('Parcelwise'))).toMatchObject({ from: [2, 4], start: 2, end: 3.5 });
  });
});
