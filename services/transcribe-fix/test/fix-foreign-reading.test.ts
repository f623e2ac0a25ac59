import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../src/fix/index.ts';
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

describe('punctuation around a name the models never saw', () => {
  const meta = EpisodeMeta.parse({ hosts: ['Henrietta Fairweather'], guests: ['Gyöngyi Szőke-Kovács'], sponsors: [] });
  const fixed = (text: string) => fixTranscript(words(text), buildVocabulary(meta, []), {}).words.map((w) => w.text).join(' ');

  it('keeps the sentence end before the name, and writes the name', () => {
    const text = fixed(
      'she has spent twenty years on the great plain counting horses cranes and i am told a great many sheep john ji soaker co vatch welcome thank you henrietta and you said it beautifully',
    );
    expect(text).toContain('sheep. Gyöngyi Szőke-Kovács');
    expect(text).not.toMatch(/john/i);
  });
});
