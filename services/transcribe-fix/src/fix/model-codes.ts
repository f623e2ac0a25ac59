import type { Token } from './token.ts';
import { editFor, mergeTokens, type PassResult } from './tokens.ts';

/** A letter spelled out alone ("h"), or an acronym the letter pass wrote ("RTX"). */
const isLetters = (t: Token) => /^[a-z]$/i.test(t.text) || (Boolean(t.locked) && /^[A-Z]{2,4}$/.test(t.text));
/** "a" and "I" are words before a number ("a 100", "i 2"), never a code's letter. */
const isWordLetter = (t: Token) => /^[ai]$/i.test(t.text);
const DIGIT_WORDS: Record<string, string> = { zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };
/** A number a model or part code carries: up to three digits (four are a year: "the NFL 2024 season"), or one said as a word. */
const codeNumber = (t: Token) => (/^\d{1,3}$/.test(t.text) ? t.text : DIGIT_WORDS[t.text.toLowerCase()]);
/** US tax forms are written with a hyphen (W-2, W-4, W-9). */
const TAX_FORM = /^W\d$/;
/** One digit said alone, "oh" for zero ("four oh one"). */
const spokenDigit = (t: Token | undefined) => (t === undefined ? undefined : t.text.toLowerCase() === 'oh' ? '0' : /^\d$/.test(t.text) ? t.text : DIGIT_WORDS[t.text.toLowerCase()]);

/**
 * Writes a US retirement plan named by its tax code section, said digit by digit with its letter ("a four oh one k"
 * -> 401(k), "four oh three b" -> 403(b)).
 */
export function joinPlanSections(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  const joins = (k: number) => !tokens[k - 1]!.punct && tokens[k - 1]!.speaker === tokens[k]!.speaker && !tokens[k]!.locked;
  for (let i = 0; i < tokens.length; i++) {
    const digits = [0, 1, 2].map((k) => (k === 0 || tokens[i + k] === undefined || joins(i + k) ? spokenDigit(tokens[i + k]) : undefined));
    const letter = tokens[i + 3];
    if (digits.every(Boolean) && digits[0] !== '0' && !tokens[i]!.locked && letter && joins(i + 3) && /^[kb]$/i.test(letter.text)) {
      const span = tokens.slice(i, i + 4);
      const text = `${digits.join('')}(${letter.text.toLowerCase()})`;
      out.push({ ...mergeTokens(span, text), locked: true });
      edits.push(editFor('acronym.plan', span, text, 0.8));
      i += 3;
    } else out.push(tokens[i]!);
  }
  return { tokens: out, edits };
}

const SMALL: Record<string, number> = { six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15 };

/**
 * Writes an optics spec said "eight by forty-two" as binoculars are named (8x42: magnification by lens size): a
 * magnification of 6 to 15 and a lens of 20 to 99 mm, after the number pass ("eight by 42"). Sizes of other kinds
 * ("two by four", "eight by ten") have a second number under 20 and stay as said.
 */
export function joinOpticsSpecs(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  const joins = (k: number) => tokens[k] !== undefined && !tokens[k - 1]!.punct && tokens[k - 1]!.speaker === tokens[k]!.speaker && !tokens[k]!.locked;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const power = t.locked ? undefined : /^\d{1,2}$/.test(t.text) ? Number(t.text) : SMALL[t.text.toLowerCase()];
    const lens = joins(i + 1) && tokens[i + 1]!.text.toLowerCase() === 'by' && joins(i + 2) && /^[2-9]\d$/.test(tokens[i + 2]!.text) ? tokens[i + 2]!.text : undefined;
    const after = tokens[i + 3];
    if (power === undefined || power < 6 || power > 15 || !lens || (after && joins(i + 3) && /^\d/.test(after.text))) {
      out.push(t);
      continue;
    }
    const span = tokens.slice(i, i + 3);
    const text = `${power}x${lens}`;
    out.push({ ...mergeTokens(span, text), locked: true });
    edits.push(editFor('acronym.code', span, text, 0.7));
    i += 2;
  }
  return { tokens: out, edits };
}

/** The letter of a quantization's block kind: small, medium, large. */
const QUANT_SIZES = new Set(['s', 'm', 'l']);

/**
 * Writes a quantized model file's type as its format names it, said letter by letter: "q four k m" -> Q4_K_M,
 * "q eight zero" -> Q8_0 (GGUF's quantization types: Q<bits>_0, Q<bits>_1, Q<bits>_K, Q<bits>_K_<S|M|L>). Runs
 * before the letter pass, which would join "k m q" into one acronym.
 */
export function joinQuantTypes(tokens: Token[]): PassResult {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  const joins = (k: number) => tokens[k] !== undefined && !tokens[k - 1]!.punct && tokens[k - 1]!.speaker === tokens[k]!.speaker && !tokens[k]!.locked;
  const word = (k: number) => tokens[k]!.text.toLowerCase();
  for (let i = 0; i < tokens.length; i++) {
    const bits = word(i) === 'q' && !tokens[i]!.locked && joins(i + 1) ? spokenDigit(tokens[i + 1]) : undefined;
    let end = i + 2;
    let suffix: string | undefined;
    if (bits && Number(bits) >= 2 && joins(end)) {
      const next = spokenDigit(tokens[end]);
      if (next === '0' || next === '1') (suffix = `_${next}`), end++;
      else if (word(end) === 'k') {
        suffix = '_K';
        end++;
        if (joins(end) && QUANT_SIZES.has(word(end))) (suffix += `_${word(end).toUpperCase()}`), end++;
      }
    }
    if (!suffix) {
      out.push(tokens[i]!);
      continue;
    }
    const span = tokens.slice(i, end);
    const text = `Q${bits}${suffix}`;
    out.push({ ...mergeTokens(span, text), locked: true, proper: true });
    edits.push(editFor('acronym.code', span, text, 0.8));
    i = end - 1;
  }
  return { tokens: out, edits };
}

/**
 * A four-digit model number said in two pairs right after a product line's letters ("an RTX 40 90" -> RTX 4090,
 * "a GTX 10 80"): the letters are an acronym of two or more, each pair is a whole two-digit number, and no
 * further number follows. The letters stay a word of their own, as the line is written.
 */
function fourDigitModel(tokens: Token[], letters: Token[], j: number, joins: (k: number) => boolean) {
  const name = letters.map((t) => t.text).join('');
  const [a, b, after] = [tokens[j], tokens[j + 1], tokens[j + 2]];
  if (name.length < 2 || !a || !b || a.locked || b.locked || !/^[1-9]\d$/.test(a.text) || !/^[1-9]\d$/.test(b.text)) return undefined;
  if (after && joins(j + 2) && /^\d/.test(after.text)) return undefined;
  const text = a.text + b.text;
  return { token: { ...mergeTokens([a, b], text), locked: true, proper: true }, edit: editFor('acronym.code', [a, b], text, 0.75) };
}

/**
 * Writes a hardware or model code spelled out as letters and a number as one word ("an h 100" -> H100, "m i 300 x"
 * -> MI300X, "a rented l four" -> L4). Runs after the number pass; a trailing single letter joins the code.
 */
export function joinModelCodes(tokens: Token[]): PassResult & { inside: Set<number> } {
  const out: Token[] = [];
  const edits: PassResult['edits'] = [];
  // Raw word boundaries between a line's letters and its model number ("RTX 4090"), where no punctuation belongs.
  const inside = new Set<number>();
  const joins = (k: number) => !tokens[k - 1]!.punct && tokens[k - 1]!.speaker === tokens[k]!.speaker;
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (j < tokens.length && isLetters(tokens[j]!) && (j === i || joins(j))) j++;
    const letters = tokens.slice(i, j);
    const number = tokens[j];
    const digits = number && j > i && joins(j) && !number.locked ? codeNumber(number) : undefined;
    // "RTX 40 90": a number said in parts is not a code's number.
    const splitNumber = tokens[j + 1] !== undefined && joins(j + 1) && /^\d/.test(tokens[j + 1]!.text);
    const pairs = splitNumber && letters.length > 0 && !isWordLetter(letters[0]!) ? fourDigitModel(tokens, letters, j, joins) : undefined;
    if (pairs) {
      out.push(...letters, pairs.token);
      edits.push(pairs.edit);
      inside.add(pairs.token.from[0]);
      i = j + 2;
      continue;
    }
    // "a w 2": a leading "a" or "I" is the word before a code, never its letter.
    if (!digits || splitNumber || isWordLetter(letters[0]!)) {
      out.push(tokens[i]!);
      i++;
      continue;
    }
    let end = j + 1;
    const tail = tokens[end];
    if (tail && joins(end) && /^[a-z]$/i.test(tail.text) && !isWordLetter(tail)) end++;
    const span = tokens.slice(i, end);
    const code = letters.map((t) => t.text.toUpperCase()).join('') + digits + (end > j + 1 ? tail!.text.toUpperCase() : '');
    const text = TAX_FORM.test(code) ? `${code[0]}-${code.slice(1)}` : code;
    out.push({ ...mergeTokens(span, text), locked: true, proper: true });
    edits.push(editFor('acronym.code', span, text, 0.75));
    i = end;
  }
  return { tokens: out, edits, inside };
}
