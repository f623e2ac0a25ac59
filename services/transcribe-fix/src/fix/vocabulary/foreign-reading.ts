/**
 * How an English speaker's recognizer hears a name written in another language's spelling, respelled in English
 * letters for the letter-to-sound rules (which read every word as English: "Gyöngyi" would be g-y-o-n-g-y-i).
 * Only Hungarian for now: its digraphs are far from their English reading and its names are otherwise misheard
 * beyond any threshold ("john ji" for Gyöngyi, "soaker co vatch" for Szőke-Kovács).
 */

/** A word spelled the Hungarian way: ő/ű, which no other major language writes, or a digraph beside an accent. */
const HUNGARIAN = /[őű]|(?=.*(?:gy|sz|cs|zs))(?=.*[áéíóöúü])/iu;

/** Hungarian letters and digraphs as English letters, longest first, read left to right. */
const HUNGARIAN_LETTERS: [RegExp, string][] = [
  [/^gy/, 'dj'],
  [/^cs/, 'tch'],
  [/^sz/, 's'],
  [/^zs/, 'zh'],
  [/^ly/, 'y'],
  [/^s/, 'sh'],
  [/^c/, 'ts'],
  [/^j/, 'y'],
  [/^[áa]/, 'ah'],
  [/^é/, 'ay'],
  [/^[őö]/, 'o'],
  [/^[űü]/, 'u'],
  [/^[íi]/, 'ee'],
  [/^ó/, 'o'],
  [/^ú/, 'oo'],
  // Every vowel is said, a final "e" too ("Szőke" is two syllables).
  [/^e$/, 'eh'],
];

function hungarianReading(word: string): string {
  const lower = word.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; ) {
    const rest = lower.slice(i);
    const rule = HUNGARIAN_LETTERS.find(([pattern]) => pattern.test(rest));
    const taken = rule ? rest.match(rule[0])![0] : lower[i]!;
    out += rule ? rule[1] : taken;
    i += taken.length;
  }
  return out;
}

/** The text with each word that is spelled the Hungarian way respelled as an English reader would say it. */
export function englishReading(text: string): string {
  return text.replace(/[\p{L}]+/gu, (word) => (HUNGARIAN.test(word) ? hungarianReading(word) : word));
}
