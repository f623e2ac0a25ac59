import { describe, expect, it } from 'vitest';
import { EpisodeMeta, FixedWord, Edit } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../src/fix/index.ts';
import { wordsToTokens } from '../src/fix/tokens.ts';
import { compileVocabulary } from '../src/fix/vocabulary/compile.ts';
import { applyVocabulary } from '../src/fix/vocabulary/match.ts';
import { words } from './fix-helpers.ts';

const vocabulary = buildVocabulary(EpisodeMeta.parse({ hosts: ['Lex Fridman'], guests: ['Andrew Ng'], sponsors: ['Cash App'] }), []);
const raw = words('um this is lex friedman and and today andrew eng uh is here use cash up to get ten dollars at 9 a m');

describe('fixTranscript: a model number said in pairs', () => {
  it('writes the line and its number as one name, no punctuation between them', () => {
    const fixed = fixTranscript(words('the smaller model trains comfortably on an r t x forty ninety or on a rented l four'), vocabulary, {});
    expect(fixed.words.map((w) => w.text).join(' ')).toMatch(/\bRTX 4090\b/);
  });
});

describe('fixTranscript', () => {
  const result = fixTranscript(raw, vocabulary, { removeFillers: true });
  const text = result.words.map((w) => w.text).join(' ');

  it('corrects names, stutters, fillers and numbers in one pass', () => {
    expect(text).toContain('Lex Fridman');
    expect(text).toContain('Andrew Ng');
    expect(text).toContain('Cash App');
    expect(text).toContain('$10');
    expect(text).toMatch(/\b9\W* a\.m\./);
    expect(text).not.toMatch(/\b(um|uh)\b/i);
    expect(text).not.toMatch(/\band and\b/i);
  });

  it('returns valid words whose raw ranges ascend and whose times are those of their raw words', () => {
    for (const w of result.words) expect(FixedWord.safeParse(w).success).toBe(true);
    for (const e of result.edits) expect(Edit.safeParse(e).success).toBe(true);
    result.words.forEach((w, i) => {
      expect(w.from[1]).toBeGreaterThan(w.from[0]);
      if (i > 0) expect(w.from[0]).toBeGreaterThanOrEqual(result.words[i - 1]!.from[1]);
      expect(w.start).toBe(raw[w.from[0]]!.start);
      expect(w.end).toBe(raw[w.from[1] - 1]!.end);
    });
  });

  it('logs every change with its rule and confidence, and what it learned', () => {
    const rules = new Set(result.edits.map((e) => e.rule));
    expect(rules).toEqual(new Set(['filler', 'stutter', 'vocabulary.phonetic', 'number.unit', 'time']));
    expect(result.edits.every((e) => e.confidence > 0 && e.confidence <= 1)).toBe(true);
    expect(result.learned).toEqual(
      expect.arrayContaining([
        { term: 'Lex Fridman', heard: 'lex friedman', at: expect.any(Number) },
        { term: 'Andrew Ng', heard: 'andrew eng', at: expect.any(Number) },
        { term: 'Cash App', heard: 'cash up', at: expect.any(Number) },
      ]),
    );
  });

  it('keeps fillers when the show wants them', () => {
    const kept = fixTranscript(raw, vocabulary, { removeFillers: false });
    expect(kept.words.map((w) => w.text.toLowerCase().replace(/[^a-z]/g, ''))).toContain('um');
  });

  it('moves punctuation a provider already wrote into the token, keeping dotted names whole', () => {
    expect(wordsToTokens(words('hello there. how are you? see deeplearning.ai')).map((t) => [t.text, t.punct])).toEqual([
      ['hello', ''],
      ['there', '.'],
      ['how', ''],
      ['are', ''],
      ['you', '?'],
      ['see', ''],
      ['deeplearning.ai', ''],
    ]);
    expect(wordsToTokens(words('well ... okay')).map((t) => [t.text, t.punct])).toEqual([
      ['well', '.'],
      ['okay', ''],
    ]);
  });

  it('rejects a malformed glossary row', () => {
    const bad = [{ term: '', kind: 'person', source: 'glossary' }] as never;
    expect(() => fixTranscript(raw, bad, { removeFillers: false })).toThrow(/Invalid vocabulary entry/);
  });
});
