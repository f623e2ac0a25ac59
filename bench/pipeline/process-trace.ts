/**
 * Where `podpipe process` spends its wall on the 85-minute episode: one run (after a warm-up run) with LOG_LEVEL=debug,
 * every log line's time as an offset from the spawn: the ffmpeg analysis pass's start (the runner's debug line) and
 * end (ingest's next step), registration, the fixer's end, publish's end (segment + publish after the join) and the
 * process's exit (export, shutdown); then the process's own phases (database ready, runtime opened, workers started,
 * episode finished, artifacts exported, workers closed, runtime closed). TRACE_LINES=1 prints every line.
 * Uses DATABASE_URL / REDIS_URL when set. TRACE_BINS: CLI entry points to alternate, comma-separated (e.g. a copy of
 * the base's built CLI, then services/control/bin/podpipe.mjs), for before/after in one run at one load.
 *   npx tsx bench/pipeline/process-trace.ts [runs] [--transcript FILE]
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
const runs = Number(positionals[0] ?? 1);
const transcript = path.resolve(values.transcript ?? path.join(sample, 'episode.raw.txt'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-trace-'));
const env = { ...process.env, PODPIPE_DATA_DIR: dataDir, PODPIPE_QUEUE_PREFIX: `trace${process.pid}`, LOG_LEVEL: 'debug' };

interface Line {
  at: number;
  stage?: string;
  msg: string;
}

async function once(bin: string): Promise<{ lines: Line[]; exit: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [
    bin, 'process', path.join(sample, 'episode.mp3'),
    '--transcript', transcript, '--meta', path.join(sample, 'episode.meta.json'),
    '--out', path.join(dataDir, 'out'), '--force',
  ], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: Line[] = [];
  createInterface({ input: child.stderr }).on('line', (text) => {
    try {
      const j = JSON.parse(text) as { time: number; stage?: string; msg: string };
      lines.push({ at: j.time - t0, ...(j.stage ? { stage: j.stage } : {}), msg: j.msg });
    } catch {
      lines.push({ at: Date.now() - t0, msg: text });
    }
  });
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
  if (code !== 0) throw new Error(`podpipe process exited ${code}`);
  return { lines, exit: Date.now() - t0 };
}

const s = (ms: number | undefined) => (ms === undefined ? '   -   ' : (ms / 1000).toFixed(2).padStart(7));
const bins = (process.env.TRACE_BINS ?? 'services/control/bin/podpipe.mjs').split(',');
try {
  for (const bin of bins) await once(bin); // warm-up
  for (let r = 0; r < runs * bins.length; r++) {
    const bin = bins[r % bins.length]!;
    const { lines, exit } = await once(bin);
    const find = (re: RegExp, stage?: string) => lines.find((l) => re.test(l.msg) && (!stage || l.stage === stage))?.at;
    const registered = find(/^episode registered/);
    const ffStart = find(/^ffmpeg started/); // the runner's debug line: the analysis pass (ingest's, or prefetched)
    const ffEnd = find(/^publishing the audio|^audio probed and measured/);
    const fixed = find(/^transcribe-fix done/);
    const done = find(/^publish done/);
    console.log(
      `${bin} run ${Math.floor(r / bins.length) + 1}, seconds from spawn: ffmpeg ${s(ffStart)} → ${s(ffEnd)} (${s(ffEnd! - ffStart!)}) | registered ${s(registered)} | fixer done ${s(fixed)} | publish done ${s(done)} (${s(done! - ffEnd!)} after ffmpeg) | exit ${s(exit)} (${s(exit - done!)} after publish)`,
    );
    // The process's own phases (debug lines of the CLI and the runtime; a build without them shows dashes).
    const phases: [string, RegExp][] = [
      ['database ready', /^database ready/], ['runtime opened', /^runtime opened/], ['workers started', /^workers started/],
      ['episode finished', /^episode finished/], ['exported', /^artifacts exported/], ['workers closed', /^workers closed/], ['runtime closed', /^runtime closed/],
    ];
    console.log(`  phases: ${phases.map(([name, re]) => `${name} ${s(find(re))}`).join(' | ')}`);
    if (process.env.TRACE_LINES) for (const l of lines) console.log(`  ${s(l.at)}  ${(l.stage ?? '').padEnd(15)} ${l.msg}`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
