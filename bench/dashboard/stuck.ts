/**
 * Stuck detection at a backlog: N in-flight episodes (an archive queued for reprocessing, every one idle past the lock
 * time, each with its job waiting in Redis) plus a few active jobs. Times stuckEpisodes (what /api, /metrics and the
 * 'stuck' filter use: active jobs, then Redis pipelines for the idle episodes) against the per-episode look-up the
 * pipeline view does for its page of rows (withStages: a getJob and a getState per stage), over all N, median of R.
 *   DATABASE_URL=… REDIS_URL=… npx tsx bench/dashboard/stuck.ts [episodes] [runs]
 */
import { randomUUID } from 'node:crypto';
import { stuckEpisodes, withStages } from '../../services/control/src/dashboard/pipeline.ts';
import { loadConfig } from '../../libs/shared/src/config.ts';
import { STAGES, stageJobId } from '../../libs/shared/src/jobs.ts';
import { createLogger } from '../../libs/shared/src/logger.ts';
import { openRuntime } from '../../libs/shared/src/runtime.ts';

const n = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);
const config = loadConfig({ ...process.env, PODPIPE_QUEUE_PREFIX: `bench-stuck-${process.pid}`, LOG_LEVEL: 'silent' });
const rt = await openRuntime(config, createLogger('silent'), { allowEmbedded: false, migrate: true });
const marker = `bench-stuck-${process.pid}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

try {
  const ids: string[] = Array.from({ length: n }, () => randomUUID());
  for (let i = 0; i < n; i += 500) {
    await rt.db
      .insertInto('episodes')
      .values(ids.slice(i, i + 500).map((id) => ({ id, title: marker, content_hash: `${marker}-${id}`, transcript_key: `${marker}.txt`, status: 'queued' as const, meta: '{}', updated_at: new Date(Date.now() - 600_000) })))
      .execute();
  }
  await rt.queues.ingest.addBulk(ids.map((id) => ({ name: 'ingest', data: { episodeId: id, generation: 1 }, opts: { jobId: stageJobId('ingest', { episodeId: id, generation: 1 }) } })));
  const inFlight = await rt.db.selectFrom('episodes').select(['id', 'status', 'stage', 'generation', 'updated_at']).where('title', '=', marker).execute();

  const fast: number[] = [];
  const perEpisode: number[] = [];
  let found = -1;
  for (let r = 0; r < runs; r++) {
    fast.push(await timed(async () => (found = (await stuckEpisodes(rt)).filter((e) => ids.includes(e.id)).length)));
    perEpisode.push(await timed(() => withStages(rt, inFlight)));
  }
  const page = await timed(() => withStages(rt, inFlight.slice(0, 25)));
  console.log(`${n} in-flight episodes (${STAGES.length} stages), ${runs} runs; stuck found among them: ${found} (expected 0: every one has a waiting job)`);
  console.log(`stuckEpisodes (active jobs + pipelines):      median ${median(fast).toFixed(1)} ms`);
  console.log(`per-episode look-ups (withStages over all N): median ${median(perEpisode).toFixed(1)} ms`);
  console.log(`ratio: ${(median(perEpisode) / median(fast)).toFixed(1)}x; one page of 25 rows with withStages: ${page.toFixed(1)} ms`);
} finally {
  await rt.db.deleteFrom('episodes').where('title', '=', marker).execute();
  await Promise.all(STAGES.map((s) => rt.queues[s].obliterate({ force: true })));
  await rt.close();
}
