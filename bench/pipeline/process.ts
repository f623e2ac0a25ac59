/**
 * Whole-pipeline bench: `podpipe process` on a full episode (audio + raw transcript, all four stages through
 * BullMQ and Postgres, --force so every stage really runs) against the bare ffprobe + ffmpeg commands it wraps,
 * in turns, median of N each. The ratio is what the pipeline costs on top of the audio work it cannot avoid.
 * Uses DATABASE_URL / REDIS_URL when set (embedded services otherwise, started once before timing).
 *   npx tsx bench/pipeline/process.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeCommand } from '../../services/ingest/src/audio/commands.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sample = path.resolve(root, '../shared/samples/lex-fridman-73');
const audio = path.join(sample, 'episode.mp3');
const runs = Number(process.argv[2] ?? 3);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-bench-'));
const env = { ...process.env, PODPIPE_DATA_DIR: dataDir, PODPIPE_QUEUE_PREFIX: `bench${process.pid}` };

function timed(cmd: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return (performance.now() - started) / 1000;
}

const pipeline = () =>
  timed(process.execPath, [
    'services/control/bin/podpipe.mjs', 'process', audio,
    '--transcript', path.join(sample, 'episode.raw.txt'), '--meta', path.join(sample, 'episode.meta.json'),
    '--out', path.join(dataDir, 'out'), '--force',
  ]);
const bare = () => {
  const { inputOptions, outputOptions, output } = analyzeCommand();
  return timed('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', audio]) + timed('ffmpeg', [...inputOptions, '-i', audio, '-y', ...outputOptions, output]);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  pipeline(); // warm-up: starts embedded services if needed, migrates, fills caches
  const p: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    p.push(pipeline());
    b.push(bare());
  }
  const ratios = p.map((x, i) => x / b[i]!);
  console.log(`episode: ${path.basename(sample)}/episode.mp3 (75 min), ${runs} runs each, alternating`);
  console.log(`podpipe process (4 stages, queues, Postgres): median ${median(p).toFixed(2)} s  [${p.map((x) => x.toFixed(2)).join(', ')}]`);
  console.log(`bare ffprobe + ffmpeg analysis:              median ${median(b).toFixed(2)} s  [${b.map((x) => x.toFixed(2)).join(', ')}]`);
  console.log(`ratio pipeline / bare ffmpeg: median ${median(ratios).toFixed(2)}  [${ratios.map((x) => x.toFixed(2)).join(', ')}]`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
