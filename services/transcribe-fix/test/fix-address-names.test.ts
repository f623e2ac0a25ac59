import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../src/fix/index.ts';
import { writeAddressNames } from '../src/fix/vocabulary/address-names.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { words } from './fix-helpers.ts';

const vocabulary = buildVocabulary(EpisodeMeta.parse({ hosts: [], guests: [], sponsors: ['Kinetiq'] }), []);
const fixed = (text: string) => fixTranscript(words(text), vocabulary, {}).words.map((w) => w.text).join(' ');

describe('names the episode read out in a web address', () => {
  it('writes the sponsor where the words of its address are said alone', () => {
    const text = fixed('i have been wearing the kinetic recovery sleeves for a month if you want a pair go to kinetic dot co slash pitch');
    expect(text).toContain('Kinetiq recovery');
    expect(text).toContain('kinetiq.co/pitch');
  });

  it('leaves the word alone without such an address', () => {
    expect(fixed('the kinetic energy of the ball doubles when it is struck twice as fast')).toContain('kinetic energy');
  });

  it('never takes ordinary frequent words for the name', () => {
    const tokens = wordsToTokens(words('the moon shone bright well into the night and the kinetic theory held'));
    expect(writeAddressNames(tokens, [{ heard: ['bright', 'well'], letters: 'brightwel' }], () => 'Brightwel').edits).toEqual([]);
    expect(writeAddressNames(tokens, [{ heard: ['kinetic'], letters: 'kinetiq' }], () => undefined).edits).toEqual([]);
    expect(writeAddressNames(tokens, [{ heard: ['kinetic'], letters: 'kinetiq' }], () => 'Kinetiq').edits).toHaveLength(1);
  });
});
