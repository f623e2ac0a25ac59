/**
 * How a number written in digits is said. A transcript writes "1840", "$4.99", "27%", "1840s" or "4th" where the
 * speaker said words, and the words vary ("eighteen forty" or "eighteen hundred and forty"); one pronunciation that
 * does not match what was said lets the decoder drift seconds around it (bench/RESULTS.md, aligndrift2), so the
 * aligner's lexicon offers every common reading as an alternative and the decoder picks the one it hears.
 */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion'];
const CURRENCIES: Record<string, { one: string; many: string; cent: string; cents: string }> = {
  $: { one: 'dollar', many: 'dollars', cent: 'cent', cents: 'cents' },
  '£': { one: 'pound', many: 'pounds', cent: 'penny', cents: 'pence' },
  '€': { one: 'euro', many: 'euros', cent: 'cent', cents: 'cents' },
};
const IRREGULAR_ORDINALS: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

/** Most readings offered for one token: each is an alternative path for the decoder. */
export const MAX_FORMS = 8;

type Form = string[];

/** 1–99 in words: "forty two". */
function belowHundred(n: number): Form {
  if (n < 10) return [ONES[n]!];
  if (n < 20) return [TEENS[n - 10]!];
  return n % 10 === 0 ? [TENS[n / 10]!] : [TENS[Math.floor(n / 10)]!, ONES[n % 10]!];
}

/** 1–999 in words, with or without "and" before the last part ("four hundred (and) twelve"). */
function belowThousand(n: number, and: boolean): Form {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return belowHundred(rest);
  const head = [ONES[hundreds]!, 'hundred'];
  return rest === 0 ? head : [...head, ...(and ? ['and'] : []), ...belowHundred(rest)];
}

/** A whole number in words ("one thousand eight hundred (and) forty"); null past the trillions. */
function cardinal(digits: string, and: boolean): Form | null {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (trimmed === '0') return ['zero'];
  const groups: number[] = [];
  for (let end = trimmed.length; end > 0; end -= 3) groups.unshift(Number(trimmed.slice(Math.max(0, end - 3), end)));
  if (groups.length > SCALES.length) return null;
  const words: Form = [];
  groups.forEach((group, k) => {
    if (group === 0) return;
    const scale = SCALES[groups.length - 1 - k]!;
    // "and" only before the last group when it is below a hundred ("two thousand and five")
    const last = k === groups.length - 1;
    const part = last && group < 100 && words.length > 0 && and ? ['and', ...belowHundred(group)] : belowThousand(group, and);
    words.push(...part, ...(scale ? [scale] : []));
  });
  return words;
}

/** Digit by digit ("oh two", "four eight six"). */
function digitByDigit(digits: string, zero: 'zero' | 'oh'): Form {
  return [...digits].map((d) => (d === '0' ? zero : ONES[Number(d)]!));
}

/** A four-digit number read in pairs, as years are ("eighteen forty", "nineteen oh five", "nineteen hundred"). */
function pairs(n: number): Form[] {
  const high = Math.floor(n / 100);
  const low = n % 100;
  const head = belowHundred(high);
  // "eighteen hundred (and) forty", but not "twenty hundred and five"
  const hundreds = high % 10 === 0 ? [] : [[...head, 'hundred', ...belowHundred(low)], [...head, 'hundred', 'and', ...belowHundred(low)]];
  if (low === 0) return [[...head, 'hundred']];
  return [[...head, ...(low < 10 ? ['oh', ONES[low]!] : belowHundred(low))], ...hundreds];
}

/** Every common reading of a whole number written with digits (and maybe thousands commas). */
function wholeForms(written: string): Form[] {
  const digits = written.replace(/,/g, '');
  const commas = written.includes(',');
  const n = Number(digits);
  const forms: Form[] = [];
  if (/^0\d/.test(digits)) forms.push(digitByDigit(digits, 'oh'), digitByDigit(digits, 'zero'));
  const plain = cardinal(digits, false);
  const withAnd = cardinal(digits, true);
  // years and four-digit amounts are said in pairs or hundreds ("eighteen forty", "fifteen hundred")
  const paired = digits.length === 4 && n % 1000 !== 0 ? pairs(n) : [];
  // a year is written without a comma; "1,500" is more often "one thousand five hundred" than "fifteen hundred"
  if (!commas) forms.push(...paired);
  if (plain) forms.push(plain);
  if (withAnd) forms.push(withAnd);
  if (commas) forms.push(...paired);
  // "a hundred and fifty", "a thousand"
  if (plain && plain[0] === 'one' && (plain[1] === 'hundred' || plain[1] === 'thousand')) {
    forms.push(['a', ...plain.slice(1)]);
    if (withAnd) forms.push(['a', ...withAnd.slice(1)]);
  }
  // three digits are also said in two parts ("four eighty six"), and codes digit by digit ("one one four three four")
  if (!commas && digits.length === 3 && n % 100 >= 10) forms.push([ONES[Math.floor(n / 100)]!, ...belowHundred(n % 100)]);
  if (!commas && digits.length >= 3 && n % 100 !== 0 && !/^0/.test(digits)) forms.push(digitByDigit(digits, 'oh'));
  return distinct(forms);
}

/** A decimal written with digits ("4.8" → "four point eight", "0.9" → "point nine"). */
function decimalForms(whole: string, fraction: string): Form[] {
  const point = ['point', ...digitByDigit(fraction, 'oh')];
  const forms = wholeForms(whole).slice(0, 2).map((w) => [...w, ...point]);
  if (Number(whole.replace(/,/g, '')) === 0) forms.push(point, ['oh', ...point]);
  return forms;
}

/** The last word made plural ("forty" → "forties", "six" → "sixes", "hundred" → "hundreds"). */
function plural(form: Form): Form {
  const last = form.at(-1)!;
  const word = last.endsWith('y') ? `${last.slice(0, -1)}ies` : /(x|s)$/.test(last) ? `${last}es` : `${last}s`;
  return [...form.slice(0, -1), word];
}

/** The last word made ordinal ("forty two" → "forty second", "twenty" → "twentieth"). */
function ordinal(form: Form): Form {
  const last = form.at(-1)!;
  const word = IRREGULAR_ORDINALS[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...form.slice(0, -1), word];
}

/** Readings of a money amount ("$4.99" → "four ninety nine", "four dollars and ninety nine cents"). */
function moneyForms(symbol: string, amount: string): Form[] {
  const unit = CURRENCIES[symbol]!;
  const [whole, fraction] = amount.split('.') as [string, string | undefined];
  const n = Number(whole.replace(/,/g, ''));
  const units = n === 1 ? unit.one : unit.many;
  const wholes = wholeForms(whole).slice(0, 4);
  // no bare amount without its unit: offered for "$2 million" ("two million dollars"), it let the decoder end
  // "$6" after "six" and lay "dollars" on the next word (kitchen-table, bench/RESULTS.md aligndrift2)
  if (fraction === undefined || /^0+$/.test(fraction)) return wholes.map((w) => [...w, units]);
  if (fraction.length !== 2) return decimalForms(whole, fraction).map((f) => [...f, unit.many]);
  const cents = Number(fraction);
  const centWords = cents < 10 ? ['oh', ONES[cents]!] : belowHundred(cents);
  const centUnit = cents === 1 ? unit.cent : unit.cents;
  const forms: Form[] = [];
  for (const w of wholes.slice(0, 2)) {
    if (n === 0) {
      forms.push([...belowHundred(cents), centUnit]);
      continue;
    }
    forms.push([...w, ...centWords], [...w, units, ...belowHundred(cents)], [...w, units, 'and', ...belowHundred(cents), centUnit]);
    if (n === 1) forms.push(['a', units, ...belowHundred(cents)]);
  }
  return forms;
}

/** Readings of a clock time ("3:00" → "three o'clock", "9:05" → "nine oh five"). */
function timeForms(hours: string, minutes: string): Form[] {
  const h = cardinal(hours, false);
  if (!h) return [];
  const m = Number(minutes);
  if (m === 0) return [[...h, "o'clock"], h, [...h, 'hundred']];
  if (m < 10) return [[...h, 'oh', ONES[m]!]];
  return [[...h, ...belowHundred(m)]];
}

/** Readings of one part of a token (no hyphens): its spoken forms, or null when it holds no digits. */
function partForms(part: string): Form[] | null {
  if (!/\d/.test(part)) return null;
  const NUMBER = String.raw`\d{1,3}(?:,\d{3})+|\d+`;
  let m: RegExpMatchArray | null;
  if ((m = part.match(new RegExp(`^([$£€])(${NUMBER})(\\.\\d+)?$`)))) return moneyForms(m[1]!, `${m[2]}${m[3] ?? ''}`);
  if ((m = part.match(new RegExp(`^(${NUMBER})(?:\\.(\\d+))?%$`)))) {
    const base = m[2] !== undefined ? decimalForms(m[1]!, m[2]) : wholeForms(m[1]!);
    return base.map((f) => [...f, 'percent']);
  }
  if ((m = part.match(/^(\d{1,2}):(\d{2})$/))) return timeForms(m[1]!, m[2]!);
  if ((m = part.match(new RegExp(`^(${NUMBER})$`)))) return wholeForms(m[1]!);
  if ((m = part.match(new RegExp(`^(${NUMBER})\\.(\\d+)$`)))) return decimalForms(m[1]!, m[2]!);
  if ((m = part.match(/^(\d+)(st|nd|rd|th)$/))) return wholeForms(m[1]!).slice(0, 3).map(ordinal);
  if ((m = part.match(/^(\d+)'?s$/))) return wholeForms(m[1]!).slice(0, 4).map(plural);
  if ((m = part.match(/^(\d+(?:\.\d+)?)x$/))) {
    const base = partForms(m[1]!)!.slice(0, 2);
    return [...base.map((f) => [...f, 'x']), ...base.map((f) => [...f, 'times'])];
  }
  if ((m = part.match(/^(\d+)x(\d+)$/))) {
    const a = wholeForms(m[1]!)[0]!;
    const b = wholeForms(m[2]!)[0]!;
    return [[...a, 'by', ...b], [...a, 'x', ...b]];
  }
  // letters and digits mixed ("7b", "cs2", "mp3"): digit runs as numbers, letter runs spelled out or as one word
  const runs = part.match(/\d+|[^\d]+/g) ?? [];
  const options = runs.map((run) => {
    if (/^\d/.test(run)) return wholeForms(run).slice(0, 2);
    const letters = [...run].filter((c) => /\p{L}/u.test(c));
    if (letters.length === 0) return [[]];
    return letters.length === 1 ? [letters] : [letters, [letters.join('')]];
  });
  return product(options);
}

/** The forms without repeats, in order. */
function distinct(forms: Form[]): Form[] {
  const seen = new Set<string>();
  return forms.filter((form) => {
    const text = form.join(' ');
    if (form.length === 0 || seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Every combination of one option per slot, in order, at most MAX_FORMS of them. */
function product(options: Form[][]): Form[] {
  let out: Form[] = [[]];
  for (const slot of options) {
    const next: Form[] = [];
    for (const prefix of out) for (const option of slot) if (next.length < MAX_FORMS) next.push([...prefix, ...option]);
    out = next;
  }
  return out;
}

/**
 * Every common spoken reading of a dictionary key that holds digits ("1840" → "eighteen forty", "eighteen hundred
 * forty", "one thousand eight hundred forty", …; "$4.99", "27%", "3:00", "1840s", "4th", "7b", "24-billion-parameter"),
 * most common first, at most MAX_FORMS; empty for a key without digits.
 */
export function spokenForms(key: string): string[][] {
  if (!/\d/.test(key)) return [];
  const parts = key.split('-').filter(Boolean);
  // in a compound ("2023-24", "24-billion-parameter") the likeliest few readings of each part
  const options = parts.map((part) => (partForms(part) ?? [[part]]).slice(0, parts.length > 1 ? 3 : MAX_FORMS));
  return distinct(product(options));
}
