import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript, fixTranscriptInWindows } from '../src/fix/index.ts';
import { words } from './fix-helpers.ts';

const meta = EpisodeMeta.parse({ show: 'Lex Fridman Podcast', hosts: ['Lex Fridman'], guests: ['Andrew Ng'], sponsors: ['Cash App'] });
const vocabulary = buildVocabulary(meta, []);

/** About 7,000 raw words: long enough for several windows, with names the vocabulary corrects throughout. */
const paragraph =
  'so i was talking to andrew eng about how the courses at stanford started and he said that we put the videos on youtube ' +
  'and people came from everywhere okay and then what happened next well we launched coursera and it grew very fast ' +
  'this show is presented by cash app the number one finance app in the app store when you get it use code lex podcast ';
const long = words(Array.from({ length: 100 }, () => paragraph).join(''));

describe('fixTranscriptInWindows', () => {
  const windows = [...fixTranscriptInWindows(long, vocabulary, {})];

  it('covers every raw word once, in order, across several windows', () => {
    expect(windows.length).toBeGreaterThan(2);
    const all = windows.flatMap((w) => w.words);
    expect(all[0]!.from[0]).toBe(0);
    for (let i = 1; i < all.length; i++) expect(all[i]!.from[0]).toBe(all[i - 1]!.from[1]);
    expect(all.at(-1)!.from[1]).toBe(long.length);
  });

  it('starts every window at a sentence start and ends it at a sentence end', () => {
    for (const w of windows) {
      expect(w.words[0]!.text).toMatch(/^[A-Z0-9$]/);
      expect(w.words.at(-1)!.text).toMatch(/[.?!]$/);
    }
  });

  it('reports each correction once, with raw positions of the whole stream', () => {
    const learned = windows.flatMap((w) => w.learned);
    expect(learned.filter((l) => l.term === 'Andrew Ng')).toHaveLength(100);
    const starts = learned.map((l) => l.at);
    expect(new Set(starts).size).toBe(starts.length);
    expect(learned.every((l) => long[l.at]!.text === l.heard.split(' ')[0])).toBe(true);
    const edits = windows.flatMap((w) => w.edits);
    expect(new Set(edits.map((e) => e.from[0])).size).toBe(edits.length);
  });

  it('is what fixTranscript returns, window by window', () => {
    const whole = fixTranscript(long, vocabulary, {});
    expect(whole.words).toEqual(windows.flatMap((w) => w.words));
    expect(whole.edits).toEqual(windows.flatMap((w) => w.edits));
  });

  it('gets through a window whose words are all dropped (fillers) without losing the rest', () => {
    const input = words(`${'um '.repeat(2500)}so that was the end of it`);
    const fixed = fixTranscript(input, vocabulary, { removeFillers: true });
    expect(fixed.words.map((w) => w.text).join(' ')).toBe('So that was the end of it.');
    expect(fixed.words[0]!.from).toEqual([2500, 2501]);
    expect(fixed.edits.filter((e) => e.rule === 'filler')).toHaveLength(2500);
  });
});
