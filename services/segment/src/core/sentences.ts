import type { Silence } from '@podpipe/shared/transcript';
import { isStopword, normalizeWord, stem } from './text.ts';

/** A timed word as segmentation sees it. */
export interface TimedWord {
  text: string;
  start: number;
  end: number;
  speaker?: string;
}

/** One sentence (or, in unpunctuated text, one pause- or cue-delimited stretch of about a sentence). */
export interface Sentence {
  /** First and last word index, inclusive. */
  first: number;
  last: number;
  start: number;
  end: number;
  text: string;
  /** The words as written (a multi-word token such as "Cash App" is split into its parts). */
  texts: string[];
  /** Normalized lowercase forms of `texts`, same length and order. */
  words: string[];
  /** Index (in the input words) of the word each entry of `texts` comes from. */
  wordIndex: number[];
  /** Stems of the content words. */
  stems: string[];
  speaker?: string;
  /** Silence before the sentence (seconds). */
  pauseBefore: number;
}

/** Words that often open a sentence in speech: good places to cut unpunctuated text. */
const OPENERS = new Set(['so', 'and', 'but', 'i', 'you', 'we', 'what', 'how', 'why', 'now', 'well', 'okay', 'because', 'if', 'when', 'then', 'let', "let's", 'the', 'this', 'it', 'that', 'there']);
const LONGEST_UNPUNCTUATED = 30;
const SHORTEST_UNPUNCTUATED = 10;
const LONGEST_PUNCTUATED = 80;
const PUNCTUATED_PAUSE_BREAK = 0.8;
/** Sentences shorter than this many words are fragments of their neighbours. */
const SHORTEST_SENTENCE = 3;
const UNPUNCTUATED_PAUSE_BREAK = 0.3;

const endsSentence = (text: string) => /[.?!…]["'”’)\]]*$/u.test(text);

/**
 * Silence after each word: the larger of the gap to the next word and the detected silences attributed to that gap.
 * A silence goes to the gap nearest its middle, even when word times reach into it or a merged word spans it.
 */
export function pausesAfter(words: TimedWord[], silences: Silence[]): Float64Array {
  const n = words.length;
  const silent = new Float64Array(n);
  for (const s of silences) {
    const middle = (s.start + s.end) / 2;
    // last word starting at or before the middle of the silence
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (words[mid]!.start <= middle) lo = mid;
      else hi = mid - 1;
    }
    if (n === 0 || words[lo]!.start > middle) continue;
    const w = words[lo]!;
    const inside = middle < w.end;
    const gap = !inside || lo === 0 || w.end - middle < middle - w.start ? lo : lo - 1;
    if (gap < n - 1) silent[gap] = silent[gap]! + s.end - s.start;
  }
  const pauses = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) pauses[i] = Math.max(words[i + 1]!.start - words[i]!.end, silent[i]!);
  return pauses;
}

/** Where to cut a run that is too long: the opener nearest the middle, else the longest pause, else the middle. */
function cutPoint(normalized: string[], pauses: Float64Array, from: number, to: number, shortest: number): number {
  const middle = Math.floor((from + to) / 2);
  let best = -1;
  let bestScore = -Infinity;
  for (let i = from + shortest; i <= to - shortest + 1; i++) {
    const score = (OPENERS.has(normalized[i]!) ? 1 : 0) + Math.min(1, pauses[i - 1]! * 4) - Math.abs(i - middle) / (to - from);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best > from ? best : middle;
}

/**
 * Splits timed words into sentences: at sentence punctuation when the text has it, otherwise at pauses and speaker
 * changes, cutting long stretches before a likely sentence opener. Every word index in `cuts` starts a sentence
 * (a sponsor read that begins or ends inside a sentence).
 */
export function splitSentences(words: TimedWord[], silences: Silence[], cuts: ReadonlySet<number> = new Set()): Sentence[] {
  if (words.length === 0) return [];
  const pauses = pausesAfter(words, silences);
  const normalized = words.map((w) => normalizeWord(w.text));
  const punctuated = words.filter((w) => endsSentence(w.text)).length * 40 >= words.length;
  // in unpunctuated text any clear pause ends a sentence; in punctuated text only a long one does
  const pauseBreak = punctuated ? PUNCTUATED_PAUSE_BREAK : UNPUNCTUATED_PAUSE_BREAK;
  const runs: [number, number][] = [];
  let from = 0;
  for (let i = 0; i < words.length; i++) {
    const last = i === words.length - 1;
    const breakHere =
      last ||
      (punctuated && endsSentence(words[i]!.text)) ||
      pauses[i]! >= pauseBreak ||
      cuts.has(i + 1) ||
      words[i + 1]!.speaker !== words[i]!.speaker;
    if (breakHere) {
      runs.push([from, i]);
      from = i + 1;
    }
  }
  const longest = punctuated ? LONGEST_PUNCTUATED : LONGEST_UNPUNCTUATED;
  const shortest = punctuated ? 20 : SHORTEST_UNPUNCTUATED;
  const pieces: [number, number][] = [];
  for (const run of runs) {
    const stack: [number, number][] = [run];
    while (stack.length) {
      const [a, b] = stack.pop()!;
      if (b - a + 1 <= longest) {
        pieces.push([a, b]);
        continue;
      }
      const cut = cutPoint(normalized, pauses, a, b, shortest);
      stack.push([cut, b], [a, cut - 1]);
    }
  }
  // over-eager punctuation leaves fragments ("Use."): fold them into the next sentence unless a pause or a new speaker separates them
  const merged: [number, number][] = [];
  for (let p = 0; p < pieces.length; p++) {
    const [a, b] = pieces[p]!;
    const next = pieces[p + 1];
    if (next && b - a + 1 < SHORTEST_SENTENCE && pauses[b]! < pauseBreak && !cuts.has(b + 1) && words[b + 1]!.speaker === words[b]!.speaker) {
      pieces[p + 1] = [a, next[1]];
      continue;
    }
    merged.push([a, b]);
  }
  return merged.map(([a, b]) => {
    const wordIndex: number[] = [];
    const texts = words.slice(a, b + 1).flatMap((w, k) => {
      const parts = w.text.split(/\s+/).filter(Boolean);
      for (const _ of parts) wordIndex.push(a + k);
      return parts;
    });
    const slice = texts.map(normalizeWord);
    const sentence: Sentence = {
      first: a,
      last: b,
      start: words[a]!.start,
      end: words[b]!.end,
      text: texts.join(' '),
      texts,
      words: slice,
      wordIndex,
      stems: slice.filter((w) => !isStopword(w)).map(stem),
      pauseBefore: a > 0 ? pauses[a - 1]! : 0,
    };
    const speaker = words[a]!.speaker;
    if (speaker !== undefined) sentence.speaker = speaker;
    return sentence;
  });
}
