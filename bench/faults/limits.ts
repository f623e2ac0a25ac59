/**
 * Hostile-size inputs through the whole pipeline (all five stages in one process, BullMQ + Postgres): a 10 MB
 * transcript with no newline, a 100k-cue WebVTT inside the duration limit, and one past it (refused at ingest). Each case runs in a fresh child process, which reports its
 * wall time from registration to the episode's final state and its peak RSS (getrusage maxrss) — the figures the
 * issue measured at 5 min 39 s / 1.68 GB and 715 MB before. Targets: < 60 s and < 500 MB each.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/faults/limits.ts
 *   DATABASE_URL=… REDIS_URL=… node --import tsx bench/faults/limits.ts vtt-100k-cues [per-stage]
 * `per-stage` runs the stages as a deployment does (one `podpipe worker <stage>` process each, the built CLI when
 * fresh) and reports each process's peak RSS; LIMITS_TRACE=1 prints the memory samples to stderr.
 * Needs a migrated database (`podpipe migrate`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CASES = {
  'transcript-10mb': { file: 'huge.txt', make: tenMegabyteLine },
  'vtt-100k-cues': { file: 'huge.vtt', make: () => hundredThousandCues(0.42, 2) },
  'vtt-past-duration-limit': { file: 'long.vtt', make: () => hundredThousandCues(1.5, 2) },
  // The largest episode the default limits admit: 100k cues, 300k words (PODPIPE_MAX_WORDS), 11.7 h.
  'vtt-300k-words': { file: 'largest.vtt', make: () => hundredThousandCues(0.42, 3) },
} as const;
type CaseName = keyof typeof CASES;

const WORDS = ['bread', 'oven', 'flour', 'water', 'salt', 'yeast', 'crumb', 'crust', 'proof', 'knead', 'starter', 'loaf'];

function tenMegabyteLine(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 10 * 2 ** 20; i++) {
    const w = `${WORDS[i % WORDS.length]}${i % 97} `;
    parts.push(w);
    size += w.length;
  }
  return parts.join('');
}

/** `hh:mm:ss.mmm`, hours past 24 as they are (a Date would wrap them). */
function vttTime(ms: number): string {
  const pad = (n: number, width = 2) => String(Math.floor(n)).padStart(width, '0');
  return `${pad(ms / 3_600_000)}:${pad((ms / 60_000) % 60)}:${pad((ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

/**
 * 100k cues of `words` words, one every `stepSec`: at 0.42 s they last 11.7 h, inside the default 12 h duration limit
 * (two words a cue is a fast talker's 285 words a minute, so processed through every stage for real); at 1.5 s,
 * 41.7 h, refused at ingest.
 */
function hundredThousandCues(stepSec: number, words: number): string {
  const step = Math.round(stepSec * 1000);
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < 100_000; i++) {
    const text = Array.from({ length: words }, (_, k) => WORDS[(i * (5 * k + 1) + k) % WORDS.length]).join(' ');
    lines.push(`${vttTime(i * step)} --> ${vttTime(i * step + step - 20)}`, text, '');
  }
  return lines.join('\n');
}

/** A process's peak RSS so far (MB), from /proc (VmHWM): what getrusage would say, read from outside. */
function peakRssOf(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
}

/**
 * The deployment's shape (docker-compose, k8s): one `podpipe worker <stage>` process per stage, through the real
 * CLI (the built one when fresh). Resolves once each has logged that its workers started.
 */
async function startStageProcesses(env: NodeJS.ProcessEnv): Promise<Map<string, ChildProcess>> {
  const cli = new URL('../../services/control/bin/podpipe.mjs', import.meta.url).pathname;
  const stages = ['ingest', 'transcribe', 'transcribe-fix', 'segment', 'publish'];
  const children = new Map(stages.map((stage) => [stage, spawn(process.execPath, [cli, 'worker', stage], { env, stdio: ['ignore', 'ignore', 'pipe'] })]));
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          // The log goes to stderr; only its tail is kept, for the error.
          let out = '';
          child.stderr!.on('data', (chunk: Buffer) => {
            out = (out + chunk.toString()).slice(-2000);
            if (out.includes('workers started')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`a stage worker exited (${code}) before starting: ${out.slice(-500)}`)));
        }),
    ),
  );
  return children;
}

async function runCase(name: CaseName, perStage: boolean): Promise<void> {
  const { STAGE_DEFINITIONS } = await import('../../services/control/src/stages.ts');
  const { waitForEpisode } = await import('../../services/control/src/episodes.ts');
  const { registerEpisode } = await import('../../services/ingest/src/register.ts');
  const { loadConfig } = await import('../../libs/shared/src/config.ts');
  const { createLogger } = await import('../../libs/shared/src/logger.ts');
  const { openRuntime, startStageWorkers } = await import('../../libs/shared/src/runtime.ts');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-limits-'));
  const input = path.join(dataDir, CASES[name].file);
  // A nonce keeps the content new, so no stage is skipped as up to date from an earlier run on the same database.
  writeFileSync(input, CASES[name].make().replace('bread', `bread${process.pid}x${Date.now()}`));
  const config = loadConfig({ ...process.env, PODPIPE_DATA_DIR: dataDir, PODPIPE_QUEUE_PREFIX: `limits${process.pid}`, LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config, createLogger('silent'), { allowEmbedded: false, migrate: false });
  const children = perStage
    ? await startStageProcesses({ ...process.env, PODPIPE_DATA_DIR: dataDir, PODPIPE_QUEUE_PREFIX: `limits${process.pid}`, LOG_LEVEL: 'info' })
    : undefined;
  const workers = perStage ? { close: async () => undefined } : startStageWorkers(rt, Object.values(STAGE_DEFINITIONS));
  // Each stage process's warm-up (models loaded) is part of its floor, measured after it, as in the one-process case.
  if (perStage) await new Promise((r) => setTimeout(r, 15_000));
  try {
    const started = performance.now();
    const reg = await registerEpisode(rt.db, rt.buckets, { transcriptPath: input, meta: { title: name } });
    rt.outbox.kick();
    // Peak RSS and heap (MB) while the episode is at each stage, sampled every 100 ms (a blocked event loop samples late).
    const byStage: Record<string, { rss: number; heap: number; heapTotal: number; external: number }> = {};
    let stage = 'ingest';
    const sample = () => {
      const m = process.memoryUsage();
      const peak = (byStage[stage] ??= { rss: 0, heap: 0, heapTotal: 0, external: 0 });
      peak.rss = Math.max(peak.rss, Math.round(m.rss / 2 ** 20));
      peak.heap = Math.max(peak.heap, Math.round(m.heapUsed / 2 ** 20));
      peak.heapTotal = Math.max(peak.heapTotal, Math.round(m.heapTotal / 2 ** 20));
      peak.external = Math.max(peak.external, Math.round(m.external / 2 ** 20));
      if (process.env.LIMITS_TRACE) console.error(JSON.stringify({ t: Math.round(performance.now() - started), stage, rss: Math.round(m.rss / 2 ** 20), heap: Math.round(m.heapUsed / 2 ** 20), heapTotal: Math.round(m.heapTotal / 2 ** 20), external: Math.round(m.external / 2 ** 20) }));
    };
    const sampler = setInterval(sample, 100);
    const episode = await waitForEpisode(rt.db, reg.episodeId, reg.generation, {
      timeoutMs: 1_800_000,
      pollMs: 100,
      onPoll: async (e) => {
        stage = e.stage ?? stage;
        sample();
      },
    });
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const runs = await rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', reg.episodeId).where('generation', '=', reg.generation).orderBy('id').execute();
    const words = await rt.db.selectFrom('transcripts').select((eb) => eb.fn('jsonb_array_length', ['words']).as('n')).where('episode_id', '=', reg.episodeId).where('version', '=', 'raw').executeTakeFirst();
    console.log(
      JSON.stringify({
        case: name,
        status: episode.status,
        error: episode.error,
        words: words?.n ?? null,
        seconds: Number(seconds.toFixed(2)),
        // CPU seconds of the whole process (every thread), the figure a loaded machine does not inflate.
        cpuSec: Number(((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6).toFixed(1)),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        runs: runs.map((r) => `${r.stage}:${r.status}`),
        byStage,
        ...(children ? { perStageProcessPeakRssMb: Object.fromEntries([...children].map(([stage, child]) => [stage, peakRssOf(child.pid!)])) } : {}),
      }),
    );
  } finally {
    for (const child of children?.values() ?? []) child.kill('SIGTERM');
    await workers.close();
    await Promise.all(Object.values(rt.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const only = process.argv[2];
if (only && only in CASES) {
  // `per-stage`: the stages run as a deployment runs them, one worker process each (this process only registers
  // the episode and waits); each process's peak RSS is reported.
  await runCase(only as CaseName, process.argv[3] === 'per-stage');
  process.exit(0);
}
for (const name of Object.keys(CASES) as CaseName[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, name], { encoding: 'utf8', env: process.env });
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr.slice(-2000)}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const ok = result.seconds < 60 && result.peakRssMb < 500 ? 'meets' : 'MISSES';
  console.log(
    `${name.padEnd(23)} ${result.status.padEnd(7)} ${String(result.words ?? '-').padStart(7)} words  ${result.seconds.toFixed(2).padStart(6)} s  ${result.cpuSec.toFixed(1).padStart(5)} CPU s  peak RSS ${String(result.peakRssMb).padStart(4)} MB  ${ok} < 60 s, < 500 MB  [${result.runs.join(' ')}]${result.error ? `  ${result.error}` : ''}`,
  );
}
