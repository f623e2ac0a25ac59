/**
 * Writes tech-terms.json: acronyms that software text writes in capitals (CUDA, YAML, GGML …), counted in Debian's
 * English package descriptions, with the phonemes of the letters read as one word ("kuda"): a recognizer hears an
 * acronym said as a word as a made-up word. Generation only, on a Debian machine after
 * `apt-get update -o Acquire::Languages=en` (the Translation-en index of the main archive):
 *   npx tsx services/transcribe-fix/src/fix/vocabulary/data/generate-tech-terms.ts
 * Sources and licences: see SOURCES.md beside this file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wordPhonemes } from '../phonemes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const LISTS = '/var/lib/apt/lists';
/** Written at least this often in the descriptions, and in capitals at least this share of the time. */
const MIN_COUNT = 20;
const MIN_SHARE = 0.6;

const files = fs.readdirSync(LISTS).filter((f) => /_main_i18n_Translation-en(\.\w+)?$/.test(f));
if (!files.length) throw new Error(`no Translation-en index in ${LISTS}: apt-get update -o Acquire::Languages=en`);
const forms = new Map<string, Map<string, number>>();
for (const file of files) {
  // apt-helper reads the index whatever it is compressed with (lz4, xz, gz).
  const text = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', path.join(LISTS, file)], { maxBuffer: 1 << 30 }).toString('utf8');
  for (const line of text.split('\n')) {
    if (line.startsWith('Package:') || line.startsWith('Description-md5:')) continue;
    // Whole words only: not part of a file name, a package name or a path ("libcuda1", "foo.yaml", "x-json").
    for (const [word] of line.matchAll(/(?<![\w.\-/])[A-Za-z][A-Za-z0-9+]*(?![\w\-/])/g)) {
      const lower = word.toLowerCase();
      const byForm = forms.get(lower) ?? forms.set(lower, new Map()).get(lower)!;
      byForm.set(word, (byForm.get(word) ?? 0) + 1);
    }
  }
}
const { common } = JSON.parse(fs.readFileSync(path.join(here, 'common-words.json'), 'utf8')) as { common: string[] };
const ordinary = new Set(common);
const terms: [string, string][] = [];
for (const [lower, byForm] of forms) {
  if (!/^[a-z]{3,6}$/.test(lower) || ordinary.has(lower)) continue;
  let total = 0;
  let best = ['', 0] as [string, number];
  for (const [form, n] of byForm) {
    total += n;
    if (n > best[1]) best = [form, n];
  }
  const [form, n] = best;
  if (total < MIN_COUNT || n < MIN_SHARE * total || form !== lower.toUpperCase()) continue;
  terms.push([form, wordPhonemes(lower).join(' ')]);
}
terms.sort((a, b) => (a[0] < b[0] ? -1 : 1));
fs.writeFileSync(path.join(here, 'tech-terms.json'), JSON.stringify(terms) + '\n');
console.log(`tech-terms.json: ${terms.length} acronyms from ${files.join(', ')}`);
