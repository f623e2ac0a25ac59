/**
 * Where the fixer's punctuation and capital errors are, per development sample: precision/recall of sentence
 * ends, commas and capitals, capital errors split by cause (sentence start missed / extra, mid-sentence name
 * missed / extra), and the most frequent wrong words. Matching and marks follow ../shared/eval/score.mjs.
 *   npx tsx bench/fix/confusions.ts [--only NAME] [--top N]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EpisodeMeta, type Word } from '@podpipe/shared/transcript';
import { align, tokenize } from './marks.ts';
import { buildVocabulary, fixTranscript } from '../../services/transcribe-fix/src/fix/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SHARED_DIR ?? path.resolve(root, '../shared');
const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 12;

const prf = ([tp, fp, fn]: number[]) => {
  const p = tp! / Math.max(1, tp! + fp!), r = tp! / Math.max(1, tp! + fn!);
  return `${tp}/${fp}/${fn} p ${p.toFixed(2)} r ${r.toFixed(2)} f1 ${(p + r ? (2 * p * r) / (p + r) : 0).toFixed(3)}`;
};
const counts = (xs: string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${k}×${v}`).join(' ');

const samples = [
  { dir: 'lex-fridman-73', stem: 'opening' },
  ...['kitchen-table', 'dev-ledger-lines', 'dev-pitch-side', 'dev-slow-simmer', 'dev-case-file', 'dev-open-weights', 'dev-field-guide'].map((dir) => ({ dir, stem: 'episode' })),
];
for (const s of samples) {
  if (only && s.dir !== only) continue;
  const dir = path.join(shared, 'samples', s.dir);
  const words: Word[] = fs.readFileSync(path.join(dir, `${s.stem}.raw.txt`), 'utf8').split(/\s+/).filter(Boolean).map((text) => ({ text, start: 0, end: 0 }));
  const meta = EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'episode.meta.json'), 'utf8')));
  const gold = JSON.parse(fs.readFileSync(path.join(dir, `${s.stem}.gold.json`), 'utf8')) as { turns: { text: string }[] };
  const fixed = fixTranscript(words, buildVocabulary(meta, []), { removeFillers: false });
  const g = tokenize(gold.turns.map((t) => t.text).join(' '));
  const h = tokenize(fixed.words.map((w) => w.text).join(' '));
  const c: Record<'end' | 'comma' | 'cap', [number, number, number]> = { end: [0, 0, 0], comma: [0, 0, 0], cap: [0, 0, 0] };
  const err: Record<string, string[]> = { startMissed: [], startExtra: [], nameMissed: [], nameExtra: [], commaExtra: [], commaMissed: [] };
  const pairs = align(g, h);
  const gapMatrix = new Map<string, number>();
  let startMissedAfterHypEnd = 0;
  for (const [i, j] of pairs) {
    if (i < 0 || j < 0 || g[i]!.w !== h[j]!.w) continue;
    for (const k of ['end', 'comma'] as const) {
      const gk = g[i]!.p === k, hk = h[j]!.p === k;
      if (gk && hk) c[k][0]++; else if (hk) c[k][1]++; else if (gk) c[k][2]++;
    }
    const key = `${g[i]!.p || 'none'}>${h[j]!.p || 'none'}`;
    gapMatrix.set(key, (gapMatrix.get(key) ?? 0) + 1);
    const next = g[i + 1]?.w ?? '';
    if (h[j]!.p === 'comma' && g[i]!.p !== 'comma') err.commaExtra!.push(`${g[i]!.w}${g[i]!.p === 'end' ? '.' : ''}|${next}`);
    if (g[i]!.p === 'comma' && h[j]!.p !== 'comma') err.commaMissed!.push(`${g[i]!.w}|${next}`);
    if (i === 0) continue;
    const goldStart = g[i - 1]!.p === 'end', hypStart = j > 0 && h[j - 1]!.p === 'end';
    if (g[i]!.cap && h[j]!.cap) c.cap[0]++;
    else if (h[j]!.cap) { c.cap[1]++; (hypStart ? err.startExtra! : err.nameExtra!).push(h[j]!.raw); }
    else if (g[i]!.cap) {
      c.cap[2]++;
      (goldStart ? err.startMissed! : err.nameMissed!).push(goldStart ? g[i]!.raw : `${g[i]!.raw}(${h[j - 1]?.raw ?? ''} ${h[j]!.raw})`);
      if (goldStart && hypStart) startMissedAfterHypEnd++;
    }
  }
  console.log(`\n== ${s.dir}: end ${prf(c.end)} | comma ${prf(c.comma)} | caps ${prf(c.cap)}`);
  console.log(`  caps: start missed ${err.startMissed!.length}, start extra ${err.startExtra!.length}, name missed ${err.nameMissed!.length}, name extra ${err.nameExtra!.length}`);
  console.log(`  gold>hyp gaps: ${[...gapMatrix].sort().map(([k, v]) => `${k} ${v}`).join(', ')}; start missed after a hyp end: ${startMissedAfterHypEnd}`);
  console.log(`  name missed: ${counts(err.nameMissed!)}`);
  console.log(`  name extra: ${counts(err.nameExtra!)}`);
  console.log(`  comma extra: ${counts(err.commaExtra!)}`);
  console.log(`  comma missed: ${counts(err.commaMissed!)}`);
}
