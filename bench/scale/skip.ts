/**
 * What a skipped stage costs against a bare BullMQ hop, at two episode lengths.
 * - skipped: `reprocess` of an unchanged episode through the real five stage workers (every stage skipped, decided
 *   before loading);
 * - bare hop: the same five queues under another prefix, with the same queue, job and worker options (createStageWorker,
 *   enqueueStage: attempts, backoff, retention, lock time, concurrency, the infrastructure-retry wrapper, job ids and
 *   names) and handlers that only add the next stage's job.
 * Two figures per side, rounds alternating, min / median:
 * - hop: from one stage's job turning active to the next stage's turning active (pickup + the stage's work + the
 *   hand-off), the four hops of a round — what a stage costs in a chain;
 * - per stage end to end: from the request (the reprocess transaction and its dispatch; the bare chain's first add) to
 *   the last job's completion, divided by the five stages;
 * and this process's CPU per stage (ms). Ratios are skipped / bare, pair by pair (round i with round i).
 * SKIP_PROFILE=<path prefix>: instead, CPU profiles of `rounds` skipped and then `rounds` bare rounds (the 2.3k episode;
 * read them with skip-profile.ts). SKIP_COMMANDS=1: also the Redis commands and Postgres queries per round of each side.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/scale/skip.ts [rounds]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { sql } from 'kysely';
import { STAGE_DEFINITIONS } from '../../services/control/src/stages.ts';
import { waitForEpisode } from '../../services/control/src/episodes.ts';
import { registerEpisode, reprocessEpisodes } from '../../services/ingest/src/register.ts';
import { QUEUES, STAGES, stageJobId } from '../../libs/shared/src/jobs.ts';
import { createQueues, createStageWorker, enqueueStage, workerConnection } from '../../libs/shared/src/queues.ts';
import { startStageWorkers } from '../../libs/shared/src/runtime.ts';
import { benchEnv, median, min, profiledCpuMs } from './bench-env.ts';

const rounds = Number(process.argv[2] ?? 15);
// SKIP_COMMANDS=1: also count, per round of each side, the Redis commands (BullMQ's scripts by name) and Postgres
// queries this process sends.
const counting = process.env.SKIP_COMMANDS ? new Map<string, number>() : null;
if (counting) {
  const shaNames = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const proto = Redis.prototype as any;
  const send = proto.sendCommand;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  proto.sendCommand = function (this: any, command: any, stream: any) {
    let name = command.name as string;
    if (name === 'evalsha') {
      const sha = String(command.args[0]);
      if (!shaNames.has(sha) && this.scriptsSet) for (const [n, sc] of Object.entries(this.scriptsSet)) shaNames.set((sc as { sha: string }).sha, n);
      name = `lua:${(shaNames.get(sha) ?? '?').replace(/:.*/, '')}`;
    }
    counting.set(`redis ${name}`, (counting.get(`redis ${name}`) ?? 0) + 1);
    return send.call(this, command, stream);
  };
  const query = pg.Client.prototype.query;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (pg.Client.prototype as any).query = function (this: any, ...args: any[]) {
    const text = String(typeof args[0] === 'string' ? args[0] : (args[0]?.name ?? args[0]?.text ?? '?')).replace(/\s+/g, ' ').trim();
    const key = `pg ${text.startsWith('podpipe-start') ? 'stage start' : text.slice(0, 40)}`;
    counting.set(key, (counting.get(key) ?? 0) + 1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (query as any).apply(this, args);
  };
}
const counted: Record<'skip' | 'bare', Map<string, number>> = { skip: new Map(), bare: new Map() };
const countRound = async <T>(side: 'skip' | 'bare', round: () => Promise<T>): Promise<T> => {
  if (!counting) return round();
  counting.clear();
  const r = await round();
  for (const [k, n] of counting) counted[side].set(k, (counted[side].get(k) ?? 0) + n);
  return r;
};
const lex = path.resolve(import.meta.dirname, '../../../shared/samples/lex-fridman-73');
const env = await benchEnv('skip');
const { rt } = env;
const workers = startStageWorkers(rt, STAGES.map((s) => STAGE_DEFINITIONS[s]));
const publishWorker = workers.workers.at(-1)!;

/** When each job of a watched round turned active, by job id; cleared per round. */
const activeAt = new Map<string, number>();
const watch = (ws: Worker[]) => ws.forEach((w) => w.on('active', (job) => activeAt.set(job.id!, performance.now())));
watch(workers.workers);
/** The four active→active hops of a round whose jobs carry these ids. */
const hopsOf = (ids: string[]) => ids.slice(1).map((id, i) => activeAt.get(id)! - activeAt.get(ids[i]!)!);

// The bare chain: the real queue/job/worker options under a prefix of its own; each handler adds the next job.
const barePrefix = `${rt.config.queuePrefix}-bare`;
const bareQueues = createQueues(rt.redis, barePrefix);
const bareConnections = STAGES.map(() => workerConnection(rt.redisUrl));
let bareDone: (() => void) | undefined;
const bareWorkers = STAGES.map((stage, i) =>
  createStageWorker(
    stage,
    async (payload, job) => {
      const next = QUEUES[stage].next;
      if (next) await enqueueStage(bareQueues, next, payload, job.name.split(' · ')[1]);
      else setImmediate(() => bareDone?.());
    },
    {
      connection: bareConnections[i]!,
      prefix: barePrefix,
      concurrency: stage === 'transcribe' ? rt.config.transcribe.concurrency : rt.config.concurrency,
      infraRetry: { policy: rt.config.infraRetry, log: rt.log },
    },
  ),
);
watch(bareWorkers);
const bareEpisode = '00000000-0000-4000-8000-000000000000';

interface Round {
  perStage: number;
  hops: number[];
  cpu: number;
}

async function bareRound(n: number, title: string | null): Promise<Round> {
  activeAt.clear();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const finished = new Promise<void>((resolve) => (bareDone = resolve));
  await enqueueStage(bareQueues, 'ingest', { episodeId: bareEpisode, generation: n }, title);
  await finished;
  const perStage = (performance.now() - started) / STAGES.length;
  const used = process.cpuUsage(cpu);
  return { perStage, hops: hopsOf(STAGES.map((s) => stageJobId(s, { episodeId: bareEpisode, generation: n }))), cpu: (used.user + used.system) / 1000 / STAGES.length };
}

async function skipRound(episodeId: string): Promise<Round> {
  activeAt.clear();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const [request] = await reprocessEpisodes(rt.db, { episodeIds: [episodeId] });
  rt.outbox.kick();
  const publishJob = stageJobId('publish', request!);
  await new Promise<void>((resolve) => {
    const onDone = (job: { id?: string }) => {
      if (job.id !== publishJob) return;
      publishWorker.off('completed', onDone);
      resolve();
    };
    publishWorker.on('completed', onDone);
  });
  const perStage = (performance.now() - started) / STAGES.length;
  const used = process.cpuUsage(cpu);
  return { perStage, hops: hopsOf(STAGES.map((s) => stageJobId(s, request!))), cpu: (used.user + used.system) / 1000 / STAGES.length };
}

const fmt = (xs: number[]) => `${min(xs).toFixed(2)} / ${median(xs).toFixed(2)}`;

try {
  const episodes: { label: string; id: string; title: string | null; words: number }[] = [];
  for (const [label, file] of [['opening (2.3k words)', 'opening.raw.txt'], ['whole episode (16k words)', 'episode.raw.txt']] as const) {
    const transcriptPath = path.join(env.config.dataDir, file);
    writeFileSync(transcriptPath, readFileSync(path.join(lex, file)));
    const reg = await registerEpisode(rt.db, rt.buckets, { transcriptPath, meta: JSON.parse(readFileSync(path.join(lex, 'episode.meta.json'), 'utf8')) });
    const done = await waitForEpisode(rt.db, reg.episodeId, reg.generation, { timeoutMs: 300_000 });
    if (done.error) throw new Error(done.error);
    const { title } = await rt.db.selectFrom('episodes').select('title').where('id', '=', reg.episodeId).executeTakeFirstOrThrow();
    episodes.push({ label, id: reg.episodeId, title, words: readFileSync(transcriptPath, 'utf8').split(/\s+/).length });
    await skipRound(reg.episodeId); // warm-up
  }
  await bareRound(1, episodes[0]!.title); // warm-up
  const profileTo = process.env.SKIP_PROFILE;
  if (profileTo) {
    // CPU profiles of each side alone (the first episode, `rounds` rounds each after 5 unprofiled): <SKIP_PROFILE>-skip
    // and -bare .cpuprofile, and each side's CPU per stage over the profiled rounds.
    let n = 2;
    for (const side of ['skip', 'bare'] as const) {
      const round = () => (side === 'skip' ? skipRound(episodes[0]!.id) : bareRound(n++, episodes[0]!.title));
      for (let i = 0; i < 5; i++) await round();
      const cpuMs = await profiledCpuMs(`${profileTo}-${side}.cpuprofile`, 100, async () => {
        for (let i = 0; i < rounds; i++) await round();
      });
      console.log(`${side}: ${rounds} rounds profiled, ${(cpuMs / rounds / STAGES.length).toFixed(2)} CPU ms per stage`);
    }
    episodes.length = 0;
  }
  if (episodes.length) console.log(`${rounds} rounds each, alternating; ms, min / median (ratios pair by pair)`);
  let n = 2;
  for (const ep of episodes) {
    const skip: Round[] = [];
    const bare: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      skip.push(await countRound('skip', () => skipRound(ep.id)));
      bare.push(await countRound('bare', () => bareRound(n++, ep.title)));
    }
    const hopRatios = skip.flatMap((s, i) => s.hops.map((h, j) => h / bare[i]!.hops[j]!));
    console.log(ep.label);
    console.log(`  hop (active→active)    skipped ${fmt(skip.flatMap((s) => s.hops))}   bare ${fmt(bare.flatMap((b) => b.hops))}   ratio ${fmt(hopRatios)}`);
    console.log(
      `  per stage, end to end  skipped ${fmt(skip.map((s) => s.perStage))}   bare ${fmt(bare.map((b) => b.perStage))}   ratio ${fmt(skip.map((s, i) => s.perStage / bare[i]!.perStage))}`,
    );
    console.log(`  CPU per stage          skipped ${fmt(skip.map((s) => s.cpu))}   bare ${fmt(bare.map((b) => b.cpu))}   ratio ${fmt(skip.map((s, i) => s.cpu / bare[i]!.cpu))}`);
    const hopNames = STAGES.slice(1).map((s, j) => `${STAGES[j]}→${s}`);
    console.log(`  hop by position, median ms skipped / bare: ${hopNames.map((h, j) => `${h} ${median(skip.map((s) => s.hops[j]!)).toFixed(2)} / ${median(bare.map((b) => b.hops[j]!)).toFixed(2)}`).join(', ')}`);
  }
  if (counting) {
    const total = rounds * episodes.length;
    for (const side of ['skip', 'bare'] as const) {
      console.log(`commands per round, ${side}: ${[...counted[side]].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / total).toFixed(1)}`).join(', ')}`);
    }
  }
  const runs = await rt.db.selectFrom('stage_runs').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).groupBy('status').execute();
  console.log(`stage runs: ${runs.map((r) => `${r.status} ${r.n}`).join(', ')}`);
  // The stage-start statements prepared on the pool's connections (asked on up to 10 connections at once): generic
  // plans are executions Postgres did not plan again.
  const prepared = await Promise.all(
    Array.from({ length: 10 }, () =>
      sql<{ name: string; generic_plans: number; custom_plans: number }>`select name, generic_plans, custom_plans from pg_prepared_statements where name like 'podpipe-start-%'`
        .execute(rt.db)
        .then((r) => r.rows),
    ),
  );
  const plans = new Map<string, { generic: number; custom: number }>();
  for (const r of prepared.flat()) {
    const p = plans.get(r.name) ?? { generic: 0, custom: 0 };
    plans.set(r.name, { generic: p.generic + Number(r.generic_plans), custom: p.custom + Number(r.custom_plans) });
  }
  console.log(`prepared stage starts (connections seen): ${[...plans].map(([n, p]) => `${n.replace(/^podpipe-start-|-[0-9a-f]{16}$/g, '')} generic ${p.generic} custom ${p.custom}`).join(', ') || 'none'}`);
} finally {
  await Promise.all(bareWorkers.map((w) => w.close()));
  bareConnections.forEach((c) => c.disconnect());
  await Promise.all(Object.values(bareQueues).map((q) => q.obliterate({ force: true }).then(() => q.close())));
  await workers.close();
  await env.dispose();
}
process.exit(0);
