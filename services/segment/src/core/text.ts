/// <reference path="./stopword.d.ts" />
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

/** Conversational function words and fillers that the generic stopword list leaves in. */
const SPOKEN_STOPWORDS = `
i'm i've i'd i'll you're you've you'd you'll he's she's it's we're we've we'd we'll they're they've they'd they'll
that's there's here's what's who's let's don't doesn't didn't can't couldn't won't wouldn't isn't aren't wasn't weren't
haven't hasn't hadn't shouldn't gonna wanna gotta yeah yes yep no nope um uh uhm hmm oh ah okay ok alright right
just really actually basically literally maybe probably perhaps sure kind sort lot lots thing things stuff something
anything everything nothing someone anyone everyone somebody anybody everybody one ones know think mean guess say says
saying go goes going went gone got getting see seen look looking want wanted need needs feel felt tell told talk talking
ask asked give gave put let lets us it its me mine yours ours theirs hers whom whose why when whether though although
even ever every either neither nor not no so then than too also very quite pretty rather really much many more most
few less least little bit bunch way ways day days year years time times today now yesterday tomorrow kind of
first second third last next new old good great bad better best big small long short high low able
she her it him they them hey hi hello thanks thank please welcome will shall may can could would should might must does did doing done
being been be am is are was were has have had having make makes made making take takes took come comes came
back around away off down over again still yet already always never often sometimes usually
using trying doing getting making having taking coming seeing saying thinking knowing wanting
`.split(/\s+/).filter(Boolean);

const STOPWORDS = new Set<string>([...eng, ...SPOKEN_STOPWORDS]);

/** The lowercase word inside a transcript token: "World," → "world", "Cash App's" parts → "cash", "app"; "&" → "and". */
export function normalizeWord(text: string): string {
  const lower = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  if (lower === '&') return 'and';
  return lower.replace(/'s$/u, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, '').replace(/^'+|'+$/g, '');
}

/** Whether a normalized word carries no topic on its own. */
export function isStopword(word: string): boolean {
  return word.length < 2 || STOPWORDS.has(word) || !/\p{L}/u.test(word);
}

const stemCache = new Map<string, string>();

/** Porter stem of a normalized word, cached. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size < 100_000) stemCache.set(word, s);
  }
  return s;
}

/** A phrase as a producer would write it in a title: each significant word capitalized, acronyms and cased names kept. */
export function titleCase(phrase: string): string {
  const small = new Set(['and', 'or', 'of', 'the', 'a', 'an', 'in', 'on', 'for', 'to', 'vs', 'with', 'at', 'by']);
  return phrase
    .split(/\s+/)
    .map((w, i) => (i > 0 && small.has(w) ? w : w === w.toLowerCase() ? w.charAt(0).toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/** A name folded for matching across case, spacing and "&" ("Glaze & Co" = "glazeandco" = "glaze and co"). */
export const squash = (s: string) => s.toLowerCase().replace(/&/g, 'and').replace(/[^\p{L}\p{N}]/gu, '');
