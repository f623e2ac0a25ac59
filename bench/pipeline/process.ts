/**
 * Whole-pipeline bench: `podpipe process` on a full episode (audio + transcript, every stage through BullMQ and
 * Postgres, --force so every stage really runs) against the bare ffprobe + ffmpeg commands it wraps, in turns, min
 * and median of N each, wall and CPU (user + system of the command and the processes it waited for; Postgres and
 * Redis not counted). The ratio is what the pipeline costs on top of the audio work it cannot avoid when the
 * transcript comes with word times (`--transcript` a timed file); with the plain text (the default) the pipeline also
 * aligns the words to the audio, work the bare commands do not do.
 * Uses DATABASE_URL / REDIS_URL when set (embedded services otherwise, started once before timing).
 * PROCESS_BINS: CLI entry points to compare, comma-separated (e.g. a base worktree's services/control/bin/podpipe.mjs,
 * then this one's): each run is every CLI in turn, each followed by a bare pass its ratio is taken against, so before
 * and after share one period of the machine's load.
 *   npx tsx bench/pipeline/process.ts [runs] [--transcript FILE]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeCommand } from '../../services/ingest/src/audio/commands.ts';

const root = path.resolve(import.meta.dirname, '../..');
const sample = path.resolve(root, '../shared/samples/lex-fridman-73');
const audio = path.join(sample, 'episode.mp3');
const { values, positionals } = parseArgs({ options: { transcript: { type: 'string' } }, allowPositionals: true });
const runs = Number(positionals[0] ?? 3);
const transcript = path.resolve(values.transcript ?? path.join(sample, 'episode.raw.txt'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-bench-'));
const env = { ...process.env, PODPIPE_DATA_DIR: dataDir, PODPIPE_QUEUE_PREFIX: `bench${process.pid}` };

interface Cost {
  wall: number;
  cpu: number;
}

/** Runs a command under GNU time: wall seconds and CPU seconds of it and its waited-for children. */
function timed(cmd: string, args: string[]): Cost {
  const out = path.join(dataDir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', '-o', out, cmd, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const [wall, user, system] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + system! };
}

const sum = (a: Cost, b: Cost): Cost => ({ wall: a.wall + b.wall, cpu: a.cpu + b.cpu });

const bins = (process.env.PROCESS_BINS ?? 'services/control/bin/podpipe.mjs').split(',');
const pipeline = (bin: string) =>
  timed(process.execPath, [
    bin, 'process', audio,
    '--transcript', transcript, '--meta', path.join(sample, 'episode.meta.json'),
    '--out', path.join(dataDir, 'out'), '--force',
  ]);
const bare = () => {
  const { inputOptions, outputOptions, output } = analyzeCommand();
  return sum(timed('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', audio]), timed('ffmpeg', [...inputOptions, '-i', audio, '-y', ...outputOptions, output]));
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const min = (xs: number[]) => Math.min(...xs);
const stats = (xs: number[]) => `min ${min(xs).toFixed(2)} / median ${median(xs).toFixed(2)}  [${xs.map((x) => x.toFixed(2)).join(', ')}]`;
try {
  for (const bin of bins) pipeline(bin); // warm-up: starts embedded services if needed, migrates, fills caches
  const p: Cost[][] = bins.map(() => []);
  const b: Cost[][] = bins.map(() => []);
  for (let i = 0; i < runs; i++) {
    bins.forEach((bin, k) => {
      p[k]!.push(pipeline(bin));
      b[k]!.push(bare());
      const [pi, bi] = [p[k]![i]!, b[k]![i]!];
      console.log(`run ${i + 1}${bins.length > 1 ? ` ${bin}` : ''}: pipeline ${pi.wall.toFixed(2)} s wall, ${pi.cpu.toFixed(2)} s CPU; bare ${bi.wall.toFixed(2)} s wall, ${bi.cpu.toFixed(2)} s CPU`);
    });
  }
  console.log(`episode: ${path.basename(sample)}/episode.mp3, transcript ${transcript}; ${runs} runs each, alternating`);
  bins.forEach((bin, k) => {
    if (bins.length > 1) console.log(bin);
    for (const key of ['wall', 'cpu'] as const) {
      console.log(`${key} s, podpipe process (every stage, queues, Postgres): ${stats(p[k]!.map((x) => x[key]))}`);
      console.log(`${key} s, bare ffprobe + ffmpeg analysis:              ${stats(b[k]!.map((x) => x[key]))}`);
      console.log(`${key} ratio pipeline / bare:                          ${stats(p[k]!.map((x, i) => x[key] / b[k]![i]![key]))}`);
    }
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
