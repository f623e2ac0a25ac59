import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary } from '../src/fix/index.ts';
import { compileVocabulary } from '../src/fix/vocabulary/compile.ts';
import { englishReading } from '../src/fix/vocabulary/foreign-reading.ts';
import { applyVocabulary } from '../src/fix/vocabulary/match.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const vocabulary = buildVocabulary(EpisodeMeta.parse({ hosts: ['Henrietta Fairweather'], guests: ['Gyöngyi Szőke-Kovács'], sponsors: [] }), []);
const corrected = (text: string) => applyVocabulary(wordsToTokens(words(text)), compileVocabulary(vocabulary)).tokens.map((t) => t.text).join(' ');

describe('English reading of names spelled the Hungarian way', () => {
  it('respells Hungarian digraphs and vowels, and leaves other spellings alone', () => {
    expect(englishReading('Gyöngyi Szőke-Kovács')).toBe('djondjee sokeh-kovahtch');
    expect(englishReading('José Müller Zoltan')).toBe('José Müller Zoltan');
  });

  it('hears a Hungarian guest as an English recognizer prints her name', () => {
    expect(corrected('my guest is john ji soaker co vatch welcome')).toBe('my guest is Gyöngyi Szőke-Kovács welcome');
    expect(corrected('the title john ji if you')).toBe('the title Gyöngyi if you');
  });

  it('leaves ordinary speech alone', () => {
    const prose = 'john and jim went soaking in the creek to watch a coach over the jungle';
    expect(corrected(prose)).toBe(prose);
  });
});
