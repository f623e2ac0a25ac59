/**
 * The casing lexicon: lowercase word → the form it is written in mid-sentence, for words that are (almost)
 * always capitalized there (names, days, months, nationalities, places). Two sources: how the training
 * corpus writes each word mid-sentence, and Debian's word list (wamerican-large), whose entries with only a
 * capitalized spelling are proper nouns. The corpus overrides the word list when it mostly writes a word lowercase.
 */
import fs from 'node:fs';
import type { Doc } from './corpus.ts';

const WORD_LIST = '/usr/share/dict/american-english-large';
const MIN_CAPITALIZED = 3;
const MIN_SHARE = 0.85;
const NEARLY_ALWAYS = 0.95;

interface Counts {
  lower: number;
  forms: Map<string, number>;
  /** Capitalized with no capitalized neighbour: evidence about the word itself, not a longer name. */
  alone: number;
}

function isCapitalized(s: string): boolean {
  const c = s.charAt(0);
  return c !== c.toLowerCase();
}

/** Word and word-pair forms, keyed by their lowercase text. */
export interface CasingLexicon {
  words: Record<string, string>;
  pairs: Record<string, string>;
}

/** Builds the lexicon from corpus docs and the system word list. */
export function buildCasingLexicon(docs: Doc[]): CasingLexicon {
  const counts = new Map<string, Counts>();
  for (const doc of docs) {
    doc.forEach((w, i) => {
      // All-caps words are mostly emphasis or headings in this prose; acronyms come from the word list.
      if (w.initial || !/^[\p{L}][\p{L}'\-]*$/u.test(w.cased) || (w.cased.length > 1 && w.cased === w.cased.toUpperCase())) return;
      const key = w.cased.toLowerCase();
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { lower: 0, forms: new Map(), alone: 0 }));
      if (isCapitalized(w.cased)) {
        c.forms.set(w.cased, (c.forms.get(w.cased) ?? 0) + 1);
        const prev = doc[i - 1], next = doc[i + 1];
        const capNeighbour = (prev && !prev.initial && isCapitalized(prev.cased)) || (next && isCapitalized(next.cased));
        if (!capNeighbour) c.alone++;
      } else c.lower++;
    });
  }
  if (!fs.existsSync(WORD_LIST)) throw new Error(`${WORD_LIST} missing: apt-get install -y wamerican-large`);
  // Two-letter entries only as acronyms (AI, UK); shorter capitalized entries are mostly abbreviations.
  const entries = fs.readFileSync(WORD_LIST, 'utf8').split('\n').filter((e) => /^[\p{L}]{3,}$/u.test(e) || /^\p{Lu}{2}$/u.test(e));
  const hasLower = new Set(entries.filter((e) => !isCapitalized(e)));
  const words: Record<string, string> = {};
  const mostlyLower = new Set<string>();
  for (const [key, c] of counts) {
    let best = '', bestN = 0, capN = 0;
    for (const [form, n] of c.forms) {
      capN += n;
      if (n > bestN) { best = form; bestN = n; }
    }
    // The corpus capitalizes common nouns by older convention ("the Federal Government"): a word the word
    // list also knows in lowercase needs the corpus to capitalize it nearly always ("China", "August").
    const share = capN / (capN + c.lower);
    const trusted = !hasLower.has(key) || (c.alone >= 10 && share >= NEARLY_ALWAYS);
    if (capN >= MIN_CAPITALIZED && share >= MIN_SHARE && !/^i('|$)/.test(key) && trusted) words[key] = best;
    else if (c.lower > capN) mostlyLower.add(key);
  }
  for (const e of entries) {
    const key = e.toLowerCase();
    if (!isCapitalized(e) || hasLower.has(key) || mostlyLower.has(key) || key in words) continue;
    words[key] = e;
  }
  return { words, pairs: casedPairs(docs, new Set(Object.keys(words))) };
}

/**
 * Two-word names written capitalized nearly always ("Hong Kong", "New York"), kept when at least one of the
 * words is a proper noun on its own — so "the Federal Government" style does not leak in.
 */
function casedPairs(docs: Doc[], proper: ReadonlySet<string>): Record<string, string> {
  const seen = new Map<string, { cap: Map<string, number>; total: number }>();
  for (const doc of docs) {
    for (let i = 1; i < doc.length; i++) {
      const a = doc[i - 1]!, b = doc[i]!;
      if (a.label || a.initial) continue;
      const key = a.word + ' ' + b.word;
      let c = seen.get(key);
      if (!c) seen.set(key, (c = { cap: new Map(), total: 0 }));
      c.total++;
      if (isCapitalized(a.cased) && isCapitalized(b.cased) && a.cased !== a.cased.toUpperCase()) {
        const form = a.cased + ' ' + b.cased;
        c.cap.set(form, (c.cap.get(form) ?? 0) + 1);
      }
    }
  }
  const pairs: Record<string, string> = {};
  for (const [key, c] of seen) {
    let best = '', bestN = 0, capN = 0;
    for (const [form, n] of c.cap) { capN += n; if (n > bestN) { best = form; bestN = n; } }
    const [a, b] = key.split(' ') as [string, string];
    if (capN >= MIN_CAPITALIZED && capN >= MIN_SHARE * c.total && (proper.has(a) || proper.has(b))) pairs[key] = best;
  }
  return pairs;
}
