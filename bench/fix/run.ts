/**
 * Scores the transcript fixer on the development samples and times it on a whole episode.
 * Run: npx tsx bench/fix/run.ts [--no-speed] [--aligned]
 * `--aligned` gives the words the times the forced aligner finds in each sample's audio (bench/fix/aligned-words.ts)
 * and reads their pauses, as the pipeline does with a plain-text transcript that came with audio.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { EpisodeMeta, type FixedWord, type Word } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript, fixTranscriptInWindows } from '../../services/transcribe-fix/src/fix/index.ts';
import { alignedWords } from './aligned-words.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the repository; SHARED_DIR overrides it (e.g. from a git worktree elsewhere). */
const shared = process.env.SHARED_DIR ?? path.resolve(root, '../shared');
const samples = [
  { name: 'lex-fridman-73 opening', dir: 'lex-fridman-73', raw: 'opening.raw.txt', gold: 'opening.gold.json' },
  ...['kitchen-table', 'dev-ledger-lines', 'dev-pitch-side', 'dev-slow-simmer', 'dev-case-file', 'dev-open-weights', 'dev-field-guide'].map(
    (dir) => ({ name: dir, dir, raw: 'episode.raw.txt', gold: 'episode.gold.json' }),
  ),
];
/** `--no-speed` prints the score table only (no timing or memory runs). */
const scoresOnly = process.argv.includes('--no-speed');
const aligned = process.argv.includes('--aligned');

const readWords = (file: string): Word[] =>
  fs.readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map((text) => ({ text, start: 0, end: 0 }));
const readMeta = (dir: string) => EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'episode.meta.json'), 'utf8')));
const lexDir = path.join(shared, 'samples/lex-fridman-73');

// Child mode (`--copies N`, run with --expose-gc): fix the episode repeated N times, window by window, and print
// the largest live heap (after a full GC, sampled after every window) above what was live before: the fixer's
// working memory. The input is built and the models are loaded before the first reading; windows are dropped
// as they come, as a streaming consumer would.
const copiesArg = process.argv.indexOf('--copies');
if (copiesArg > 0) {
  const copies = Number(process.argv[copiesArg + 1]);
  const episode = readWords(path.join(lexDir, 'episode.raw.txt'));
  const vocabulary = buildVocabulary(readMeta(lexDir), []);
  const input = Array.from({ length: copies }, () => episode).flat();
  fixTranscript(episode.slice(0, 50), vocabulary, { removeFillers: false }); // load data and models
  const gc = (globalThis as { gc?: () => void }).gc!;
  const live = () => (gc(), process.memoryUsage().heapUsed);
  const before = live();
  let peak = 0, words = 0;
  for (const window of fixTranscriptInWindows(input, vocabulary, { removeFillers: false })) {
    words += window.words.length;
    peak = Math.max(peak, live() - before);
  }
  console.log(JSON.stringify({ peak, words }));
  process.exit(0);
}

/** Podcasting 2.0 JSON transcript, one segment per sentence. */
function toTranscript(words: FixedWord[]) {
  const segments: { startTime: number; endTime: number; body: string }[] = [];
  let current: FixedWord[] = [];
  const flush = () => {
    if (!current.length) return;
    segments.push({ startTime: current[0]!.start, endTime: current.at(-1)!.end, body: current.map((w) => w.text).join(' ') });
    current = [];
  };
  for (const w of words) {
    current.push(w);
    if (/[.?!]$/.test(w.text)) flush();
  }
  flush();
  return { version: '1.0.0', segments };
}

interface Scores {
  wer: number;
  sentence_end: { f1: number };
  comma: { f1: number };
  capitalization: { f1: number };
  entities?: { recall: number; missing: string[] };
}

const rows: string[][] = [];
const measured: Scores[] = [];
const fmt = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(3));
for (const s of samples) {
  const dir = path.join(shared, 'samples', s.dir);
  const words = aligned ? await alignedWords(path.join(dir, s.raw), path.join(dir, s.raw.replace('.raw.txt', '.mp3'))) : readWords(path.join(dir, s.raw));
  const result = fixTranscript(words, buildVocabulary(readMeta(dir), []), { removeFillers: false, pauses: aligned });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fix-'));
  fs.writeFileSync(path.join(out, 'transcript.json'), JSON.stringify(toTranscript(result.words)));
  const report = JSON.parse(
    execFileSync('node', [path.join(shared, 'eval/score.mjs'), '--gold', path.join(dir, s.gold), '--out', out, '--raw', path.join(dir, s.raw), '--json'], {
      encoding: 'utf8',
    }),
  ) as { text: Scores; raw_baseline: Scores };
  fs.rmSync(out, { recursive: true, force: true });
  const t = report.text;
  measured.push(t);
  const half = report.raw_baseline.wer / 2;
  rows.push([s.name, fmt(t.wer), `${fmt(report.raw_baseline.wer)} (target <= ${fmt(half)})`, fmt(t.sentence_end.f1), fmt(t.comma.f1), fmt(t.capitalization.f1), fmt(t.entities?.recall)]);
  if (t.entities?.missing.length) console.log(`${s.name} missing entities: ${t.entities.missing.join(', ')}`);
}
const mean = (pick: (s: Scores) => number | undefined) => {
  const xs = measured.map(pick).filter((x): x is number => x !== undefined);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
};
rows.push(['mean', fmt(mean((t) => t.wer)), '', fmt(mean((t) => t.sentence_end.f1)), fmt(mean((t) => t.comma.f1)), fmt(mean((t) => t.capitalization.f1)), fmt(mean((t) => t.entities?.recall))]);
rows.push(['target', '<= raw/2', '', '>= 0.700', '>= 0.550', '>= 0.850', '>= 0.800']);
const header = ['sample', 'wer', 'raw wer', 'sentence_end F1', 'comma F1', 'caps F1', 'entity recall'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
if (scoresOnly) process.exit(0);

// Speed: the whole 16k-word episode, median of several runs after a warm-up, against merely tokenizing and joining.
const episode = readWords(path.join(lexDir, 'episode.raw.txt'));
const vocabulary = buildVocabulary(readMeta(lexDir), []);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => unknown, runs: number) => {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
};
const baseline = time(() => episode.map((w) => w.text.toLowerCase().split(/\s+/)).flat().join(' '), 9);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapAfterGc = () => (gc(), process.memoryUsage().heapUsed);
const heapBefore = heapAfterGc();
const fixMs = time(() => fixTranscript(episode, vocabulary, { removeFillers: false }), 7);
const retained = heapAfterGc() - heapBefore;
// Working memory against length: the episode and four copies of it, each in a fresh process.
const workingMemory = (copies: number) => {
  const args = ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), '--copies', String(copies)];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { peak: number }).peak / 1e6;
};
const [one, four] = [workingMemory(1), workingMemory(4)];
console.log(
  `\nspeed: fixTranscript on ${episode.length} words: median ${fixMs.toFixed(0)} ms of 7 runs after a warm-up (${Math.round(episode.length / (fixMs / 1000))} words/s; target < 1000 ms)` +
    `\n  baseline (tokenize + join the same words): ${baseline.toFixed(2)} ms; fixTranscript / baseline = ${(fixMs / baseline).toFixed(0)}x` +
    `\nmemory: peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; heap retained after the timed runs ${(retained / 1e6).toFixed(1)} MB` +
    `\n  working memory (largest live heap while consuming the windows): ${one.toFixed(1)} MB for ${episode.length} words, ${four.toFixed(1)} MB for ${4 * episode.length} words (${(four / one).toFixed(2)}x; flat = 1x, linear = 4x)`,
);
