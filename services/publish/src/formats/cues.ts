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

function lineLength(units: string[]): number {
  return units.reduce((sum, unit) => sum + unit.length, 0) + Math.max(0, units.length - 1);
}

/** Wraps word units into caption lines: one line if it fits, else the most balanced two-line split that prefers punctuation, else greedy lines. */
export function wrapLines(units: string[], maxChars: number): string[] {
  if (units.length === 0) return [];
  if (lineLength(units) <= maxChars) return [units.join(' ')];
  let best: { at: number; score: number } | null = null;
  for (let at = 1; at < units.length; at++) {
    const first = lineLength(units.slice(0, at));
    const second = lineLength(units.slice(at));
    if (first > maxChars || second > maxChars) continue;
    const before = units[at - 1] ?? '';
    const score = -Math.abs(first - second) + (endsSentence(before) ? 12 : endsClause(before) ? 8 : 0) - (clings(before) ? 6 : 0);
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

function textOf(words: FixedWord[]): string[] {
  return words.map((word) => word.text);
}

function span(words: FixedWord[]): number {
  return words.length === 0 ? 0 : words.at(-1)!.end - words[0]!.start;
}

function fits(words: FixedWord[], limits: CueLimits): boolean {
  if (words.length <= 1) return true;
  return wrapLines(textOf(words), limits.maxLineChars).length <= limits.maxLines && span(words) <= limits.maxSec;
}

function startsNewCue(current: FixedWord[], next: FixedWord, limits: CueLimits): boolean {
  const previous = current.at(-1)!;
  const pause = next.start - previous.end;
  if (previous.speaker !== next.speaker || pause >= limits.pauseBreakSec) return true;
  return pause >= limits.phrasePauseSec && (span(current) >= limits.minSec || lineLength(textOf(current)) >= PHRASE_CHARS);
}

// Where to end a cue that cannot take the next word: the latest sentence end, else clause end, else pause, never leaving a stub.
function bestBreak(words: FixedWord[], limits: CueLimits): number {
  let best = { at: words.length, score: -Infinity };
  for (let at = 1; at <= words.length; at++) {
    const last = words[at - 1]!;
    const next = words[at];
    const head = words.slice(0, at);
    let score = endsSentence(last.text) ? 3 : endsClause(last.text) ? 2 : 0;
    const pause = next ? next.start - last.end : 0;
    if (pause >= limits.phrasePauseSec) score += 2;
    else if (pause >= 0.25) score += 1;
    if (clings(last.text)) score -= 1;
    if (lineLength(textOf(head)) < 15 && span(head) < limits.minSec) score -= 2.5;
    score += (at / words.length) * 0.9;
    if (score > best.score) best = { at, score };
  }
  return best.at;
}

function isComplete(words: FixedWord[], limits: CueLimits): boolean {
  const last = words.at(-1);
  return last !== undefined && endsSentence(last.text) && (span(words) >= limits.minSec || lineLength(textOf(words)) >= 20);
}

/** Groups timed words into caption cues: sentence-aligned where possible, split at the speaker's pauses and clauses, never across speakers or a pause of pauseBreakSec. */
/** `endSec`, the audio's end, bounds how long the last cue stays on screen. */
export function buildCues(words: FixedWord[], limits: CueLimits = CAPTION_LIMITS, endSec = Infinity): Cue[] {
  const groups: FixedWord[][] = [];
  let current: FixedWord[] = [];
  const close = (count: number): void => {
    if (count > 0) groups.push(current.slice(0, count));
    current = current.slice(count);
  };
  for (const word of words) {
    if (current.length > 0 && startsNewCue(current, word, limits)) close(current.length);
    while (current.length > 0 && !fits([...current, word], limits)) close(bestBreak(current, limits));
    current.push(word);
    if (isComplete(current, limits)) close(current.length);
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
