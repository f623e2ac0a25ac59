/**
 * Name/term recall of the transcript fixer alone (raw text in, no audio) on every development episode, split into
 * the names the episode's metadata lists (hosts, guests, sponsors, show: whole names and their single words) and
 * every other gold term. Counted as ../shared/eval/score.mjs counts `entities.recall`: each term as often as the
 * gold says, exact spelling, whole words.
 *
 *   npx tsx bench/fix/names.ts [--missing] [--holdout]   (SHARED_DIR=/path/to/shared when ../shared is elsewhere)
 *
 * --missing lists each episode's missed terms (found/expected); --heard also prints, for each missed occurrence, the
 * fixer's words where the gold has it (gold and output aligned word by word); --edits EPISODE prints that episode's name edits;
 * --holdout scores the held-out episodes (bench/holdout/episodes) instead of the development set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EpisodeMeta, type Word } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../../services/transcribe-fix/src/fix/index.ts';
import { DEV_EPISODES, SAMPLES_DIR } from '../dev/episodes.ts';
import { align, tokenize } from './marks.ts';

const holdout = process.argv.includes('--holdout');
const samples = holdout ? path.join(import.meta.dirname, '../holdout/episodes') : SAMPLES_DIR;

// The whole lex episode has no name gold.
const EPISODES = holdout
  ? fs.readdirSync(samples).filter((name) => fs.existsSync(path.join(samples, name, 'episode.gold.json'))).sort().map((name) => ({ name, dir: name, stem: 'episode' }))
  : DEV_EPISODES.filter((e) => e.name !== 'lex-episode');

const Gold = z.object({
  entities: z.array(z.object({ correct: z.string(), count: z.number().int().positive().optional() })),
  turns: z.array(z.object({ text: z.string() })),
});

const showHeard = process.argv.includes('--heard');
const showMissing = showHeard || process.argv.includes('--missing');
const editsOf = process.argv.includes('--edits') ? process.argv[process.argv.indexOf('--edits') + 1] : undefined;
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const occurrences = (text: string, term: string) => (text.match(new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}(?![\\p{L}\\p{N}])`, 'gu')) ?? []).length;

/** Whether `term` is one of the metadata's names or a run of their words. */
function isMetadataName(term: string, meta: EpisodeMeta): boolean {
  const names = [...meta.hosts, ...meta.guests, ...meta.sponsors, ...(meta.show ? [meta.show] : [])].map(fold);
  const t = fold(term);
  return names.some((n) => occurrences(n, t) > 0);
}

interface Tally {
  got: number;
  want: number;
}
const ratio = (t: Tally) => (t.want ? t.got / t.want : NaN);
const fmt = (n: number) => (Number.isNaN(n) ? '  -  ' : n.toFixed(3));

const rows: { name: string; all: Tally; meta: Tally; other: Tally; missing: string[] }[] = [];
for (const e of EPISODES) {
  const dir = path.join(samples, e.dir);
  const meta = EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'episode.meta.json'), 'utf8')));
  const gold = Gold.parse(JSON.parse(fs.readFileSync(path.join(dir, `${e.stem}.gold.json`), 'utf8')));
  const words: Word[] = fs.readFileSync(path.join(dir, `${e.stem}.raw.txt`), 'utf8').split(/\s+/).filter(Boolean).map((text, i) => ({ text, start: i, end: i + 0.5 }));
  const fixed = fixTranscript(words, buildVocabulary(meta, []), { removeFillers: false });
  const text = fixed.words.map((w) => w.text).join(' ');
  if (editsOf === e.name) for (const edit of fixed.edits) if (/^(vocabulary|context|web-address|spelled)/.test(edit.rule)) console.log(`${edit.rule}: ${edit.before} -> ${edit.after} (${edit.confidence.toFixed(2)})`);
  const row = { name: e.name, all: { got: 0, want: 0 }, meta: { got: 0, want: 0 }, other: { got: 0, want: 0 }, missing: [] as string[] };
  const goldToks = tokenize(gold.turns.map((t) => t.text).join(' '));
  const hypToks = tokenize(text);
  // For each gold token, the output tokens aligned to it (insertions go with the gold token before them).
  const heardAt: string[][] = goldToks.map(() => []);
  if (showHeard) {
    let last = 0;
    for (const [i, j] of align(goldToks, hypToks)) {
      if (i >= 0) last = i;
      if (j >= 0) heardAt[last]!.push(hypToks[j]!.raw);
    }
  }
  for (const entity of gold.entities) {
    const want = entity.count ?? 1;
    const got = Math.min(want, occurrences(text, entity.correct));
    const isMeta = isMetadataName(entity.correct, meta);
    for (const t of [row.all, isMeta ? row.meta : row.other]) (t.got += got), (t.want += want);
    if (got < want) row.missing.push(`${isMeta ? '*' : ''}${entity.correct} ${got}/${want}`);
    if (got < want && showHeard) {
      const termToks = tokenize(entity.correct).map((t) => t.w);
      const heard: string[] = [];
      for (let i = 0; i + termToks.length <= goldToks.length; i++) {
        if (!termToks.every((w, k) => goldToks[i + k]!.w === w)) continue;
        const span = heardAt.slice(i, i + termToks.length).flat().join(' ');
        const before = heardAt.slice(Math.max(0, i - 3), i).flat().join(' ');
        heard.push(`[${before}] ${span}`);
      }
      row.missing.push(`    ${heard.join(' | ')}`);
    }
  }
  rows.push(row);
}

const mean = (xs: number[]) => xs.filter((x) => !Number.isNaN(x)).reduce((a, b) => a + b, 0) / xs.filter((x) => !Number.isNaN(x)).length;
console.log(`${'episode'.padEnd(18)} names  meta   other  (meta n, other n)`);
for (const r of rows) console.log(`${r.name.padEnd(18)} ${fmt(ratio(r.all))}  ${fmt(ratio(r.meta))}  ${fmt(ratio(r.other))}  (${r.meta.want}, ${r.other.want})`);
console.log(`${'mean'.padEnd(18)} ${fmt(mean(rows.map((r) => ratio(r.all))))}  ${fmt(mean(rows.map((r) => ratio(r.meta))))}  ${fmt(mean(rows.map((r) => ratio(r.other))))}`);
console.log('targets: names >= 0.80 mean, metadata names >= 0.95');
if (showMissing) for (const r of rows) console.log(`\n${r.name} missing (* = metadata):\n  ${r.missing.join(showHeard ? '\n  ' : ', ')}`);
