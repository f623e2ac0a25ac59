/**
 * How soon `podpipe process` starts its audio pass: seconds from the spawn to the runner's "ffprobe started" and
 * "ffmpeg started" debug lines on the 85-minute episode; each run is killed (its process group) once both have
 * started, so a run costs the start-up alone. START_BINS: CLI entry points to alternate, comma-separated (a base
 * worktree's services/control/bin/podpipe.mjs, then this one's), for before/after at one load.
 * Uses DATABASE_URL / REDIS_URL when set (a run may register the episode before it is killed: use a database of its own).
 *   npx tsx bench/pipeline/process-start.ts [runs] [--transcript FILE]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const sample = path.resolve(root, '../shared/samples/lex-fridman-73');
const { values, positionals } = parseArgs({ options: { transcript: { type: 'string' } }, allowPositionals: true });
const runs = Number(positionals[0] ?? 5);
const transcript = path.resolve(values.transcript ?? path.join(sample, 'episode.raw.txt'));
const bins = (process.env.START_BINS ?? 'services/control/bin/podpipe.mjs').split(',');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-start-'));
const env = { ...process.env, PODPIPE_DATA_DIR: dataDir, PODPIPE_QUEUE_PREFIX: `start${process.pid}`, LOG_LEVEL: 'debug' };
const MARKS = ['ffprobe started', 'ffmpeg started'] as const;

/** Milliseconds from the spawn to each mark, or undefined for a mark not seen. */
async function once(bin: string): Promise<Partial<Record<(typeof MARKS)[number], number>>> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [bin, 'process', path.join(sample, 'episode.mp3'), '--transcript', transcript, '--meta', path.join(sample, 'episode.meta.json'), '--out', path.join(dataDir, 'out'), '--force'], {
    cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'],
  });
  const at: Partial<Record<string, number>> = {};
  await new Promise<void>((resolve) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      try {
        const j = JSON.parse(line) as { time: number; msg: string };
        at[j.msg] ??= j.time - t0;
      } catch {
        // not a log line
      }
      // fluent-ffmpeg loads on the first probe, after ffmpeg's spawn: wait for both marks before the kill
      if (at['ffmpeg started'] !== undefined && at['ffprobe started'] !== undefined) {
        process.kill(-child.pid!, 'SIGKILL'); // ffmpeg dies with it (setpriv --pdeathsig)
        resolve();
      }
    });
    child.on('exit', () => resolve());
  });
  return at;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seen: Record<string, Record<string, number[]>> = Object.fromEntries(bins.map((b) => [b, Object.fromEntries(MARKS.map((m) => [m, []]))]));
try {
  for (let r = 0; r < runs; r++) {
    for (const bin of bins) {
      const at = await once(bin);
      for (const m of MARKS) if (at[m] !== undefined) seen[bin]![m]!.push(at[m]!);
      console.log(`run ${r + 1} ${bin}: ${MARKS.map((m) => `${m} ${((at[m] ?? NaN) / 1000).toFixed(2)} s`).join(', ')}`);
      await new Promise((res) => setTimeout(res, 300));
    }
  }
  for (const bin of bins) {
    console.log(`${bin}: ${MARKS.map((m) => `${m} min ${(Math.min(...seen[bin]![m]!) / 1000).toFixed(2)} / median ${(median(seen[bin]![m]!) / 1000).toFixed(2)} s`).join('; ')}`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
