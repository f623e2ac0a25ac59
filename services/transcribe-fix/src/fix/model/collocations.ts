/**
 * Word pairs an episode uses as one unit ("machine learning", "black friday"): the same two content words
 * side by side again and again, and most uses of each word are in the pair. A comma never goes inside
 * such a pair; the punctuation model reads only a few words around a gap and cannot see that the pair recurs.
 */

/** Function words and fillers: pairs with them ("you know", "i think") recur without being one unit. */
const FUNCTION_WORDS = new Set(
  `a an the and or but nor so yet if then than that this these those there here of to in on at by for with from as into onto
  about over under after before up down out off is are was were be been being am do does did have has had will would can
  could should may might must shall i you he she it we they me him her us them my your his its our their mine yours what
  which who whom whose when where why how not no yes yeah okay ok oh um uh like just very really also too well right
  i'm you're he's she's it's we're they're that's there's what's i've you've we've they've i'd you'd i'll you'll we'll
  don't doesn't didn't isn't aren't wasn't weren't can't won't know think mean said say get got go going one two all some
  any every each many much more most other another same such own only even still back now never nobody because though`
    .split(/\s+/)
    .filter(Boolean),
);

/** Least times a pair must recur, and the least share of each word's uses that fall inside the pair. */
const MIN_PAIR_COUNT = 2;
const MIN_PAIR_SHARE = 0.5;

const isContentWord = (w: string) => w.length > 1 && /^[\p{L}][\p{L}'-]*$/u.test(w) && !FUNCTION_WORDS.has(w);

/**
 * Indices i (0-based) such that words i and i + 1 form a pair the text itself uses as one unit.
 * `words` are lowercase.
 */
export function collocationGaps(words: readonly string[]): Set<number> {
  const single = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    single.set(w, (single.get(w) ?? 0) + 1);
    const next = words[i + 1];
    if (next !== undefined && isContentWord(w) && isContentWord(next)) {
      const key = `${w} ${next}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  const gaps = new Set<number>();
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!, b = words[i + 1]!;
    const together = pairs.get(`${a} ${b}`) ?? 0;
    if (together < MIN_PAIR_COUNT || a === b) continue;
    if (together >= MIN_PAIR_SHARE * Math.max(single.get(a)!, single.get(b)!)) gaps.add(i);
  }
  return gaps;
}
