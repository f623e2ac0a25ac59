import { syllable } from 'syllable';

const cache = new Map<string, number>();

/** Syllables a digit string takes to say, roughly ("2024" ≈ "twenty twenty-four"). */
function numberSyllables(digits: string): number {
  return Math.max(1, Math.round(digits.length * 1.5));
}

/** Expected spoken length of one word in syllable units: syllables plus a little per letter, so long words weigh more. */
export function expectedSpokenLength(text: string): number {
  const known = cache.get(text);
  if (known !== undefined) return known;
  let syllables = 0;
  let letters = 0;
  for (const part of text.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    if (!part) continue;
    const digits = part.replace(/\D+/g, '');
    const alpha = part.replace(/[\d']+/g, '');
    if (digits) syllables += numberSyllables(digits);
    if (alpha) syllables += Math.max(1, syllable(alpha));
    letters += part.length;
  }
  const length = syllables === 0 ? 0.3 : syllables + 0.04 * letters;
  if (cache.size < 50_000) cache.set(text, length);
  return length;
}
