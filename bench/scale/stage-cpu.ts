/**
 * Where an archive episode's CPU goes, stage by stage: the archive bench's plain loop (runStage of every stage per
 * episode, one process, no queues) with the CPU pool inline (PODPIPE_CPU_THREADS=0), so this process's CPU around
 * each runStage is that stage's whole cost on the worker side (Postgres's and Redis's own CPU not counted), and the
 * number of Postgres queries each stage sends.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/scale/stage-cpu.ts [episodes] [words]
 */
import pg from 'pg';
import { STAGE_DEFINITIONS } from '../../services/control/src/stages.ts';
import { registerArchive } from './archive-episodes.ts';
import { STAGES } from '../../libs/shared/src/jobs.ts';
import { runStage } from '../../libs/shared/src/stage.ts';
import { CpuPool, type CpuTask } from '../../libs/shared/src/cpu-pool.ts';
import { benchEnv } from './bench-env.ts';

const count = Number(process.argv[2] ?? 100);
const words = Number(process.argv[3] ?? 200);

let queries = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

// The pure cores' share (what the stages run in the CPU pool), by task.
const taskCpu = new Map<string, number>();
const run = CpuPool.prototype.run;
CpuPool.prototype.run = async function <T>(this: CpuPool, task: CpuTask): Promise<T> {
  const c0 = process.cpuUsage();
  try {
    return await run.call(this, task) as T;
  } finally {
    const c = process.cpuUsage(c0);
    taskCpu.set(task.fn, (taskCpu.get(task.fn) ?? 0) + (c.user + c.system) / 1000);
  }
};

const env = await benchEnv('stagecpu', { PODPIPE_CPU_THREADS: '0' });
try {
  const ids = await registerArchive(env, count, words);
  for (const stage of STAGES) await STAGE_DEFINITIONS[stage].warmUp?.(env.config);
  taskCpu.clear();
  const ctx = { ...env.rt, outbox: { kick() {}, send: async () => true, stop: async () => {} } };
  const cpu = new Map<string, number>(), sent = new Map<string, number>();
  const wall0 = performance.now();
  for (const episodeId of ids) {
    for (const stage of STAGES) {
      const c0 = process.cpuUsage(), q0 = queries;
      await runStage(STAGE_DEFINITIONS[stage], ctx, { episodeId, generation: 1 }, { attemptsMade: 0, id: 'loop' });
      const c = process.cpuUsage(c0);
      cpu.set(stage, (cpu.get(stage) ?? 0) + (c.user + c.system) / 1000);
      sent.set(stage, (sent.get(stage) ?? 0) + queries - q0);
    }
  }
  const wall = (performance.now() - wall0) / 1000;
  let total = 0;
  for (const stage of STAGES) {
    total += cpu.get(stage)!;
    console.log(`${stage.padEnd(15)} CPU ${(cpu.get(stage)! / count).toFixed(1).padStart(6)} ms/episode   ${(sent.get(stage)! / count).toFixed(1)} queries/episode`);
  }
  for (const [fn, ms] of taskCpu) console.log(`  core ${fn.padEnd(20)} CPU ${(ms / count).toFixed(1).padStart(6)} ms/episode`);
  console.log(`${'all'.padEnd(15)} CPU ${(total / count).toFixed(1).padStart(6)} ms/episode   ${count} episodes of ~${words} words, wall ${wall.toFixed(1)} s`);
  if (process.env.STAGE_CPU_GLOSSARY) console.log(await env.rt.db.selectFrom('glossary').selectAll().execute());
} finally {
  await env.dispose();
}
process.exit(0);
