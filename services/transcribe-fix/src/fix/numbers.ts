import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';
import { plainWord } from './text.ts';

const UNITS: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const TEENS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
/** Words after which a bare "9 14" is read as a clock time. */
const TIME_CUES = new Set(['at', 'from', 'to', 'until', 'till', 'by', 'about', 'around', 'since', 'before', 'after', 'between']);
const DIGITS = /^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$/;

type WordClass = 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'and' | 'a' | 'point' | 'oh' | 'digits';

function classify(word: string): WordClass | undefined {
  if (word in UNITS) return 'unit';
  if (word in TEENS) return 'teen';
  if (word in TENS) return 'tens';
  if (word === 'hundred') return 'hundred';
  if (word in SCALES) return 'scale';
  if (word === 'and') return 'and';
  if (word === 'a') return 'a';
  if (word === 'point') return 'point';
  if (word === 'oh') return 'oh';
  if (DIGITS.test(word)) return 'digits';
  return undefined;
}

const small = (w: string) => UNITS[w] ?? TEENS[w] ?? TENS[w];

interface ParsedNumber {
  /** Tokens consumed. */
  length: number;
  value: number;
  /** Written form without money/percent marks ("30,000", "2.5 million", "2024"). */
  written: string;
  /** A bare number word below ten, which AP style keeps in words. */
  keepWords: boolean;
  year: boolean;
}

/** Splits a token into number words ("forty-eight" -> forty, eight), or undefined if it is not all number words. */
function numberWords(plain: string | undefined): string[] | undefined {
  if (!plain) return undefined;
  const parts = plain.split('-');
  return parts.every((p) => classify(p) !== undefined) ? parts : undefined;
}

/** Each token's plain lowercase word; '' for locked tokens, which no number rule may touch. */
function plainWords(tokens: Token[]): string[] {
  return tokens.map((t) => (t.locked ? '' : plainWord(t.text)));
}

function formatInteger(value: number, year: boolean): string {
  return year || value < 1000 ? String(value) : value.toLocaleString('en-US');
}

/** "nineteen ninety five" / "twenty twenty four" / "nineteen oh five": a year. */
function parseYear(words: string[]): { used: number; value: number } | undefined {
  const [first, second, third] = words;
  if (first !== 'nineteen' && first !== 'twenty') return undefined;
  const century = (TEENS[first] ?? TENS[first]!) * 100;
  if (second === 'oh' && third && third in UNITS && UNITS[third]! > 0) return { used: 3, value: century + UNITS[third]! };
  if (second && second in TEENS) return { used: 2, value: century + TEENS[second]! };
  if (second && second in TENS) {
    const unit = third && third in UNITS && UNITS[third]! > 0 ? UNITS[third]! : 0;
    return { used: unit ? 3 : 2, value: century + TENS[second]! + unit };
  }
  return undefined;
}

/** Parses spoken number words starting at token i into a value and its written form. */
export function parseNumber(tokens: Token[], i: number, plain: string[] = plainWords(tokens)): ParsedNumber | undefined {
  if (!numberWords(plain[i])) return undefined;
  // Flatten following tokens' number words, remembering which token each came from.
  const words: string[] = [];
  const owner: number[] = [];
  for (let t = i; t < tokens.length && words.length < 12; t++) {
    const parts = numberWords(plain[t]);
    if (!parts || (t > i && tokens[t - 1]!.punct)) break;
    for (const p of parts) (words.push(p), owner.push(t));
  }
  if (!words.length) return undefined;
  const tokensFor = (used: number) => owner[used - 1]! - i + 1;
  const endsOnToken = (used: number) => used === words.length || owner[used] !== owner[used - 1];

  const year = parseYear(words);
  if (year && endsOnToken(year.used)) {
    return { length: tokensFor(year.used), value: year.value, written: String(year.value), keepWords: false, year: true };
  }

  let total = 0;
  let current = 0;
  let lastScale = Infinity;
  let state: WordClass | 'start' = 'start';
  let used = 0;
  let decimals = '';
  let scaleWord = '';
  let sawWords = false;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    const cls = classify(word)!;
    const next = words[w + 1];
    const nextCls = next ? classify(next) : undefined;
    if (cls === 'a') {
      if (state !== 'start' || (nextCls !== 'hundred' && nextCls !== 'scale')) break;
      current = 1;
    } else if (cls === 'digits') {
      if (state !== 'start' || word.includes(',') || (nextCls !== 'hundred' && nextCls !== 'scale')) break;
      current = Number(word);
      if (word.includes('.')) decimals = word.split('.')[1]!;
    } else if (cls === 'unit') {
      if (!['start', 'tens', 'hundred', 'scale', 'and'].includes(state)) break;
      if (state === 'tens' && current % 10 !== 0) break;
      current += UNITS[word]!;
    } else if (cls === 'teen' || cls === 'tens') {
      if (!['start', 'hundred', 'scale', 'and'].includes(state)) break;
      current += small(word)!;
    } else if (cls === 'hundred') {
      if (!['start', 'unit', 'teen', 'a', 'digits'].includes(state) || current >= 100 || decimals) break;
      current = (current || 1) * 100;
    } else if (cls === 'scale') {
      const scale = SCALES[word]!;
      if (state === 'start' || state === 'and' || state === 'scale' || scale >= lastScale) break;
      if (scale >= 1e6 && total === 0) scaleWord = word;
      total += (current || 1) * scale;
      current = 0;
      lastScale = scale;
    } else if (cls === 'and') {
      if ((state !== 'hundred' && state !== 'scale') || !nextCls || !['unit', 'teen', 'tens'].includes(nextCls)) break;
    } else if (cls === 'point') {
      if (!['unit', 'teen', 'tens'].includes(state) || decimals || !(next && (next in UNITS || next === 'oh'))) break;
      let d = w + 1;
      while (d < words.length && (words[d]! in UNITS || words[d] === 'oh')) decimals += String(UNITS[words[d]!] ?? 0), d++;
      used = d;
      state = 'point';
      w = d - 1;
      if (!endsOnToken(used)) break;
      continue;
    } else break;
    if (cls !== 'digits') sawWords = true;
    state = cls;
    used = w + 1;
  }
  // Only stop on a token boundary: "forty-eight" is one token.
  while (used > 0 && !endsOnToken(used)) used--;
  if (!sawWords || used === 0 || state === 'and' || state === 'a' || words[used - 1] === 'and') return undefined;
  const whole = total + current;
  const base = decimals && !scaleWord ? Number(`${Math.trunc(whole)}.${decimals}`) : whole;
  let written: string;
  if (scaleWord) {
    const unit = SCALES[scaleWord]!;
    const lead = decimals ? `${Math.trunc(whole / unit)}.${decimals}` : String(whole / unit);
    written = Number.isInteger(whole / unit) || decimals ? `${lead} ${scaleWord}` : formatInteger(whole, false);
  } else if (decimals) written = `${Math.trunc(whole)}.${decimals}`; // as said: "two point oh" is 2.0, not 2
  else {
    const spokenYear = words[0] === 'two' && words[1] === 'thousand' && whole > 2000 && whole < 2100;
    written = formatInteger(whole, spokenYear);
  }
  const keepWords = !decimals && whole < 10 && used === 1;
  return { length: tokensFor(used), value: decimals && !scaleWord ? base : whole, written, keepWords, year: false };
}

function amPmAt(tokens: Token[], plain: string[], i: number): { length: number; text: string } | undefined {
  const w = (k: number) => plain[k] ?? '';
  const a = w(i);
  if ((a === 'a' || a === 'p') && w(i + 1) === 'm' && !tokens[i]!.punct) return { length: 2, text: `${a}.m.` };
  if (a === 'am' || a === 'pm' || a === 'a.m' || a === 'p.m') return { length: 1, text: `${a[0]}.m.` };
  return undefined;
}

function hourAt(plain: string[], i: number): number | undefined {
  const w = plain[i];
  if (!w) return undefined;
  const h = /^\d{1,2}$/.test(w) ? Number(w) : small(w);
  return h !== undefined && h >= 1 && h <= 12 ? h : undefined;
}

/** Spoken minutes: "15", "fifteen", "forty five", "oh five". */
function minutesAt(tokens: Token[], plain: string[], i: number): { length: number; value: number; zeroPadded: boolean } | undefined {
  const w = (k: number) => plain[k] ?? '';
  const a = w(i);
  if (/^\d\d$/.test(a) && Number(a) <= 59) return { length: 1, value: Number(a), zeroPadded: a.startsWith('0') };
  if (a === 'oh' && w(i + 1) in UNITS) return { length: 2, value: UNITS[w(i + 1)]!, zeroPadded: true };
  if (a in TEENS && a !== 'ten') return { length: 1, value: TEENS[a]!, zeroPadded: false };
  if (a in TENS && TENS[a]! < 60) {
    const u = w(i + 1) in UNITS && UNITS[w(i + 1)]! > 0 && !tokens[i]!.punct ? UNITS[w(i + 1)]! : 0;
    return { length: u ? 2 : 1, value: TENS[a]! + u, zeroPadded: false };
  }
  return undefined;
}

/** Clock times: "6 15 a m" / "six fifteen p m" / "at 9 40" / "4 a m" / "3:00 a.m." -> 6:15 a.m., 9:40, 4 a.m., 3 a.m. */
function timeAt(tokens: Token[], plain: string[], i: number): { replaced: Token[]; used: number } | undefined {
  // On the hour, editors write "3 a.m.", not "3:00 a.m." (AP style), whether the recognizer printed "300" or "3:00".
  const onTheHour = /^(1[0-2]|[1-9]):?00$/.exec(tokens[i]!.text.replace(/[^\d:]/g, '')) ?? /^(1[0-2]|[1-9])00$/.exec(plain[i] ?? '');
  if (onTheHour && !tokens[i]!.punct && amPmAt(tokens, plain, i + 1)) {
    const suffix = amPmAt(tokens, plain, i + 1)!;
    return { replaced: [withSuffix(tokens.slice(i, i + 1 + suffix.length), onTheHour[1]!, suffix.text)], used: 1 + suffix.length };
  }
  // A time the recognizer already wrote ("10:30 p.m."): keep it, and join its suffix the same way.
  const written = /^(1[0-2]|[1-9]):[0-5]\d$/.test(tokens[i]!.text) && !tokens[i]!.punct ? amPmAt(tokens, plain, i + 1) : undefined;
  if (written) {
    return { replaced: [withSuffix(tokens.slice(i, i + 1 + written.length), tokens[i]!.text, written.text)], used: 1 + written.length };
  }
  const hour = hourAt(plain, i);
  if (hour === undefined || tokens[i]!.punct) return undefined;
  const cue = TIME_CUES.has(plain[i - 1] ?? '');
  const minutes = minutesAt(tokens, plain, i + 1);
  const digitsOnly = /^\d/.test(tokens[i]!.text) && minutes !== undefined && /^\d/.test(tokens[i + 1]!.text);
  const spelledWithCue = cue && minutes !== undefined && !/^\d/.test(tokens[i]!.text) && !/^\d/.test(tokens[i + 1]!.text);
  const afterMinutes = minutes ? amPmAt(tokens, plain, i + 1 + minutes.length) : undefined;
  if (minutes && !tokens[i + minutes.length]!.punct && (afterMinutes || spelledWithCue || (digitsOnly && (cue || minutes.zeroPadded)))) {
    const clock = `${hour}:${String(minutes.value).padStart(2, '0')}`;
    const used = 1 + minutes.length + (afterMinutes?.length ?? 0);
    const span = tokens.slice(i, i + used);
    return { replaced: [afterMinutes ? withSuffix(span, clock, afterMinutes.text) : mergeTokens(span, clock)], used };
  }
  const suffix = amPmAt(tokens, plain, i + 1);
  if (!suffix) return undefined;
  return { replaced: [withSuffix(tokens.slice(i, i + 1 + suffix.length), String(hour), suffix.text)], used: 1 + suffix.length };
}

/** A clock time and its a.m./p.m. as one locked token: no later pass may put punctuation or a capital between them. */
function withSuffix(span: Token[], clock: string, suffix: string): Token {
  return { ...mergeTokens(span, `${clock} ${suffix}`), locked: true };
}

/** Money and percent words after a number: "dollars" -> $N, "percent" -> N%. */
function unitAfter(plain: string[], i: number): { length: number; wrap: (n: string) => string } | undefined {
  const w = plain[i];
  if (!w) return undefined;
  if (w === 'percent') return { length: 1, wrap: (n) => `${n}%` };
  if (w === 'per' && plain[i + 1] === 'cent') return { length: 2, wrap: (n) => `${n}%` };
  if (w === 'dollars' || w === 'dollar') return { length: 1, wrap: (n) => `$${n}` };
  if (w === 'euros' || w === 'euro') return { length: 1, wrap: (n) => `€${n}` };
  return undefined;
}

/**
 * Writes numbers the way editors do (AP style): one–nine stay words, 10 and up become digits with thousands
 * separators, money, percentages, years and clock times get their written forms; a number starting a sentence
 * stays in words. Locked tokens are left alone.
 */
export function normalizeNumbers(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  const plain = plainWords(tokens);
  for (let i = 0; i < tokens.length; ) {
    const w = plain[i]!;
    if (!w || !(classify(w.split('-')[0]!) ?? /^\d/.test(w))) {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    const time = timeAt(tokens, plain, i);
    if (time) {
      const span = tokens.slice(i, i + time.used);
      out.push(...time.replaced);
      const after = time.replaced.map((t) => t.text).join(' ');
      if (after !== span.map((t) => t.text).join(' ')) edits.push(editFor('time', span, after, 0.85));
      i += time.used;
      continue;
    }
    const t = tokens[i]!;
    const parsed = parseNumber(tokens, i, plain);
    const digits = DIGITS.test(w) ? { length: 1, written: w, keepWords: false } : undefined;
    const number = parsed ?? digits;
    if (!number) {
      out.push(t);
      i++;
      continue;
    }
    // AP style spells out a number that starts a sentence ("Sixty-one. I'm not..."), years excepted.
    const startsSentence = i > 0 && /[.?!]/.test(tokens[i - 1]!.punct);
    if (parsed && startsSentence && !parsed.year) {
      out.push(...tokens.slice(i, i + parsed.length));
      i += parsed.length;
      continue;
    }
    const unitIndex = i + number.length;
    const unit = tokens[unitIndex - 1]!.punct ? undefined : unitAfter(plain, unitIndex);
    if (unit || (parsed && !parsed.keepWords)) {
      const used = number.length + (unit?.length ?? 0);
      const span = tokens.slice(i, i + used);
      const text = unit ? unit.wrap(number.written) : number.written;
      out.push(mergeTokens(span, text));
      edits.push(editFor(unit ? 'number.unit' : 'number', span, text, 0.9));
      i += used;
      continue;
    }
    out.push(t);
    i++;
  }
  return { tokens: out, edits };
}
