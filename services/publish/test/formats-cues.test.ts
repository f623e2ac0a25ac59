import { describe, expect, it } from 'vitest';
import type { FixedWord } from '@podpipe/shared/transcript';
import { buildCues, CAPTION_LIMITS, lineCount, wrapLines } from '../src/formats/cues.ts';

/** Words of `text` spoken back to back from `start`, `wordSec` each. */
function timed(text: string, start = 0, wordSec = 0.3, speaker?: string): FixedWord[] {
  return text.split(/\s+/).map((word, i) => ({
    text: word,
    start: start + i * wordSec,
    end: start + (i + 1) * wordSec - 0.02,
    ...(speaker ? { speaker } : {}),
    from: [i, i + 1] as [number, number],
  }));
}

// A deterministic pseudo-random stream of words and punctuation for shape checks.
function lecture(count: number, seed = 7): string {
  const vocabulary = ['data', 'model', 'learning', 'the', 'of', 'we', 'think', 'because', 'really', 'interesting', 'systems', 'people', 'a', 'build', 'Stanford', 'extraordinarily'];
  let state = seed;
  const next = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = vocabulary[Math.floor(next() * vocabulary.length)]!;
    const r = next();
    if (r < 0.08) word += '.';
    else if (r < 0.14) word += ',';
    words.push(word);
  }
  return words.join(' ');
}

describe('wrapLines', () => {
  it('keeps a short cue on one line', () => {
    expect(wrapLines(['Hello', 'there.'], 42)).toEqual(['Hello there.']);
  });

  it('splits a long cue into two lines of at most 42 characters, preferring a comma', () => {
    const units = 'We make hand-made stoneware, mugs, plates and bowls in a garage.'.split(' ');
    const lines = wrapLines(units, 42);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.length <= 42)).toBe(true);
    expect(lines[0]!.endsWith(',')).toBe(true);
    expect(lines.join(' ')).toBe(units.join(' '));
  });

  it('does not end a line on an article when a balanced alternative exists', () => {
    const lines = wrapLines('so we finally moved everything over to the new storefront last spring'.split(' '), 42);
    expect(lines[0]!.split(' ').at(-1)).not.toMatch(/^(the|a|to)$/);
  });

  it('wraps greedily into more lines when no two-line split fits, and lineCount counts the lines it makes', () => {
    const units = 'one two three four five six seven eight nine ten eleven twelve'.split(' ');
    expect(wrapLines(units, 16)).toEqual(['one two three', 'four five six', 'seven eight nine', 'ten eleven', 'twelve']);
    for (const max of [8, 12, 16, 24, 32, 64]) expect(lineCount(units.map((u) => u.length), max)).toBe(wrapLines(units, max).length);
  });
});

describe('buildCues', () => {
  const words = timed(lecture(1500));
  const cues = buildCues(words);

  it('keeps every word exactly once, in order', () => {
    expect(cues.flatMap((cue) => cue.words)).toEqual(words);
  });

  it('respects caption shape: two lines of 42 characters, at most 7 seconds', () => {
    for (const cue of cues) {
      expect(cue.lines.length).toBeLessThanOrEqual(CAPTION_LIMITS.maxLines);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(CAPTION_LIMITS.maxLineChars);
      expect(cue.end - cue.start).toBeLessThanOrEqual(CAPTION_LIMITS.maxSec);
    }
  });

  it('produces monotone, non-overlapping times', () => {
    for (const [i, cue] of cues.entries()) {
      expect(cue.end).toBeGreaterThan(cue.start);
      if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1]!.end);
    }
  });

  it('ends most cues at a sentence or clause end', () => {
    const aligned = cues.filter((cue) => /[.,]$/.test(cue.words.at(-1)!.text)).length;
    expect(aligned / cues.length).toBeGreaterThan(0.6);
  });

  it('closes a cue at a sentence end rather than running into the next sentence', () => {
    const [first, second] = buildCues(timed('This is the first full sentence here. And this one follows it.'));
    expect(first!.words.at(-1)!.text).toBe('here.');
    expect(second!.words[0]!.text).toBe('And');
  });

  it('never puts two speakers in one cue and carries the speaker', () => {
    const dialog = [...timed('So what happened next?', 0, 0.3, 'Ana'), ...timed('We shipped it.', 1.3, 0.3, 'Ben')];
    const result = buildCues(dialog);
    expect(result.map((cue) => cue.speaker)).toEqual(['Ana', 'Ben']);
  });

  it('breaks at a long pause even mid-sentence', () => {
    const result = buildCues([...timed('and then', 0), ...timed('nothing happened', 3)]);
    expect(result.map((cue) => cue.lines.join(' '))).toEqual(['and then', 'nothing happened']);
  });

  it('keeps a short cue on screen for a second when the next cue leaves room', () => {
    const [only] = buildCues(timed('Yes.', 10, 0.2));
    expect(only!.end - only!.start).toBeCloseTo(1, 5);
  });

  it('never keeps the last cue on screen past the end of the audio', () => {
    const [only] = buildCues(timed('Yes.', 10, 0.2), CAPTION_LIMITS, 10.5);
    expect(only!.end).toBeCloseTo(10.5, 5);
  });

  it('splits a long unpunctuated sentence into cues that still fit', () => {
    const result = buildCues(timed('and we kept going with more and more words without any punctuation at all for a very long time indeed until it stopped'));
    expect(result.length).toBeGreaterThan(1);
    expect(result.every((cue) => cue.lines.every((line) => line.length <= 42))).toBe(true);
  });

  it('breaks where the speaker paused rather than at an even split', () => {
    const first = timed('and we kept going with more and more words', 0);
    const second = timed('without any punctuation at all for a long time', first.at(-1)!.end + 0.7);
    const result = buildCues([...first, ...second]);
    expect(result.map((cue) => cue.words.length)).toEqual([first.length, second.length]);
  });

  it('ends a phrase-sized cue at a half-second pause, but does not strand a single word', () => {
    const phrase = timed('so the thing about shipping', 0);
    const rest = timed('is that it breaks', phrase.at(-1)!.end + 0.6);
    expect(buildCues([...phrase, ...rest]).map((cue) => cue.lines.join(' '))).toEqual(['so the thing about shipping', 'is that it breaks']);
    const short = timed('so', 0);
    const after = timed('we moved everything over', short.at(-1)!.end + 0.6);
    expect(buildCues([...short, ...after])).toHaveLength(1);
  });

  describe('on aligned dialogue with random turns and pauses', () => {
    // a deterministic stream of words with speaker changes and pauses of every length
    let state = 11;
    const next = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const speakers = ['Ana', 'Ben', 'Cleo'];
    const dialog: FixedWord[] = [];
    let speaker = 'Ana';
    let t = 0;
    const text = lecture(3000, 3).split(' ');
    text.forEach((word, i) => {
      const r = next();
      if (r < 0.04) speaker = speakers[(speakers.indexOf(speaker) + 1 + Math.floor(next() * 2)) % 3]!;
      const pause = r < 0.1 ? 0.2 + next() * 2.5 : next() * 0.15;
      t += pause;
      const length = 0.15 + next() * 0.4;
      dialog.push({ text: word, start: t, end: t + length, speaker, from: [i, i + 1] });
      t += length;
    });
    const result = buildCues(dialog);

    it('never lets a speaker change fall inside a cue', () => {
      for (const cue of result) expect(new Set(cue.words.map((w) => w.speaker))).toEqual(new Set([cue.speaker]));
      const changes = dialog.filter((w, i) => i > 0 && w.speaker !== dialog[i - 1]!.speaker).length;
      expect(changes).toBeGreaterThan(50);
    });

    it('never keeps a cue on screen through a pause of a second or more', () => {
      for (const cue of result) {
        for (let i = 1; i < cue.words.length; i++) expect(cue.words[i]!.start - cue.words[i - 1]!.end).toBeLessThan(1);
        // after its last word a cue lingers only to make up its minimum time on screen
        expect(cue.end - cue.words.at(-1)!.end).toBeLessThanOrEqual(CAPTION_LIMITS.minSec + 1e-9);
      }
    });

    it('takes its times from the aligned words', () => {
      for (const [i, cue] of result.entries()) {
        const previousEnd = i > 0 ? result[i - 1]!.end : 0;
        expect(cue.start).toBeCloseTo(Math.max(cue.words[0]!.start, previousEnd), 9);
        expect(cue.end).toBeGreaterThanOrEqual(cue.words.at(-1)!.end);
      }
      expect(result.flatMap((cue) => cue.words)).toEqual(dialog);
    });
  });
});

/**
 * buildCues as it was before it counted lines from word lengths (one wrapLines of joined slices per candidate): the
 * specification the faster one must match cue for cue.
 */
const SENTENCE = /[.?!…]["'”’)\]]*$/;
const CLAUSE = /[,;:–—]["'”’)\]]*$/;
const CLING = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'my', 'your', 'our', 'their', 'his', 'her', 'its']);
const lineLength = (units: string[]) => units.reduce((sum, unit) => sum + unit.length, 0) + Math.max(0, units.length - 1);

/** wrapLines as it was before it added lengths up (a join of two slices per split point). */
function referenceLines(units: string[], maxChars: number): string[] {
  if (units.length === 0) return [];
  if (lineLength(units) <= maxChars) return [units.join(' ')];
  let best: { at: number; score: number } | null = null;
  for (let at = 1; at < units.length; at++) {
    const first = lineLength(units.slice(0, at));
    const second = lineLength(units.slice(at));
    if (first > maxChars || second > maxChars) continue;
    const before = units[at - 1] ?? '';
    const score = -Math.abs(first - second) + (SENTENCE.test(before) ? 12 : CLAUSE.test(before) ? 8 : 0) - (CLING.has(before.toLowerCase()) ? 6 : 0);
    if (!best || score > best.score) best = { at, score };
  }
  if (best) return [units.slice(0, best.at).join(' '), units.slice(best.at).join(' ')];
  const lines: string[][] = [[]];
  for (const unit of units) {
    const line = lines.at(-1)!;
    if (line.length > 0 && lineLength([...line, unit]) > maxChars) lines.push([unit]);
    else line.push(unit);
  }
  return lines.map((line) => line.join(' '));
}

function referenceCues(words: FixedWord[], limits = CAPTION_LIMITS, endSec = Infinity) {
  const wrapLines = referenceLines;
  const textOf = (ws: FixedWord[]) => ws.map((w) => w.text);
  const span = (ws: FixedWord[]) => (ws.length === 0 ? 0 : ws.at(-1)!.end - ws[0]!.start);
  const fits = (ws: FixedWord[]) => ws.length <= 1 || (wrapLines(textOf(ws), limits.maxLineChars).length <= limits.maxLines && span(ws) <= limits.maxSec);
  const startsNew = (cur: FixedWord[], next: FixedWord) => {
    const prev = cur.at(-1)!;
    const pause = next.start - prev.end;
    if (prev.speaker !== next.speaker || pause >= limits.pauseBreakSec) return true;
    return pause >= limits.phrasePauseSec && (span(cur) >= limits.minSec || lineLength(textOf(cur)) >= 20);
  };
  const bestBreak = (ws: FixedWord[]) => {
    let best = { at: ws.length, score: -Infinity };
    for (let at = 1; at <= ws.length; at++) {
      const last = ws[at - 1]!;
      const next = ws[at];
      const head = ws.slice(0, at);
      let score = SENTENCE.test(last.text) ? 3 : CLAUSE.test(last.text) ? 2 : 0;
      const pause = next ? next.start - last.end : 0;
      if (pause >= limits.phrasePauseSec) score += 2;
      else if (pause >= 0.25) score += 1;
      if (CLING.has(last.text.toLowerCase())) score -= 1;
      if (lineLength(textOf(head)) < 15 && span(head) < limits.minSec) score -= 2.5;
      score += (at / ws.length) * 0.9;
      if (score > best.score) best = { at, score };
    }
    return best.at;
  };
  const complete = (ws: FixedWord[]) => {
    const last = ws.at(-1);
    return last !== undefined && SENTENCE.test(last.text) && (span(ws) >= limits.minSec || lineLength(textOf(ws)) >= 20);
  };
  const groups: FixedWord[][] = [];
  let current: FixedWord[] = [];
  const close = (count: number) => {
    if (count > 0) groups.push(current.slice(0, count));
    current = current.slice(count);
  };
  for (const word of words) {
    if (current.length > 0 && startsNew(current, word)) close(current.length);
    while (current.length > 0 && !fits([...current, word])) close(bestBreak(current));
    current.push(word);
    if (complete(current)) close(current.length);
  }
  close(current.length);
  // the same timing of the groups as buildCues: compare the groups' words and the cues' times and lines
  return { groups, cues: buildCuesFromGroups(groups, limits, endSec) };
}

function buildCuesFromGroups(groups: FixedWord[][], limits: typeof CAPTION_LIMITS, endSec: number) {
  const cues: { start: number; end: number; lines: string[] }[] = [];
  for (const [i, group] of groups.entries()) {
    const start = Math.max(group[0]!.start, cues.at(-1)?.end ?? 0);
    const spoken = Math.max(group.at(-1)!.end, start + 0.01);
    cues.push({ start, end: Math.max(spoken, Math.min(start + limits.minSec, groups[i + 1]?.[0]?.start ?? endSec)), lines: referenceLines(group.map((w) => w.text), limits.maxLineChars) });
  }
  return cues;
}

describe('buildCues against the slice-joining specification', () => {
  it('makes the same cues from random talk: long words, punctuation, pauses, speaker turns, narrow lines', () => {
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['a', 'the', 'of', 'we', 'really', 'interesting', 'extraordinarily', 'Stanford', 'I', 'supercalifragilisticexpialidocious-and-then-some-more', 'ok'];
    for (const limits of [CAPTION_LIMITS, { ...CAPTION_LIMITS, maxLineChars: 16, maxLines: 3 }, { ...CAPTION_LIMITS, maxLines: 1, maxSec: 3 }]) {
      let t = 0;
      const words: FixedWord[] = Array.from({ length: 4000 }, (_, i) => {
        let text = pieces[Math.floor(next() * pieces.length)]!;
        const r = next();
        if (r < 0.1) text += '.';
        else if (r < 0.16) text += ',';
        else if (r < 0.18) text += '?”';
        t += next() < 0.1 ? next() * 1.5 : next() * 0.1;
        const start = t;
        t += 0.05 + next() * 0.5;
        return { text, start, end: t, from: [i, i + 1] as [number, number], ...(next() < 0.5 ? {} : { speaker: next() < 0.9 ? 'A' : 'B' }) };
      });
      const ours = buildCues(words, limits, t + 3);
      const reference = referenceCues(words, limits, t + 3);
      expect(ours.map((c) => c.words)).toEqual(reference.groups);
      expect(ours.map((c) => ({ start: c.start, end: c.end, lines: c.lines }))).toEqual(reference.cues);
    }
  });
});
