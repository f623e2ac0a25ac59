/**
 * Mean sentence-end / comma / capital F1 over every development sample for a grid of decoder biases
 * (SPOKEN_BIAS fields), so a bias is chosen on the whole set at once, never on one episode.
 *   npx tsx bench/fix/bias-sweep.ts 'end=0,1,2' 'longAfter=25,40' 'lm.weight=0,0.5' …
 * (`lm.` names a field of LM_BOUNDARY, the generic trigram model's share of the end evidence; `pause.` one of
 * PAUSE_EVIDENCE, read only with `--aligned`: the words timed by the forced aligner, bench/fix/aligned-words.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EpisodeMeta, type Word } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript } from '../../services/transcribe-fix/src/fix/index.ts';
import { LM_BOUNDARY, PAUSE_EVIDENCE, SPOKEN_BIAS } from '../../services/transcribe-fix/src/fix/punctuate.ts';
import { alignedWords } from './aligned-words.ts';
import { countMarks, f1 } from './marks.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.SHARED_DIR ?? path.resolve(root, '../shared');
const aligned = process.argv.includes('--aligned');
const samples = await Promise.all([
  { dir: 'lex-fridman-73', stem: 'opening' },
  ...['kitchen-table', 'dev-ledger-lines', 'dev-pitch-side', 'dev-slow-simmer', 'dev-case-file', 'dev-open-weights', 'dev-field-guide'].map((dir) => ({ dir, stem: 'episode' })),
].map(async (s) => {
  const dir = path.join(shared, 'samples', s.dir);
  const raw = path.join(dir, `${s.stem}.raw.txt`);
  const words: Word[] = aligned
    ? await alignedWords(raw, path.join(dir, `${s.stem}.mp3`))
    : fs.readFileSync(raw, 'utf8').split(/\s+/).filter(Boolean).map((text) => ({ text, start: 0, end: 0 }));
  const meta = EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'episode.meta.json'), 'utf8')));
  const gold = JSON.parse(fs.readFileSync(path.join(dir, `${s.stem}.gold.json`), 'utf8')) as { turns: { text: string }[] };
  return { name: s.dir, words, vocabulary: buildVocabulary(meta, []), gold: gold.turns.map((t) => t.text).join(' ') };
}));

type Key = keyof typeof SPOKEN_BIAS | `lm.${keyof typeof LM_BOUNDARY}` | `pause.${keyof typeof PAUSE_EVIDENCE}`;
const grid = process.argv.slice(2).filter((a) => a.includes('=')).map((a) => {
  const [k, vs] = a.split('=') as [Key, string];
  return { key: k, values: vs.split(',').map(Number) };
});
const combos: Array<Partial<Record<Key, number>>> = grid.reduce<Array<Partial<Record<Key, number>>>>(
  (acc, { key, values }) => acc.flatMap((c) => values.map((v) => ({ ...c, [key]: v }))),
  [{}],
);
const base = { ...SPOKEN_BIAS }, lmBase = { ...LM_BOUNDARY }, pauseBase = { ...PAUSE_EVIDENCE };
for (const combo of combos) {
  Object.assign(SPOKEN_BIAS, base);
  Object.assign(LM_BOUNDARY, lmBase);
  Object.assign(PAUSE_EVIDENCE, pauseBase);
  for (const [k, v] of Object.entries(combo)) {
    if (k.startsWith('lm.')) (LM_BOUNDARY as Record<string, number>)[k.slice(3)] = v;
    else if (k.startsWith('pause.')) (PAUSE_EVIDENCE as Record<string, number>)[k.slice(6)] = v;
    else (SPOKEN_BIAS as unknown as Record<string, number>)[k] = v;
  }
  const per = samples.map((s) => {
    const fixed = fixTranscript(s.words, s.vocabulary, { removeFillers: false, pauses: aligned });
    const c = countMarks(s.gold, fixed.words.map((w) => w.text).join(' '));
    return [f1(c.end), f1(c.comma), f1(c.cap)] as const;
  });
  const mean = (k: 0 | 1 | 2) => per.reduce((a, p) => a + p[k], 0) / per.length;
  const min = (k: 0 | 1 | 2) => Math.min(...per.map((p) => p[k]));
  console.log(
    `${JSON.stringify(combo)}  end ${mean(0).toFixed(3)} (min ${min(0).toFixed(3)})  comma ${mean(1).toFixed(3)} (min ${min(1).toFixed(3)})  caps ${mean(2).toFixed(3)} (min ${min(2).toFixed(3)})`,
  );
}
