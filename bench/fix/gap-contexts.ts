/**
 * Where gold and fixer disagree on the kind of break, by the word after the gap: for each next word, how often
 * gold has an end / comma / nothing there and what the fixer put. Matching follows ../shared/eval/score.mjs.
 *   npx tsx bench/fix/gap-contexts.ts [--top N]
 */
import fs from 'node:fs';
import path from 'node:path';
import { EpisodeMeta, type Word } from '@podpipe/shared/transcript';
import { align, tokenize } from './marks.ts';
import { DEV_EPISODES, SAMPLES_DIR } from '../dev/episodes.ts';
import { buildVocabulary, fixTranscript } from '../../services/transcribe-fix/src/fix/index.ts';

const argv = process.argv.slice(2);
const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 30;
const table = new Map<string, Map<string, number>>();
const lengths = { gold: [] as number[], hyp: [] as number[] };
for (const ep of DEV_EPISODES.filter((e) => e.name !== 'lex-episode')) {
  const dir = path.join(SAMPLES_DIR, ep.dir);
  const words: Word[] = fs.readFileSync(path.join(dir, `${ep.stem}.raw.txt`), 'utf8').split(/\s+/).filter(Boolean).map((text) => ({ text, start: 0, end: 0 }));
  const meta = EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'episode.meta.json'), 'utf8')));
  const gold = JSON.parse(fs.readFileSync(path.join(dir, `${ep.stem}.gold.json`), 'utf8')) as { turns: { text: string }[] };
  const fixed = fixTranscript(words, buildVocabulary(meta, []), { removeFillers: false });
  const g = tokenize(gold.turns.map((t) => t.text).join(' '));
  const h = tokenize(fixed.words.map((w) => w.text).join(' '));
  for (const [which, toks] of [['gold', g], ['hyp', h]] as const) {
    let len = 0;
    for (const t of toks) { len++; if (t.p === 'end') { lengths[which].push(len); len = 0; } }
  }
  for (const [i, j] of align(g, h)) {
    if (i < 0 || j < 0 || g[i]!.w !== h[j]!.w) continue;
    const next = g[i + 1]?.w ?? '';
    const key = `${g[i]!.p || 'none'}>${h[j]!.p || 'none'}`;
    const row = table.get(next) ?? new Map<string, number>();
    row.set(key, (row.get(key) ?? 0) + 1);
    table.set(next, row);
  }
}
const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))];
for (const k of ['gold', 'hyp'] as const) {
  const xs = lengths[k];
  console.log(`${k} sentences ${xs.length}: mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} p10 ${q(xs, 0.1)} p25 ${q(xs, 0.25)} median ${q(xs, 0.5)} p75 ${q(xs, 0.75)} p90 ${q(xs, 0.9)}`);
}
const errors = (row: Map<string, number>) => [...row].filter(([k]) => k.split('>')[0] !== k.split('>')[1]).reduce((a, [, v]) => a + v, 0);
for (const [word, row] of [...table].sort((a, b) => errors(b[1]) - errors(a[1])).slice(0, top)) {
  console.log(`${word.padEnd(12)} err ${String(errors(row)).padStart(3)}  ${[...row].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
