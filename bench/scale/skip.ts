/**
 * What a skipped stage costs against a bare BullMQ hop, at two episode lengths.
 * - skipped: `reprocess` of an unchanged episode through the real four stage workers (every stage skipped, decided
 *   before loading), from the request to the publish job's completion, divided by the four stages;
 * - bare hop: the same four queues with no-op workers that each add the next job directly, per hop.
 * Rounds alternate; prints min and median per hop and their ratio.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/scale/skip.ts [rounds]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { STAGE_DEFINITIONS } from '../../services/control/src/stages.ts';
import { waitForEpisode } from '../../services/control/src/episodes.ts';
import { registerEpisode, reprocessEpisodes } from '../../services/ingest/src/register.ts';
import { STAGES, stageJobId } from '../../libs/shared/src/jobs.ts';
import { workerConnection } from '../../libs/shared/src/queues.ts';
import { startStageWorkers } from '../../libs/shared/src/runtime.ts';
import { benchEnv, median, min } from './bench-env.ts';

const rounds = Number(process.argv[2] ?? 15);
const lex = path.resolve(import.meta.dirname, '../../../shared/samples/lex-fridman-73');
const env = await benchEnv('skip');
const { rt } = env;
const workers = startStageWorkers(rt, STAGES.map((s) => STAGE_DEFINITIONS[s]));
const publishWorker = workers.workers.at(-1)!;

// The bare chain: four queues of its own, each worker adding the next job; the last resolves the round.
const bareConnection = workerConnection(rt.redisUrl);
const barePrefix = `${rt.config.queuePrefix}-bare`;
const bareQueues = STAGES.map((s) => new Queue(`bare-${s}`, { connection: rt.redis, prefix: barePrefix }));
let bareDone: (() => void) | undefined;
const bareWorkers = STAGES.map(
  (s, i) =>
    new Worker(
      `bare-${s}`,
      async (job) => {
        if (i + 1 < STAGES.length) await bareQueues[i + 1]!.add(s, job.data, { jobId: `${job.id}-${i + 1}`, removeOnComplete: 1000 });
        else setImmediate(() => bareDone?.());
      },
      { connection: bareConnection, prefix: barePrefix },
    ),
);

async function bareRound(n: number): Promise<number> {
  const started = performance.now();
  const finished = new Promise<void>((resolve) => (bareDone = resolve));
  await bareQueues[0]!.add('ingest', { n }, { jobId: `r${n}`, removeOnComplete: 1000 });
  await finished;
  return (performance.now() - started) / STAGES.length;
}

async function skipRound(episodeId: string): Promise<number> {
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
  return (performance.now() - started) / STAGES.length;
}

try {
  const episodes: { label: string; id: string; words: number }[] = [];
  for (const [label, file] of [['opening (2.3k words)', 'opening.raw.txt'], ['whole episode (16k words)', 'episode.raw.txt']] as const) {
    const transcriptPath = path.join(env.config.dataDir, file);
    writeFileSync(transcriptPath, readFileSync(path.join(lex, file)));
    const reg = await registerEpisode(rt.db, rt.buckets, { transcriptPath, meta: JSON.parse(readFileSync(path.join(lex, 'episode.meta.json'), 'utf8')) });
    const done = await waitForEpisode(rt.db, reg.episodeId, reg.generation, { timeoutMs: 300_000 });
    if (done.error) throw new Error(done.error);
    episodes.push({ label, id: reg.episodeId, words: readFileSync(transcriptPath, 'utf8').split(/\s+/).length });
    await skipRound(reg.episodeId); // warm-up
  }
  await bareRound(-1);
  console.log(`${rounds} rounds each, alternating; per stage (ms): min / median`);
  let n = 0;
  for (const ep of episodes) {
    const skip: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < rounds; i++) {
      skip.push(await skipRound(ep.id));
      bare.push(await bareRound(n++));
    }
    const ratios = skip.map((s, i) => s / bare[i]!);
    console.log(
      `${ep.label.padEnd(26)} skipped stage ${min(skip).toFixed(2)} / ${median(skip).toFixed(2)}   bare hop ${min(bare).toFixed(2)} / ${median(bare).toFixed(2)}   ratio ${min(ratios).toFixed(2)} / ${median(ratios).toFixed(2)}`,
    );
  }
  const runs = await rt.db.selectFrom('stage_runs').select(({ fn }) => ['status', fn.countAll<number>().as('n')]).groupBy('status').execute();
  console.log(`stage runs: ${runs.map((r) => `${r.status} ${r.n}`).join(', ')}`);
} finally {
  await Promise.all(bareWorkers.map((w) => w.close()));
  bareConnection.disconnect();
  await Promise.all(bareQueues.map((q) => q.obliterate({ force: true })));
  await workers.close();
  await env.dispose();
}
process.exit(0);
