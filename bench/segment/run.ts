/**
 * Segmentation bench: for each sample episode, raw text → words → rough times over the audio (alignToAudio with the
 * episode's silences) → the transcript fixer when it is available → segmentEpisode → episode.json → score.mjs.
 * Prints scores against the targets and the speed of segmentEpisode on the 16k-word episode.
 *
 *   npx tsx bench/segment/run.ts [--raw-only] [--no-pauses] [--min-chapter SEC]
 *
 * --raw-only skips the fixer; --no-pauses closes every gap between words and withholds the silences, so chapters
 * must come from the words alone (an ablation, not a target).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EpisodeMeta, type Silence, type Word } from '@podpipe/shared/transcript';
import { segmentEpisode, type SegmentInput } from '../../services/segment/src/core/index.ts';
import { splitSentences } from '../../services/segment/src/core/sentences.ts';
import { alignToAudio } from '../../services/transcribe/src/align/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(root, '../shared');
const cacheDir = '/tmp/podpipe-bench-segment';
const samples = ['lex-fridman-73', 'kitchen-table'];
const args = new Set(process.argv.slice(2));
const minAt = process.argv.indexOf('--min-chapter');
const options = minAt > 0 ? { minChapterSec: Number(process.argv[minAt + 1]) } : {};

interface Audio {
  duration: number;
  silences: Silence[];
}

/** Silences and duration of an mp3: the ingest stage's detector when present, else ffmpeg directly; cached under /tmp. */
async function audioOf(mp3: string, name: string): Promise<Audio> {
  const cache = path.join(cacheDir, `${name}.audio.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8')) as Audio;
  let audio: Audio;
  try {
    const ingest = await import('../../services/ingest/src/audio/audio.ts');
    const facts = await ingest.probeAudio(mp3);
    audio = { duration: facts.durationSec, silences: await ingest.detectSilences(mp3, { durationSec: facts.durationSec }) };
  } catch (error) {
    console.error(`ingest audio helpers unavailable (${(error as Error).message}); running ffmpeg silencedetect directly`);
    const stderr = execFileSync('ffmpeg', ['-hide_banner', '-nostats', '-i', mp3, '-af', 'silencedetect=n=-40dB:d=0.3', '-f', 'null', '-'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(stderr)!;
    const duration = +d[1]! * 3600 + +d[2]! * 60 + +d[3]!;
    const starts = [...stderr.matchAll(/silence_start: ([\d.]+)/g)].map((m) => +m[1]!);
    const ends = [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => +m[1]!);
    audio = { duration, silences: starts.map((s, i) => ({ start: s, end: ends[i] ?? duration })) };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(cache, JSON.stringify(audio));
  return audio;
}

/** The transcript fixer when it loads and runs; null otherwise (segmentation then sees raw words). */
async function fixer(): Promise<((words: Word[], meta: EpisodeMeta) => Word[]) | null> {
  if (args.has('--raw-only')) return null;
  try {
    const fix = await import('../../services/transcribe-fix/src/fix/index.ts');
    return (words, meta) => fix.fixTranscript(words, fix.buildVocabulary(meta, []), {}).words;
  } catch (error) {
    console.error(`fixer unavailable: ${(error as Error).message}`);
    return null;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(runs: number, f: () => unknown): number {
  for (let i = 0; i < 3; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const fix = await fixer();
const rows: string[][] = [];
let speed = '';
for (const name of samples) {
  const dir = path.join(shared, 'samples', name);
  const meta = EpisodeMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'episode.meta.json'), 'utf8')));
  const texts = fs.readFileSync(path.join(dir, 'episode.raw.txt'), 'utf8').split(/\s+/).filter(Boolean);
  const audio = await audioOf(path.join(dir, 'episode.mp3'), name);
  const timed = alignToAudio(texts, audio);
  let words: Word[] = timed;
  let fixed = 'raw';
  if (fix) {
    try {
      words = fix(timed, meta);
      fixed = 'fixed';
    } catch (error) {
      console.error(`fixer failed on ${name}: ${(error as Error).message}; using raw words`);
    }
  }
  if (args.has('--no-pauses')) words = words.map((w, i) => ({ ...w, end: words[i + 1]?.start ?? w.end }));
  const input: SegmentInput = { words, silences: args.has('--no-pauses') ? [] : audio.silences, duration: audio.duration, meta, knownSponsors: [] };
  const result = segmentEpisode(input, options);
  const out = path.join(cacheDir, name);
  fs.mkdirSync(out, { recursive: true });
  const episode = { chapters: result.chapters, keywords: result.keywords.map((k) => k.phrase), summary: result.summary, ads: result.ads };
  fs.writeFileSync(path.join(out, 'episode.json'), JSON.stringify(episode, null, 2));
  fs.writeFileSync(path.join(out, 'segmentation.json'), JSON.stringify(result, null, 2));
  const score = JSON.parse(execFileSync('node', [path.join(shared, 'eval/score.mjs'), '--gold', path.join(dir, 'episode.gold.json'), '--out', out, '--json'], { encoding: 'utf8' }));
  const ch = score.chapters;
  rows.push([
    `${name} (${fixed}${args.has('--no-pauses') ? ', no pauses' : ''})`,
    `${ch.boundaries.f1.toFixed(3)} (p ${ch.boundaries.p} r ${ch.boundaries.r})`,
    `${score.ads.f1.toFixed(3)} (${score.ads.flagged_s}/${score.ads.gold_s} s)`,
    `${ch.published}/${ch.gold}`,
    score.keywords ? `${score.keywords.matched}/${score.keywords.gold}` : '-',
  ]);
  if (words.length > 10_000) {
    const runs = 9;
    const full = timeIt(runs, () => segmentEpisode(input, options));
    const baseline = timeIt(runs, () => splitSentences(input.words, input.silences));
    speed = `segmentEpisode on ${name} (${words.length} words): median ${full.toFixed(1)} ms over ${runs} runs (target < 1000 ms); sentence-split-only baseline ${baseline.toFixed(1)} ms; ratio ${(full / baseline).toFixed(1)}x`;
  }
}
const header = ['sample', 'chapter-start F1 ±15 s (target ≥ 0.75)', 'ad overlap F1 (target ≥ 0.90)', 'chapters pub/gold', 'keywords matched'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
console.log(speed);
console.log(`artifacts: ${cacheDir}/<sample>/episode.json, segmentation.json`);
