/**
 * Writes region-places.json: the names of every country's subdivisions (regions, provinces, prefectures, states,
 * counties: ISO 3166-2 as Debian's `iso-codes` ships it) and the cities that name a time zone (Debian's `tzdata`),
 * those the built-in lexicon and sound-names.json lack, each with its phonemes as sounds-like.ts reads a name. The
 * fixer reads them as sound-only places: graded only right after a place cue ("in", "from", "near" …), like the
 * cities of sound-names.json. Generation only, on a Debian machine with both packages (installed by default):
 *   npx tsx services/transcribe-fix/src/fix/vocabulary/data/generate-places.ts
 * Sources and licences: see SOURCES.md beside this file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_MIN_PHONEMES, namePhonemes } from '../sounds-like.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ISO_3166_2 = '/usr/share/iso-codes/json/iso_3166-2.json';
const ZONES = '/usr/share/zoneinfo/zone1970.tab';
for (const file of [ISO_3166_2, ZONES]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: apt-get install -y iso-codes tzdata`);

const fold = (s: string) => s.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
/** A transliteration's macrons and dots ("Ōita", "Ḩaḑramawt") are not written in English text; European accents are. */
const plainTransliteration = (s: string) => s.normalize('NFD').replace(/[\u0304\u0306\u0307\u0323\u0331]/gu, '').normalize('NFC');
/** Administrative words some names carry that speech leaves out ("Sichuan Sheng", "Beijing Shi"). */
const ADMIN_SUFFIX = /\s+(Sheng|Shi|Zizhiqu|Tebiexingzhengqu|Province|Region|Prefecture|County|District|Governorate|Oblast|Kray|Krai)$/u;

function subdivisions(): string[] {
  const rows = (JSON.parse(fs.readFileSync(ISO_3166_2, 'utf8')) as { '3166-2': { name: string }[] })['3166-2'];
  return rows.flatMap(({ name }) => {
    // "Calabarzon (Region IV-A)", "Ciudad de México / Mexico City": each part a name of its own.
    const parts = name.split(/\s*[/;]\s*|\s*\(([^)]*)\)\s*/u).filter((p): p is string => Boolean(p && p.trim()));
    // "London, City of", "Altaj, Respublika": the name is what comes before the comma.
    return parts.map((p) => plainTransliteration(p.split(',')[0]!.trim().replace(ADMIN_SUFFIX, '')));
  });
}

/** Time-zone cities: the last part of each zone1970.tab zone ("America/Argentina/Buenos_Aires" -> "Buenos Aires"). */
function zoneCities(): string[] {
  return fs
    .readFileSync(ZONES, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t')[2]!.split('/').at(-1)!.replace(/_/g, ' '));
}

const lexicon = JSON.parse(fs.readFileSync(path.join(here, 'builtin-lexicon.json'), 'utf8')) as [string][];
const sound = JSON.parse(fs.readFileSync(path.join(here, 'sound-names.json'), 'utf8')) as [string][];
const { common } = JSON.parse(fs.readFileSync(path.join(here, 'common-words.json'), 'utf8')) as { common: string[] };
const ordinary = new Set(common);
const seen = new Set([...lexicon, ...sound].map(([term]) => fold(term)));
const places: [string, string][] = [];
for (const name of [...subdivisions(), ...zoneCities()]) {
  const key = fold(name);
  // Names of one to three words, letters only (no codes or numbers), starting with a capital, and no ordinary word
  // or phrase of ordinary words ("Centre", "North West"): those are speech as heard.
  if (seen.has(key) || key.length < 4 || !/^\p{Lu}/u.test(name) || /\d/u.test(name) || name.split(/[\s-]+/).length > 3) continue;
  if (name.toLowerCase().split(/[\s-]+/).every((w) => ordinary.has(w))) continue;
  seen.add(key);
  const phonemes = namePhonemes(name);
  if (phonemes.length >= BUILTIN_MIN_PHONEMES) places.push([name, phonemes.join(' ')]);
}
fs.writeFileSync(path.join(here, 'region-places.json'), JSON.stringify(places) + '\n');
console.log(`region-places.json: ${places.length} places`);
