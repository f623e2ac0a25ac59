/**
 * The worker-side CPU of a skipped stage, without BullMQ's pickup: runStage called directly, in a loop, for each
 * stage with a next stage (each call skipped in its stage-start statement and its hand-off pushed), against the
 * parts it is made of — the statement alone (preparedStageStart) and the push alone (enqueueStage, the bare hop's add) —
 * and, for scale, the last stage's skip (runStage of publish: its read, then a transaction) and a bare `select 1`.
 * CPU (user + system) and wall per call, min / median over `rounds` blocks of `calls` calls each, the blocks of the
 * three measures alternating.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/scale/skip-cpu.ts [rounds] [calls]
 * SKIP_CPU_PROFILE=<file>: also a CPU profile of `calls` runStage calls per stage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import { STAGE_DEFINITIONS } from '../../services/control/src/stages.ts';
import { waitForEpisode } from '../../services/control/src/episodes.ts';
import { registerEpisode, reprocessEpisodes } from '../../services/ingest/src/register.ts';
import { QUEUES, STAGES, type StageJob } from '../../libs/shared/src/jobs.ts';
import { preparedStageStart } from '../../libs/shared/src/input-key.ts';
import { enqueueStage } from '../../libs/shared/src/queues.ts';
import { startStageWorkers } from '../../libs/shared/src/runtime.ts';
import { runStage } from '../../libs/shared/src/stage.ts';
import { benchEnv, median, min, profiledCpuMs } from './bench-env.ts';

const rounds = Number(process.argv[2] ?? 10);
const calls = Number(process.argv[3] ?? 50);
const lex = path.resolve(import.meta.dirname, '../../../shared/samples/lex-fridman-73');
const env = await benchEnv('skipcpu');
const { rt } = env;

try {
  const workers = startStageWorkers(rt, STAGES.map((s) => STAGE_DEFINITIONS[s]));
  const transcriptPath = path.join(env.config.dataDir, 'opening.raw.txt');
  writeFileSync(transcriptPath, readFileSync(path.join(lex, 'opening.raw.txt')));
  const reg = await registerEpisode(rt.db, rt.buckets, { transcriptPath, meta: JSON.parse(readFileSync(path.join(lex, 'episode.meta.json'), 'utf8')) });
  const done = await waitForEpisode(rt.db, reg.episodeId, reg.generation, { timeoutMs: 300_000 });
  if (done.error) throw new Error(done.error);
  await workers.close();
  // A request of its own whose jobs nobody takes: every call below skips (the stored inputs are unchanged).
  const [request] = await reprocessEpisodes(rt.db, { episodeIds: [reg.episodeId] });
  const payload: StageJob = { episodeId: request!.episodeId, generation: request!.generation, force: false, background: false };
  const staged = STAGES.filter((s) => QUEUES[s].next);
  const job = { attemptsMade: 0, id: 'skip-cpu' };

  const measures = {
    runStage: async () => {
      for (const s of staged) if ((await runStage(STAGE_DEFINITIONS[s], rt, payload, job)) !== 'skipped') throw new Error(`${s} did not skip`);
    },
    statement: async () => {
      for (const s of staged) {
        const start = await preparedStageStart(rt.db, STAGE_DEFINITIONS[s])(rt.config, { episodeId: payload.episodeId, generation: payload.generation, handOff: payload, maySkip: true, attempt: 1, durationMs: 1 });
        if (start.kind !== 'skipped') throw new Error(`${s} did not skip`);
      }
    },
    publish: async () => {
      for (const _ of staged) if ((await runStage(STAGE_DEFINITIONS.publish, rt, payload, job)) !== 'skipped') throw new Error('publish did not skip');
    },
    select1: async () => {
      for (const _ of staged) await sql`select 1`.execute(rt.db);
    },
    push: async () => {
      for (const s of staged) await enqueueStage(rt.queues, QUEUES[s].next!, payload, 'a title');
    },
  };
  const results = Object.fromEntries(Object.keys(measures).map((k) => [k, { cpu: [] as number[], wall: [] as number[] }]));
  for (const m of Object.values(measures)) for (let i = 0; i < 5; i++) await m(); // warm-up
  const profileTo = process.env.SKIP_CPU_PROFILE;
  if (profileTo) {
    await profiledCpuMs(profileTo, 50, async () => {
      for (let i = 0; i < calls; i++) await measures.runStage();
    });
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, m] of Object.entries(measures)) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < calls; i++) await m();
      const used = process.cpuUsage(cpu);
      results[name]!.cpu.push((used.user + used.system) / 1000 / calls / staged.length);
      results[name]!.wall.push((performance.now() - t) / calls / staged.length);
    }
  }
  console.log(`${rounds} blocks of ${calls} calls × ${staged.length} stages; ms per stage, min / median`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(10)} CPU ${min(r.cpu).toFixed(3)} / ${median(r.cpu).toFixed(3)}   wall ${min(r.wall).toFixed(3)} / ${median(r.wall).toFixed(3)}`);
  }
} finally {
  await env.dispose();
}
process.exit(0);
