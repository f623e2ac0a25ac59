/**
 * Caption sync for an untimed transcript with audio. Each shared episode's raw text is aligned to its mp3 by
 * `alignTranscript` (pocketsphinx constrained to the transcript's words) and, in the same run, by the proportional
 * placement it replaces (`alignToAudio`). Both are scored by ../shared/eval/score.mjs on a transcript.json with one
 * segment per word, so `timing.turn_start_error_*` measures the word times themselves (gold turn starts are used
 * for scoring only). Also prints wall and CPU time (this process and its decoders) against audio length, unplaced
 * words, and this process's peak RSS (each pocketsphinx process reads one piece, about 40 MB whatever the episode).
 *
 *   npx tsx bench/align/run.ts [--only lex-opening,kitchen-table,…] [--no-baseline] [--trace FILE] [--skip SECONDS] [--anchor SECONDS] [--beams wide|narrow] [--holdout]
 *
 * `--holdout` aligns the held-out episodes (bench/holdout/episodes/) instead of the shared ones: tune nothing on them.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Word } from '@podpipe/shared/transcript';
import { analyzeAudio, probeAudio } from '../../services/ingest/src/audio/audio.ts';
import { alignTranscript } from '../../services/transcribe/src/align/aligner.ts';
import { alignToAudio } from '../../services/transcribe/src/align/index.ts';
import { DEV_EPISODES, SAMPLES_DIR, SCORER } from '../dev/episodes.ts';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const holdout = argv.includes('--holdout');
const HOLDOUT_DIR = path.join(import.meta.dirname, '../holdout/episodes');
const shared = holdout ? HOLDOUT_DIR : SAMPLES_DIR;
const scorer = SCORER;

// The whole lex episode last: the long one.
const EPISODES = holdout
  ? fs
      .readdirSync(HOLDOUT_DIR)
      .filter((name) => fs.existsSync(path.join(HOLDOUT_DIR, name, 'episode.gold.json')))
      .sort()
      .map((name) => ({ name, dir: name, stem: 'episode' }))
  : [...DEV_EPISODES.filter((e) => e.name !== 'lex-episode'), ...DEV_EPISODES.filter((e) => e.name === 'lex-episode')];

const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1]!.split(',') : null;
const baseline = !argv.includes('--no-baseline');
const traceAt = argv.indexOf('--trace');
/** `--trace FILE`: one line per decoder run (piece, window, what it read) appended to FILE. */
const traceFile = traceAt >= 0 ? argv[traceAt + 1]! : null;
const skipAt = argv.indexOf('--skip');
/** `--skip SECONDS`: audio the decoder skips after each piece, left to DTW (0 decodes all of it; default the aligner's). */
const skipSec = skipAt >= 0 ? Number(argv[skipAt + 1]) : undefined;
const anchorAt = argv.indexOf('--anchor');
/** `--anchor SECONDS`: with skipping, the length of the pieces the decoder reads. */
const anchorSec = anchorAt >= 0 ? Number(argv[anchorAt + 1]) : undefined;
const beamsAt = argv.indexOf('--beams');
/** `--beams wide|narrow`: the decoder's beams (default the aligner's, wide; sphinx.ts DECODER_BEAMS). */
const beams = beamsAt >= 0 ? (argv[beamsAt + 1] as 'wide' | 'narrow') : undefined;

/** score.mjs's timing block for words published one per segment. */
async function score(words: Word[], gold: string): Promise<{ median: number; p90: number; matched: number; turns: number } | null> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-align-'));
  try {
    const segments = words.map((w) => ({ body: w.text, startTime: w.start, endTime: w.end }));
    fs.writeFileSync(path.join(out, 'transcript.json'), JSON.stringify({ version: '1.0.0', segments }));
    const { stdout } = await run(process.execPath, [scorer, '--gold', gold, '--out', out, '--json'], { maxBuffer: 64 << 20 });
    const t = (JSON.parse(stdout) as { timing?: { turn_start_error_median_s: number; turn_start_error_p90_s: number; turns_matched: number; turns: number } }).timing;
    // a gold without turn starts (the full lex episode) measures time and memory only
    if (!t) return null;
    return { median: t.turn_start_error_median_s, p90: t.turn_start_error_p90_s, matched: t.turns_matched, turns: t.turns };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** CPU seconds this process and its finished children (decoders, ffmpeg) have used, from /proc/self/stat. */
function cpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // utime, stime, cutime, cstime are fields 14–17 of the full line, 12–15 after the command name
  return [11, 12, 13, 14].reduce((sum, k) => sum + Number(fields[k]), 0) / 100;
}

const rows: string[] = [];
for (const ep of EPISODES.filter((e) => !only || only.includes(e.name))) {
  const dir = path.join(shared, ep.dir);
  const audio = path.join(dir, `${ep.stem}.mp3`);
  const gold = path.join(dir, `${ep.stem}.gold.json`);
  const texts = fs.readFileSync(path.join(dir, `${ep.stem}.raw.txt`), 'utf8').split(/\s+/).filter(Boolean);
  const duration = (await probeAudio(audio)).durationSec;
  const { silences } = await analyzeAudio(audio, { durationSec: duration });
  const words: Word[] = texts.map((text) => ({ text, start: 0, end: 0 }));
  const started = performance.now();
  const cpuBefore = cpuSeconds();
  const trace = traceFile ? (line: string) => fs.appendFileSync(traceFile, `${ep.name} ${line}\n`) : undefined;
  const aligned = await alignTranscript(
    { audioPath: audio, durationSec: duration, silences, words },
    { ...(trace ? { trace } : {}), ...(skipSec !== undefined ? { skipSec } : {}), ...(anchorSec !== undefined ? { anchorSec } : {}), ...(beams ? { beams } : {}) },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuBefore;
  const forced = await score(aligned.words, gold);
  const before = baseline ? await score(alignToAudio(texts, { duration, silences }), gold) : null;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const line = [
    ep.name.padEnd(17),
    `${(duration / 60).toFixed(1).padStart(5)} min`,
    before ? `proportional ${before.median.toFixed(2)}/${before.p90.toFixed(2)}` : '',
    forced ? `forced ${forced.median.toFixed(2)}/${forced.p90.toFixed(2)} (${forced.matched}/${forced.turns} turns)` : 'forced (gold has no turn starts)',
    `wall ${seconds.toFixed(1)} s = ${(seconds / duration).toFixed(4)}x audio, CPU ${cpu.toFixed(1)} s = ${(cpu / duration).toFixed(4)}x`,
    `DTW-placed ${aligned.dtwPlaced}, unplaced ${aligned.unplaced}/${texts.length}`,
    `peak RSS ${rssMb.toFixed(0)} MB`,
  ].join('  ');
  console.log(line);
  rows.push(line);
}
