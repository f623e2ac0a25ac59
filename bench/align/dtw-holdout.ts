/**
 * How well DTW against synthesized speech places words, measured where the truth is known: on each episode, runs of
 * words the decoder did place are hidden (every HOLD_EVERY-th run of HOLD_WORDS placed words with placed neighbours),
 * then placed again by `placeByDtw` and, for comparison, by the interpolation it precedes. The error is each hidden
 * word's start against the decoder's own time (the decoder is within a few hundredths of a second of the turn gold on
 * these episodes, see RESULTS). Decoder times are cached per episode in --cache DIR so reruns only redo the DTW.
 *
 *   npx tsx bench/align/dtw-holdout.ts [--only lex-opening,kitchen-table,…] [--hold WORDS] [--cache DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeAudio, probeAudio } from '../../services/ingest/src/audio/audio.ts';
import { placeByDtw } from '../../services/transcribe/src/align/dtw-placement.ts';
import { forcedAlign, type PlacedTime } from '../../services/transcribe/src/align/forced.ts';
import { interpolateGaps } from '../../services/transcribe/src/align/interpolate.ts';
import { withPcm } from '../../services/transcribe/src/align/pcm.ts';
import { DEV_EPISODES, SAMPLES_DIR } from '../dev/episodes.ts';

const HOLD_EVERY = 5;

const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1]!.split(',') : DEV_EPISODES.filter((e) => e.name !== 'lex-episode').map((e) => e.name);
const holdAt = argv.indexOf('--hold');
/** Words in each hidden run (default 12, about 4 s of speech). */
const HOLD_WORDS = holdAt >= 0 ? Number(argv[holdAt + 1]) : 12;
const cacheAt = argv.indexOf('--cache');
const cacheDir = cacheAt >= 0 ? argv[cacheAt + 1]! : path.join(os.tmpdir(), 'podpipe-dtw-holdout');
fs.mkdirSync(cacheDir, { recursive: true });

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** CPU seconds of this process and its finished children. */
function cpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return [11, 12, 13, 14].reduce((sum, k) => sum + Number(fields[k]), 0) / 100;
}

for (const ep of DEV_EPISODES.filter((e) => only.includes(e.name))) {
  const dir = path.join(SAMPLES_DIR, ep.dir);
  const audio = path.join(dir, `${ep.stem}.mp3`);
  const texts = fs.readFileSync(path.join(dir, `${ep.stem}.raw.txt`), 'utf8').split(/\s+/).filter(Boolean);
  const duration = (await probeAudio(audio)).durationSec;
  const { silences } = await analyzeAudio(audio, { durationSec: duration });
  const cached = path.join(cacheDir, `${ep.name}.times.json`);
  await withPcm(audio, undefined, async (pcm) => {
    const times: (PlacedTime | null)[] = fs.existsSync(cached)
      ? JSON.parse(fs.readFileSync(cached, 'utf8'))
      : // every second decoded: the truth for the hidden words is the decoder's
        (await forcedAlign(pcm, texts, { duration, silences }, { skipSec: 0 })).times;
    fs.writeFileSync(cached, JSON.stringify(times));
    // hide every HOLD_EVERY-th run of HOLD_WORDS placed words whose neighbours are placed too
    const hidden = [...times];
    const held: number[] = [];
    let runs = 0;
    for (let i = 1; i + HOLD_WORDS < times.length; ) {
      const window = times.slice(i - 1, i + HOLD_WORDS + 1);
      if (window.every(Boolean)) {
        if (runs++ % HOLD_EVERY === 0) {
          for (let k = i; k < i + HOLD_WORDS; k++) {
            hidden[k] = null;
            held.push(k);
          }
        }
        i += HOLD_WORDS + 1;
      } else i++;
    }
    const cpu = cpuSeconds();
    const started = performance.now();
    const filled = await placeByDtw(pcm, texts, hidden, { duration, silences });
    const wall = (performance.now() - started) / 1000;
    const dtwCpu = cpuSeconds() - cpu;
    const interpolated = interpolateGaps(texts, hidden, duration, silences);
    const dtwErrors = held.filter((k) => filled.times[k]).map((k) => Math.abs(filled.times[k]!.start - times[k]!.start)).sort((a, b) => a - b);
    const interpErrors = held.map((k) => Math.abs(interpolated[k]!.start - times[k]!.start)).sort((a, b) => a - b);
    const realGaps = filled.placed.filter((k) => !held.includes(k)).length;
    const fmt = (e: number[]) => `${quantile(e, 0.5).toFixed(2)}/${quantile(e, 0.9).toFixed(2)} s`;
    console.log(
      [
        ep.name.padEnd(17),
        `hidden ${held.length} (placed by DTW ${dtwErrors.length})`,
        `DTW start error median/p90 ${fmt(dtwErrors)}`,
        `interpolation ${fmt(interpErrors)}`,
        `(also ${realGaps} of the decoder's own unplaced)`,
        `DTW ${dtwCpu.toFixed(1)} CPU s, ${wall.toFixed(1)} s wall`,
      ].join('  '),
    );
  });
}
