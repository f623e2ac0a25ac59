// The dashboard's pure parts: stuck decisions, transcript lines, search word positions, formatting.
import { describe, expect, it } from 'vitest';
import { firstMatchingWord, timeOfRawWord } from '@podpipe/control/dashboard/search';
import { orphanAfterMs, orphanReason, stuckReason } from '@podpipe/control/dashboard/stuck';
import { transcriptLines } from '@podpipe/control/dashboard/transcript-lines';
import { clock, ms, query, snippet } from '@podpipe/control/dashboard/view';
import { describeAudit } from '@podpipe/control/dashboard/audit';

describe('stuckReason', () => {
  const now = 1_000_000;
  const lockMs = 30_000;
  const job = { queue: 'ingest', processedOn: now - lockMs - 5000, hasLock: true, workers: 1 };
  it('flags an active job with no live worker, or without its lock, past the lock time', () => {
    expect(stuckReason(job, now, lockMs)).toBeUndefined();
    expect(stuckReason({ ...job, workers: 0 }, now, lockMs)).toMatch(/^no live worker on the ingest queue; its job has been active 35 s/);
    expect(stuckReason({ ...job, hasLock: false }, now, lockMs)).toMatch(/lost its lock/);
  });
  it('gives a job its lock time before judging it', () => {
    expect(stuckReason({ ...job, workers: 0, hasLock: false, processedOn: now - lockMs + 1000 }, now, lockMs)).toBeUndefined();
  });
  it('flags an in-flight episode no queue holds only after the lock time of the stage it is at', () => {
    expect(orphanReason(lockMs - 1, lockMs)).toBeUndefined();
    expect(orphanReason(lockMs + 1000, lockMs)).toMatch(/no job in any queue for 31 s/);
    // transcribe and publish hold their jobs longer than ingest: 90 s idle is an orphan at ingest, not yet at publish.
    expect(orphanAfterMs(null)).toBe(orphanAfterMs('ingest'));
    expect(orphanReason(90_000, orphanAfterMs('ingest'))).toMatch(/no job in any queue for 90 s/);
    expect(orphanReason(90_000, orphanAfterMs('publish'))).toBeUndefined();
  });
});

describe('transcriptLines', () => {
  const w = (text: string, start: number, speaker?: string) => ({ text, start, end: start + 0.5, ...(speaker ? { speaker } : {}) });
  it('breaks at sentence ends and speaker changes, keeping each line’s time span', () => {
    const lines = transcriptLines([w('Hello', 0, 'Ana'), w('there.', 1), w('How', 2), w('are', 3, 'Ben'), w('you?', 4), w('Fine', 5)]);
    expect(lines).toEqual([
      { start: 0, end: 1.5, speaker: 'Ana', text: 'Hello there.' },
      { start: 2, end: 2.5, speaker: 'Ana', text: 'How' },
      { start: 3, end: 4.5, speaker: 'Ben', text: 'are you?' },
      { start: 5, end: 5.5, speaker: 'Ben', text: 'Fine' },
    ]);
  });
  it('caps a line without punctuation at maxWords', () => {
    const words = Array.from({ length: 7 }, (_, i) => w(`w${i}`, i));
    expect(transcriptLines(words, 3).map((l) => l.text)).toEqual(['w0 w1 w2', 'w3 w4 w5', 'w6']);
  });
});

describe('search positions', () => {
  it('finds the first word grown from a lexeme, across case and punctuation', () => {
    const words = ['The', 'Fermentation,', 'of', 'starters'].map((text) => ({ text }));
    expect(firstMatchingWord(words, ['ferment'])).toBe(1);
    expect(firstMatchingWord(words, ['starter'])).toBe(3);
    expect(firstMatchingWord([{ text: 'happy' }], ['happi'])).toBe(0);
    expect(firstMatchingWord(words, ['bread'])).toBe(-1);
  });
  it('maps a raw word to the corrected word made from it', () => {
    const corrected = [
      { text: 'with', start: 1, end: 2, from: [0, 1] as [number, number] },
      { text: 'Pieter Abbeel', start: 2, end: 3, from: [1, 3] as [number, number] },
      { text: 'today', start: 4, end: 5, from: [3, 4] as [number, number] },
    ];
    expect(timeOfRawWord(corrected, 2)).toBe(2);
    expect(timeOfRawWord(corrected, 3)).toBe(4);
  });
});

describe('view helpers', () => {
  it('formats times, durations and queries', () => {
    expect(clock(3725.9)).toBe('1:02:05');
    expect(clock(65)).toBe('1:05');
    expect(ms(850)).toBe('850 ms');
    expect(ms(12_340)).toBe('12.3 s');
    expect(ms(245_000)).toBe('4 min 05 s');
    expect(query({ show: 'a b', status: undefined, page: 1 }, { page: 2 })).toBe('show=a+b&page=2');
  });
  it('keeps only the search marks of a snippet as HTML', () => {
    expect(snippet('<img src=x onerror=alert(1)> <b>name</b>')).toBe('&lt;img src=x onerror=alert(1)&gt; <b>name</b>');
  });
  it('describes audit lines in words', () => {
    expect(describeAudit({ action: 'reprocess', actor: 'dashboard', details: { fromStage: 'segment', force: true, generation: 3 } })).toBe(
      'reprocess from segment (force) → generation 3 by dashboard',
    );
    expect(describeAudit({ action: 'glossary-add', actor: 'cli', details: { term: 'Ng', heard: 'eng' } })).toBe('glossary add "Ng" heard as "eng" by cli');
    expect(describeAudit({ action: 'move', actor: 'cli', details: { from: 'old-show', to: 'new-show', generation: 2 } })).toBe('move to show new-show → generation 2 by cli');
  });
});
