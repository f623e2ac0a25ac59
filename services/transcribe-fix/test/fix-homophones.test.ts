import { describe, expect, it } from 'vitest';
import { englishTrigramLm } from '../src/fix/model/boundary-lm.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { writeLmHomophones } from '../src/fix/vocabulary/homophones.ts';
import { words } from './fix-helpers.ts';

const rewrite = (text: string) => writeLmHomophones(wordsToTokens(words(text)));
const textOf = (text: string) => rewrite(text).tokens.map((t) => t.text).join(' ');

describe('writeLmHomophones (a sound-alike name the trigram model prefers in context)', () => {
  it('finds the Debian model', () => {
    expect(englishTrigramLm()).toBeDefined();
  });

  it('writes the name where the words around make it far likelier than the heard word', () => {
    const result = rewrite('you can open a wrath ira at any broker');
    expect(result.tokens.map((t) => t.text).join(' ')).toBe('you can open a Roth ira at any broker');
    expect(result.edits).toEqual([expect.objectContaining({ rule: 'context-lm', before: 'wrath', after: 'Roth' })]);
    expect(result.tokens[4]).toMatchObject({ locked: true, proper: true });
  });

  it('writes the same heard word as that name elsewhere where the model does not prefer the word', () => {
    expect(textOf('you can open a wrath ira today and i would go wrath early')).toBe('you can open a Roth ira today and i would go Roth early');
  });

  it('leaves the word where the model prefers it, and everywhere when nothing says a name is meant', () => {
    expect(textOf('you can open a wrath ira and feel the wrath of god')).toBe('you can open a Roth ira and feel the wrath of god');
    expect(textOf('the grapes of wrath is a novel')).toBe('the grapes of wrath is a novel');
    expect(textOf('i would go wrath early')).toBe('i would go wrath early');
  });

  it('never reads one of the most frequent words as a name, even where the model would prefer one', () => {
    // Without the rank gate these become Chris, Matt and Kevin (each by >= 10 nats): a word this common is heard
    // right far more often than it stands for a name.
    expect(textOf('i talked to course smith yesterday')).toBe('i talked to course smith yesterday');
    expect(textOf('my name is might and i am the host')).toBe('my name is might and i am the host');
    expect(textOf('i talked to given smith yesterday')).toBe('i talked to given smith yesterday');
  });

  it('writes nothing without the model', () => {
    const tokens = wordsToTokens(words('you can open a wrath ira at any broker'));
    expect(writeLmHomophones(tokens, null).edits).toEqual([]);
  });
});
