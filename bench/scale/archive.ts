/**
 * Archive throughput: N text-only episodes through long-running worker processes (every stage, real BullMQ, Postgres
 * and hand-offs) against the same stage functions called in a plain loop in one process (runStage per stage, the
 * same Postgres reads and writes, no queues, no hand-off waits). Then the same with 2 worker processes, for worker CPU
 * seconds per episode, 2 processes against 1.
 * Episodes: WORDS-word slices of the development transcripts, each made unique. Registration is not timed.
 * CPU: user+system seconds of this process (plain loop) or of the worker processes (from /proc); Postgres and Redis
 * CPU are not counted on either side.
 *   npm run build && DATABASE_URL=… REDIS_URL=… npx tsx bench/scale/archive.ts [episodes] [words] [rounds]
 * WORKER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) are given to the worker processes' node.
 * ARCHIVE_SIDES (e.g. `1` or `loop,1,2`, the default) picks the sides to run, for iterating on one of them.
 * ARCHIVE_COUNT=1 counts, per episode, the Redis commands the worker processes send under the side's prefix (Redis
 * MONITOR; BullMQ's scripts by name) and the Postgres transactions committed in the side's database
 * (pg_stat_database), to see what grows with the number of processes. MONITOR costs Redis CPU, not the workers'.
 * The machine's own 2 / 1 (sides `loop1`, `loop2s`, `loop2`): the plain loop in child processes, each warmed up (every
 * stage's warmUp, then one episode of its own) before its CPU clock starts, so only the loop's work is counted:
 * `loop1` one process over every episode; `loop2s` two processes over half each (episodes alternate, as jobs do
 * between worker processes), one after the other — the split's own cost (per-process caches cold twice); `loop2` the
 * same two at once — the split plus two busy processes on the same cores. loop2 / loop1 is the baseline the worker
 * processes' 2 / 1 is printed next to; loop2 / loop2s is what running at once adds on this machine.
 * ARCHIVE_LOOP_WINDOW=w: each loop child also prints its CPU ms per episode over each w of its episodes in turn (how
 * fast a fresh process's cold work dies away; a child of loop2s sees every other episode).
 * ARCHIVE_VARIANTS: worker settings to compare in the same run, `;`-separated `name=setting setting …`, where a setting
 * is a node flag (`--single-threaded-gc`) or an environment variable (`PODPIPE_CPU_THREAD_YOUNG_MB=32`); the worker
 * sides (1, 2) run once per variant in every round, in turn, so each variant sees the same period. An empty setting
 * list is the base: `ARCHIVE_VARIANTS='base=;sgc=--single-threaded-gc;young32=PODPIPE_CPU_THREAD_YOUNG_MB=32'`.
 * ARCHIVE_CORPUS=fresh: episodes whose runs of words do not repeat ~8× (archive-episodes.ts), beside the default.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STAGE_DEFINITIONS } from '../../services/control/src/stages.ts';
import { STAGES } from '../../libs/shared/src/jobs.ts';
import { runStage } from '../../libs/shared/src/stage.ts';
import { registerArchive } from './archive-episodes.ts';
import { benchEnv, median, min } from './bench-env.ts';
import { countRoundTrips } from './round-trips.ts';

const count = Number(process.argv[2] ?? 1000);
const words = Number(process.argv[3] ?? 400);
const rounds = Number(process.argv[4] ?? 1);
const root = path.resolve(import.meta.dirname, '../..');
// ARCHIVE_BIN: another CLI entry point for the worker processes (e.g. a copy of the base's built CLI, for before/after).
const bin = path.resolve(root, process.env.ARCHIVE_BIN ?? 'services/control/bin/podpipe.mjs');
const workerNodeArgs = (process.env.WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function plainLoop(): Promise<{ wall: number; cpu: number }> {
  const env = await benchEnv('loop');
  try {
    const ids = await registerArchive(env, count, words);
    const ctx = { ...env.rt, outbox: { kick() {}, send: async () => true, stop: async () => {} } };
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    for (const episodeId of ids) {
      for (const stage of STAGES) await runStage(STAGE_DEFINITIONS[stage], ctx, { episodeId, generation: 1 }, { attemptsMade: 0, id: 'loop' });
    }
    const wall = (performance.now() - started) / 1000;
    const c = process.cpuUsage(cpu0);
    const done = await env.rt.db.selectFrom('episodes').select('id').where('status', '=', 'done').execute();
    if (done.length !== count) throw new Error(`plain loop: ${done.length} of ${count} done`);
    return { wall, cpu: (c.user + c.system) / 1e6 };
  } finally {
    await env.dispose();
  }
}

/**
 * A child's part of a plain loop (ARCHIVE_LOOP_PART=k/n, run by loopSide): the episodes i with i % n = k of the
 * database in DATABASE_URL, in order. Warms up first; prints one JSON line {cpu, wall, warm, episodes}.
 */
async function loopChild(part: string): Promise<void> {
  const [k, n] = part.split('/').map(Number) as [number, number];
  const { loadConfig } = await import('../../libs/shared/src/config.ts');
  const { createLogger } = await import('../../libs/shared/src/logger.ts');
  const { openRuntime } = await import('../../libs/shared/src/runtime.ts');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const rt = await openRuntime(config, createLogger('silent'), { allowEmbedded: false, migrate: false });
  const all = (await rt.db.selectFrom('episodes').select(['id', 'title']).execute()).map((e) => ({ id: e.id, i: Number(/\d+$/.exec(e.title ?? '')?.[0]) }));
  all.sort((a, b) => a.i - b.i);
  const mine = all.filter((e) => e.i % n === k);
  const ctx = { ...rt, outbox: { kick() {}, send: async () => true, stop: async () => {} } };
  const w0 = process.cpuUsage();
  for (const stage of STAGES) await STAGE_DEFINITIONS[stage].warmUp?.(config);
  // The first episode is the warm-up's last part (lazy imports a warmUp does not reach); it is not counted.
  const run = async (episodeId: string) => {
    for (const stage of STAGES) await runStage(STAGE_DEFINITIONS[stage], ctx, { episodeId, generation: 1 }, { attemptsMade: 0, id: 'loop' });
  };
  await run(mine[0]!.id);
  const w = process.cpuUsage(w0);
  const window = Number(process.env.ARCHIVE_LOOP_WINDOW ?? 0);
  const windows: number[] = [];
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let win0 = process.cpuUsage();
  for (const [k, e] of mine.slice(1).entries()) {
    await run(e.id);
    if (window && (k + 1) % window === 0) {
      const c = process.cpuUsage(win0);
      windows.push(Number(((c.user + c.system) / 1000 / window).toFixed(1)));
      win0 = process.cpuUsage();
    }
  }
  const wall = (performance.now() - started) / 1000;
  const c = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ cpu: (c.user + c.system) / 1e6, wall, warm: (w.user + w.system) / 1e6, episodes: mine.length - 1, windows }));
  await rt.close();
  const { closeSharedCpuPool } = await import('../../libs/shared/src/cpu-pool.ts');
  await closeSharedCpuPool({ force: true });
  process.exit(0);
}

/** The plain loop in `processes` child processes over alternate episodes, `together` (at once) or one after the other. */
async function loopSide(name: string, processes: number, together: boolean): Promise<{ wall: number; cpu: number; detail: string }> {
  const env = await benchEnv(name);
  try {
    await registerArchive(env, count, words);
    const childEnv = { ...process.env, DATABASE_URL: env.rt.databaseUrl, PODPIPE_QUEUE_PREFIX: env.config.queuePrefix, PODPIPE_DATA_DIR: env.config.dataDir };
    const one = (k: number) =>
      new Promise<{ cpu: number; wall: number; warm: number; episodes: number; windows: number[] }>((resolve, reject) => {
        const child = spawn(process.execPath, [...process.execArgv, import.meta.filename], { env: { ...childEnv, ARCHIVE_LOOP_PART: `${k}/${processes}` }, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${name} part ${k}: exit ${code}`))));
      });
    const started = performance.now();
    const parts: { cpu: number; wall: number; warm: number; episodes: number; windows: number[] }[] = [];
    if (together) parts.push(...(await Promise.all(Array.from({ length: processes }, (_, k) => one(k)))));
    else for (let k = 0; k < processes; k++) parts.push(await one(k));
    const wall = (performance.now() - started) / 1000;
    const episodes = parts.reduce((s, p) => s + p.episodes, 0);
    const cpu = (parts.reduce((s, p) => s + p.cpu, 0) / episodes) * count; // per counted episode, scaled to `count`
    const detail = parts.map((p) => `${p.cpu.toFixed(2)} s / ${p.episodes} ep (warm-up ${p.warm.toFixed(2)} s)${p.windows.length ? ` [ms/ep by window: ${p.windows.join(' ')}]` : ''}`).join(' + ');
    return { wall, cpu, detail };
  } finally {
    await env.dispose();
  }
}

function procCpu(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100; // utime stime cutime cstime
}

/**
 * Per-thread CPU seconds of a process, grouped by thread name (the main thread is the one whose id is the pid); a
 * thread of over 5 s is listed on its own (the CPU pool's threads are named "node" like V8's and libuv's helpers).
 */
function threadCpu(pid: number): string {
  const by = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.split(') ')[1]!.split(' ');
    const cpu = (Number(f[11]) + Number(f[12])) / 100;
    const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + (cpu > 5 ? ` ${tid}` : '');
    by.set(name, (by.get(name) ?? 0) + cpu);
  }
  let voluntary = 0;
  let involuntary = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return `${[...by].map(([n, s]) => `${n} ${s.toFixed(2)}`).join(', ')}; context switches ${voluntary} voluntary, ${involuntary} not`;
}

/** A worker variant (ARCHIVE_VARIANTS): node flags and environment for the worker processes. */
interface Variant {
  name: string;
  nodeArgs: string[];
  env: Record<string, string>;
}

function parseVariants(spec: string | undefined): Variant[] {
  if (!spec) return [{ name: '', nodeArgs: [], env: {} }];
  return spec
    .split(';')
    .filter((v) => v.trim())
    .map((v) => {
      const [name, settings = ''] = v.split(/=(.*)/s) as [string, string?];
      const parts = settings.split(' ').filter(Boolean);
      return {
        name: name.trim(),
        nodeArgs: parts.filter((p) => p.startsWith('-')),
        env: Object.fromEntries(parts.filter((p) => !p.startsWith('-')).map((p) => p.split(/=(.*)/s).slice(0, 2) as [string, string])),
      };
    });
}

async function workers(processes: number, variant: Variant): Promise<{ wall: number; cpu: number }> {
  const env = await benchEnv(`workers${processes}`);
  try {
    const ids = await registerArchive(env, count, words);
    const childEnv = { ...process.env, ...variant.env, DATABASE_URL: env.rt.databaseUrl, PODPIPE_QUEUE_PREFIX: env.config.queuePrefix, PODPIPE_DATA_DIR: env.config.dataDir, LOG_LEVEL: 'warn' };
    const counting = process.env.ARCHIVE_COUNT ? await countRoundTrips(env.rt.redisUrl, env.rt.databaseUrl, env.config.queuePrefix) : null;
    const started = performance.now();
    const children = Array.from({ length: processes }, () => spawn(process.execPath, [...workerNodeArgs, ...variant.nodeArgs, bin, 'worker', ...STAGES], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] }));
    // Hand the archive over as a reprocess would: one outbox insert, dispatched in bulk.
    const { addManyToOutbox } = await import('../../libs/shared/src/outbox.ts');
    await addManyToOutbox(env.rt.db, 'ingest', ids.map((episodeId) => ({ episodeId, generation: 1 })));
    env.rt.outbox.kick();
    for (;;) {
      const row = await env.rt.db.selectFrom('episodes').select(({ fn }) => fn.countAll<number>().as('n')).where('status', 'in', ['done', 'failed']).executeTakeFirstOrThrow();
      if (row.n >= count) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wall = (performance.now() - started) / 1000;
    const cpu = children.reduce((sum, c) => sum + procCpu(c.pid!), 0);
    if (process.env.ARCHIVE_THREADS) for (const c of children) console.log(`${variant.name ? `[${variant.name}] ` : ''}${processes} process(es): ${threadCpu(c.pid!)}`);
    if (counting) console.log(`${processes} process(es), per episode: ${await counting.report(count)}`);
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => c.on('exit', r))));
    const failed = await env.rt.db.selectFrom('episodes').select('error').where('status', '=', 'failed').execute();
    if (failed.length) throw new Error(`${failed.length} failed: ${failed[0]!.error}`);
    return { wall, cpu };
  } finally {
    await env.dispose();
  }
}

if (process.env.ARCHIVE_LOOP_PART) await loopChild(process.env.ARCHIVE_LOOP_PART);
const sides = (process.env.ARCHIVE_SIDES ?? 'loop,1,2').split(',');
const variants = parseVariants(process.env.ARCHIVE_VARIANTS);
const tagged = (side: string, v: Variant) => (v.name ? `${side} [${v.name}]` : side);
const results: Record<string, { wall: number; cpu: number }[]> = {
  'plain loop': [],
  ...Object.fromEntries(variants.flatMap((v) => [[tagged('1 worker process', v), []], [tagged('2 worker processes', v), []]])),
  'loop, 1 child': [],
  'loop, 2 in turn': [],
  'loop, 2 at once': [],
};
const loopSides = { loop1: ['loop, 1 child', 1, false], loop2s: ['loop, 2 in turn', 2, false], loop2: ['loop, 2 at once', 2, true] } as const;
for (let r = 0; r < rounds; r++) {
  if (sides.includes('loop')) results['plain loop']!.push(await plainLoop());
  for (const [side, [name, n, together]] of Object.entries(loopSides)) {
    if (!sides.includes(side)) continue;
    const res = await loopSide(side, n, together);
    console.log(`${name}: ${res.detail}`);
    results[name]!.push(res);
  }
  for (const v of variants) {
    if (sides.includes('1')) results[tagged('1 worker process', v)]!.push(await workers(1, v));
    if (sides.includes('2')) results[tagged('2 worker processes', v)]!.push(await workers(2, v));
  }
}
for (const name of Object.keys(results)) if (!results[name]!.length) delete results[name];
const fmt = (xs: number[]) => (xs.length > 1 ? `${min(xs).toFixed(2)} / ${median(xs).toFixed(2)}` : xs[0]!.toFixed(2));
console.log(`${count} text-only episodes of ~${words} words, ${rounds} round(s); figures min / median over rounds`);
for (const [name, xs] of Object.entries(results)) {
  console.log(`${name.padEnd(variants.length > 1 ? 32 : 20)} wall ${fmt(xs.map((x) => x.wall))} s   cpu ${fmt(xs.map((x) => x.cpu))} s   cpu/episode ${fmt(xs.map((x) => (x.cpu / count) * 1000))} ms   episodes/min ${fmt(xs.map((x) => (count / x.wall) * 60))}`);
}
const ratio = (a: string, b: string, k: 'wall' | 'cpu') => results[a]!.map((x, i) => x[k] / results[b]![i]![k]);
const both = (a: string, b: string) => results[a] && results[b];
for (const v of variants) {
  const [one, two, at] = [tagged('1 worker process', v), tagged('2 worker processes', v), v.name ? ` [${v.name}]` : ''];
  if (both(one, 'plain loop')) console.log(`1 process / plain loop${at}: wall ${fmt(ratio(one, 'plain loop', 'wall'))}`);
  if (both(two, 'plain loop')) console.log(`2 processes / plain loop${at}: wall ${fmt(ratio(two, 'plain loop', 'wall'))}`);
  if (both(two, one)) console.log(`CPU per episode, 2 processes / 1${at}: ${fmt(ratio(two, one, 'cpu'))}`);
}
// The machine's own 2 / 1 for the same stage work without queues (loop CPU after warm-up, per episode).
if (both('loop, 2 at once', 'loop, 1 child')) console.log(`plain loop CPU per episode, 2 processes at once / 1: ${fmt(ratio('loop, 2 at once', 'loop, 1 child', 'cpu'))}`);
if (both('loop, 2 in turn', 'loop, 1 child')) console.log(`plain loop CPU per episode, 2 processes in turn / 1 (the split alone): ${fmt(ratio('loop, 2 in turn', 'loop, 1 child', 'cpu'))}`);
if (both('loop, 2 at once', 'loop, 2 in turn')) console.log(`plain loop CPU per episode, 2 at once / 2 in turn (running together alone): ${fmt(ratio('loop, 2 at once', 'loop, 2 in turn', 'cpu'))}`);
process.exit(0);
