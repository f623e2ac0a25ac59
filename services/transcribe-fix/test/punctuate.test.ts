import { describe, expect, it } from 'vitest';
import { gapCues, punctuate } from '../src/fix/punctuate.ts';
import type { Token } from '../src/fix/token.ts';

/** Raw recognizer tokens: lowercase words, optional speaker, times from a list of [start, end] or all 0. */
function raw(text: string, opts: { speaker?: string; times?: Array<[number, number]>; offset?: number } = {}): Token[] {
  return text.split(' ').map((w, k) => {
    const i = k + (opts.offset ?? 0);
    const [start, end] = opts.times?.[k] ?? [0, 0];
    return { text: w, from: [i, i + 1] as [number, number], start, end, punct: '' as const, ...(opts.speaker ? { speaker: opts.speaker } : {}) };
  });
}

/** Evenly spaced word times (0.3 s per word), with an extra pause after word `pauseAfter`. */
function timed(count: number, pauseAfter = -1, pause = 0): Array<[number, number]> {
  let t = 0;
  return Array.from({ length: count }, (_, k) => {
    const span: [number, number] = [t, t + 0.25];
    t += 0.3 + (k === pauseAfter ? pause : 0);
    return span;
  });
}

const isEnd = (t: Token | undefined): boolean => t?.punct === '.' || t?.punct === '?';
const text = (ts: Token[]): string => ts.map((t) => t.text + t.punct).join(' ');

describe('punctuate', () => {
  it('always ends the transcript with a sentence end', () => {
    const out = punctuate(raw('and that is all we have time for today'));
    expect(isEnd(out.at(-1))).toBe(true);
  });

  it('puts a question mark after a question', () => {
    expect(punctuate(raw('what do you think about that')).at(-1)!.punct).toBe('?');
    expect(punctuate(raw('do you want to start')).at(-1)!.punct).toBe('?');
  });

  it('ends a statement with a period', () => {
    expect(punctuate(raw('we shipped the new version last week')).at(-1)!.punct).toBe('.');
  });

  it('starts a new sentence at a spoken greeting', () => {
    const out = punctuate(raw('and with me as ever is my cohost hi everyone great to be here'));
    expect(text(out)).toMatch(/cohost[.!?] hi/);
    expect(gapCues(raw('my cohost hi everyone'))[1]?.endBonus).toBeGreaterThan(0);
    expect(gapCues(raw('my cohost hello everyone'))[1]?.endBonus).toBeGreaterThan(0);
  });

  it('weighs against a comma before a preposition, and only there', () => {
    const cues = gapCues(raw('shaped by herders for at least two thousand years'));
    expect(cues[2]?.commaBonus).toBeLessThan(0); // herders | for
    expect(cues[5]?.commaBonus ?? 0).toBe(0); // least | two
  });

  it('splits run-on speech into sentences', () => {
    const out = punctuate(raw('thank you so much for having me it is great to be here'));
    expect(text(out)).toMatch(/me[.!?] it is/);
  });

  it('ends a sentence where the speaker changes, even mid-phrase', () => {
    const a = raw('i really think that the', { speaker: 'A' });
    const b = raw('best part was the music', { speaker: 'B', offset: a.length });
    const out = punctuate([...a, ...b]);
    expect(isEnd(out[a.length - 1])).toBe(true);
    expect(out.filter(isEnd)).toHaveLength(2);
  });

  it('ends a sentence at a long pause that the words alone would not break', () => {
    const words = 'we spent the whole afternoon fixing the printer in the office';
    const plain = punctuate(raw(words, { times: timed(11) }));
    const paused = punctuate(raw(words, { times: timed(11, 4, 1.2) }));
    expect(isEnd(plain[4])).toBe(false);
    expect(isEnd(paused[4])).toBe(true);
    // Times aligned to the audio rather than measured: their pauses are not evidence.
    expect(isEnd(punctuate(raw(words, { times: timed(11, 4, 1.2) }), undefined, { pauses: false })[4])).toBe(false);
  });

  it('reads a short pause as a comma and a longer one as a sentence end', () => {
    const words = 'we walked down to the market and then we cooked dinner at home';
    const short = punctuate(raw(words, { times: timed(13, 5, 0.15) }));
    const long = punctuate(raw(words, { times: timed(13, 5, 0.4) }));
    expect(short[5]!.punct).toBe(',');
    expect(isEnd(long[5])).toBe(true);
    // words that run on are not split
    expect(short.filter((t) => t.punct).map((t) => t.text)).toEqual(['market', 'home']);
  });

  it('does not read an intensifier as a spoken sentence opener', () => {
    const out = punctuate(raw('thank you so much for having me'));
    expect(isEnd(out[1])).toBe(false);
  });

  it('puts commas inside long sentences', () => {
    const out = punctuate(raw('so if you enjoy the show please subscribe and tell a friend'));
    expect(out.slice(0, -1).some((t) => t.punct === ',')).toBe(true);
  });

  it('keeps punctuation an earlier pass already set, and ends the sentence there', () => {
    const input = raw('yes exactly and then we left');
    input[1] = { ...input[1]!, punct: '.' };
    const out = punctuate(input);
    expect(out[1]!.punct).toBe('.');
  });

  it('returns new tokens with the same words and spans, input untouched', () => {
    const input = raw('hello and welcome to the show', { times: timed(6) });
    const copy = structuredClone(input);
    const out = punctuate(input);
    expect(input).toEqual(copy);
    expect(out.map((t) => [t.text, t.from, t.start, t.end])).toEqual(input.map((t) => [t.text, t.from, t.start, t.end]));
    expect(out[0]).not.toBe(input[0]);
  });

  it('handles an empty stream', () => {
    expect(punctuate([])).toEqual([]);
  });
});

describe('gapCues', () => {
  it('forces an end at a speaker change and nowhere else', () => {
    const cues = gapCues([...raw('hi there', { speaker: 'A' }), ...raw('hello', { speaker: 'B', offset: 2 })]);
    expect(cues.map((c) => c?.forceEnd ?? false)).toEqual([false, true, false]);
  });

  it('turns a pause into end evidence only when the transcript has times', () => {
    expect(gapCues(raw('one two three', { times: timed(3, 0, 1) }))[0]?.endBonus ?? 0).toBeGreaterThan(0);
    expect(gapCues(raw('one two three'))[0]?.endBonus ?? 0).toBe(0);
  });
});
