import type { FixedWord } from '@podpipe/shared/transcript';

/** Caption shape limits (broadcast caption norms: two lines of 42 characters, 1-7 s on screen). */
export interface CueLimits {
  maxLineChars: number;
  maxLines: number;
  maxSec: number;
  /** Shortest time on screen when the next cue leaves room. */
  minSec: number;
  /** A pause this long between words always ends a cue, so captions do not linger over silence. */
  pauseBreakSec: number;
  /** A pause this long is where the speaker phrased: it ends a cue that already reads as a phrase, and is a preferred break. */
  phrasePauseSec: number;
}

export const CAPTION_LIMITS: CueLimits = { maxLineChars: 42, maxLines: 2, maxSec: 7, minSec: 1, pauseBreakSec: 1, phrasePauseSec: 0.5 };

/** A cue at least this long (characters) reads as a phrase of its own. */
const PHRASE_CHARS = 20;

/** One caption-sized phrase: consecutive words of one speaker, wrapped into lines. */
export interface Cue {
  start: number;
  end: number;
  speaker?: string;
  words: FixedWord[];
  lines: string[];
}

const SENTENCE_END = /[.?!…]["'”’)\]]*$/;
const CLAUSE_END = /[,;:–—]["'”’)\]]*$/;
// Breaking right after these leaves a dangling article or preposition at a line or cue end.
const CLINGING_WORDS = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'my', 'your', 'our', 'their', 'his', 'her', 'its']);

function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

function endsClause(text: string): boolean {
  return CLAUSE_END.test(text);
}

function clings(text: string): boolean {
  return CLINGING_WORDS.has(text.toLowerCase());
}

/** Wraps word units into caption lines: one line if it fits, else the most balanced two-line split that prefers punctuation, else greedy lines. */
export function wrapLines(units: string[], maxChars: number): string[] {
  if (units.length === 0) return [];
  const lengths = units.map((unit) => unit.length);
  const total = lengthOnOneLine(lengths);
  if (total <= maxChars) return [units.join(' ')];
  let best: { at: number; score: number } | null = null;
  let prefix = 0; // characters of units 0..at-1
  for (let at = 1; at < units.length; at++) {
    prefix += units[at - 1]!.length;
    const first = prefix + at - 1;
    const second = total - prefix - at;
    if (first > maxChars || second > maxChars) continue;
    const before = units[at - 1] ?? '';
    const score = -Math.abs(first - second) + (endsSentence(before) ? 12 : endsClause(before) ? 8 : 0) - (clings(before) ? 6 : 0);
    if (!best || score > best.score) best = { at, score };
  }
  if (best) return [units.slice(0, best.at).join(' '), units.slice(best.at).join(' ')];
  const starts = [0, ...greedyLineStarts(lengths, maxChars), units.length];
  return starts.slice(1).map((end, k) => units.slice(starts[k], end).join(' '));
}

/** Where greedy wrapping starts each line after the first: a unit goes to a new line when it would overflow this one. */
function greedyLineStarts(lengths: readonly number[], maxChars: number): number[] {
  const starts: number[] = [];
  let line = -1; // the current line's characters; -1 while it is empty
  lengths.forEach((length, k) => {
    if (line >= 0 && line + 1 + length > maxChars) {
      starts.push(k);
      line = length;
    } else line = line < 0 ? length : line + 1 + length;
  });
  return starts;
}

function textOf(words: FixedWord[]): string[] {
  return words.map((word) => word.text);
}

/**
 * How many lines wrapLines makes of units of these lengths (characters), without making them: one if they fit, two
 * if some split fits both halves, else the greedy lines. buildCues asks this once or more per word, so it adds up
 * lengths instead of joining slices (on an 85-minute episode the slices were most of publish's time).
 */
export function lineCount(lengths: readonly number[], maxChars: number): number {
  const n = lengths.length;
  if (n === 0) return 0;
  const total = lengthOnOneLine(lengths);
  if (total <= maxChars) return 1;
  let prefix = 0;
  for (let at = 1; at < n; at++) {
    prefix += lengths[at - 1]!;
    // the first line holds units 0..at-1, the second the rest, each with a space between units
    if (prefix + at - 1 <= maxChars && total - prefix - at <= maxChars) return 2;
  }
  return 1 + greedyLineStarts(lengths, maxChars).length;
}

/** Characters of the units of these lengths on one line. */
function lengthOnOneLine(lengths: readonly number[]): number {
  let total = Math.max(0, lengths.length - 1);
  for (const length of lengths) total += length;
  return total;
}

function span(words: FixedWord[]): number {
  return words.length === 0 ? 0 : words.at(-1)!.end - words[0]!.start;
}

/** Whether `words` plus `next` (their text lengths `lengths` and `nextLength`) fit in one cue. */
function fitsWith(words: FixedWord[], lengths: number[], next: FixedWord, nextLength: number, limits: CueLimits): boolean {
  if (words.length === 0) return true;
  lengths.push(nextLength);
  const lines = lineCount(lengths, limits.maxLineChars);
  lengths.pop();
  return lines <= limits.maxLines && next.end - words[0]!.start <= limits.maxSec;
}

function startsNewCue(current: FixedWord[], lengths: number[], next: FixedWord, limits: CueLimits): boolean {
  const previous = current.at(-1)!;
  const pause = next.start - previous.end;
  if (previous.speaker !== next.speaker || pause >= limits.pauseBreakSec) return true;
  return pause >= limits.phrasePauseSec && (span(current) >= limits.minSec || lengthOnOneLine(lengths) >= PHRASE_CHARS);
}

// Where to end a cue that cannot take the next word: the latest sentence end, else clause end, else pause, never leaving a stub.
function bestBreak(words: FixedWord[], lengths: number[], limits: CueLimits): number {
  let best = { at: words.length, score: -Infinity };
  let prefix = 0;
  for (let at = 1; at <= words.length; at++) {
    const last = words[at - 1]!;
    const next = words[at];
    prefix += lengths[at - 1]!;
    let score = endsSentence(last.text) ? 3 : endsClause(last.text) ? 2 : 0;
    const pause = next ? next.start - last.end : 0;
    if (pause >= limits.phrasePauseSec) score += 2;
    else if (pause >= 0.25) score += 1;
    if (clings(last.text)) score -= 1;
    // the head, words 0..at-1: its characters on one line and its time on screen
    if (prefix + at - 1 < 15 && last.end - words[0]!.start < limits.minSec) score -= 2.5;
    score += (at / words.length) * 0.9;
    if (score > best.score) best = { at, score };
  }
  return best.at;
}

function isComplete(words: FixedWord[], lengths: number[], limits: CueLimits): boolean {
  const last = words.at(-1);
  return last !== undefined && endsSentence(last.text) && (span(words) >= limits.minSec || lengthOnOneLine(lengths) >= 20);
}

/** Groups timed words into caption cues: sentence-aligned where possible, split at the speaker's pauses and clauses, never across speakers or a pause of pauseBreakSec. */
/** `endSec`, the audio's end, bounds how long the last cue stays on screen. */
export function buildCues(words: FixedWord[], limits: CueLimits = CAPTION_LIMITS, endSec = Infinity): Cue[] {
  const groups: FixedWord[][] = [];
  let current: FixedWord[] = [];
  // the text length of each word of `current`
  let lengths: number[] = [];
  const close = (count: number): void => {
    if (count > 0) groups.push(current.slice(0, count));
    current = current.slice(count);
    lengths = lengths.slice(count);
  };
  for (const word of words) {
    const length = word.text.length;
    if (current.length > 0 && startsNewCue(current, lengths, word, limits)) close(current.length);
    while (current.length > 0 && !fitsWith(current, lengths, word, length, limits)) close(bestBreak(current, lengths, limits));
    current.push(word);
    lengths.push(length);
    if (isComplete(current, lengths, limits)) close(current.length);
  }
  close(current.length);
  return timeCues(groups, limits, endSec);
}

// Cues never overlap and stay on screen for minSec when the next cue (or the audio's end) leaves room.
function timeCues(groups: FixedWord[][], limits: CueLimits, endSec: number): Cue[] {
  const cues: Cue[] = [];
  for (const [index, group] of groups.entries()) {
    const previousEnd = cues.at(-1)?.end ?? 0;
    const nextStart = groups[index + 1]?.[0]?.start ?? endSec;
    const start = Math.max(group[0]!.start, previousEnd);
    const spoken = Math.max(group.at(-1)!.end, start + 0.01);
    const end = Math.max(spoken, Math.min(start + limits.minSec, nextStart));
    const speaker = group[0]!.speaker;
    cues.push({
      start,
      end,
      ...(speaker ? { speaker } : {}),
      words: group,
      lines: wrapLines(textOf(group), limits.maxLineChars),
    });
  }
  return cues;
}
