/**
 * Prometheus metrics of the whole pipeline, read at scrape time from where the truth is — BullMQ's queues in
 * Redis and the episode, stage-run and delivery tables in Postgres — so one operator service reports for every
 * worker process on every machine, and workers need no HTTP server of their own.
 */
import { sql } from 'kysely';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { QUEUE_NAMES } from '@podpipe/shared/jobs';
import type { Runtime } from '@podpipe/shared/runtime';
import { stuckEpisodes } from './dashboard/pipeline.ts';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** A registry with podpipe's gauges (refreshed on each scrape) and this process's default metrics. */
export function pipelineMetrics(rt: Runtime): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'podpipe_control_' });
  const queues = Object.fromEntries(QUEUE_NAMES.map((q) => [q, rt.queues[q]]));

  new Gauge({
    name: 'podpipe_queue_jobs',
    help: 'Jobs in each BullMQ queue, by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [name, queue] of Object.entries(queues)) {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
      }
    },
  });

  new Gauge({
    name: 'podpipe_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting in each queue (0 when none): alert when work piles up',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [name, queue] of Object.entries(queues)) {
        const [oldest] = await queue.getJobs(['waiting'], 0, 0, true); // ascending: the first is the oldest
        this.set({ queue: name }, oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0);
      }
    },
  });

  new Gauge({
    name: 'podpipe_queue_workers',
    help: 'Worker connections listening on each queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [name, queue] of Object.entries(queues)) this.set({ queue: name }, await queue.getWorkersCount());
    },
  });

  new Gauge({
    name: 'podpipe_episodes',
    help: 'Episodes by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of ['queued', 'processing', 'done', 'failed']) this.set({ status }, 0);
      const rows = await rt.db.selectFrom('episodes').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });

  new Gauge({
    name: 'podpipe_stage_runs_last_hour',
    help: 'Stage runs finished in the last hour, by stage and outcome',
    labelNames: ['stage', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await rt.db
        .selectFrom('stage_runs')
        .select(['stage', 'status', (eb) => eb.fn.countAll<string>().as('n')])
        .where('finished_at', '>', new Date(Date.now() - 3600_000))
        .groupBy(['stage', 'status'])
        .execute();
      for (const r of rows) this.set({ stage: r.stage, status: r.status }, Number(r.n));
    },
  });

  new Gauge({
    name: 'podpipe_stage_run_seconds_p95_last_hour',
    help: '95th percentile of stage run durations over the last hour (runs that did work, not up-to-date skips)',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await sql<{ stage: string; p95: number }>`
        select stage, percentile_cont(0.95) within group (order by duration_ms) as p95 from stage_runs
        where status = 'done' and finished_at > now() - interval '1 hour' group by stage`.execute(rt.db);
      for (const r of rows) this.set({ stage: r.stage }, Number(r.p95) / 1000);
    },
  });

  new Gauge({
    name: 'podpipe_episodes_stuck',
    help: 'In-flight episodes whose active job has no live worker or lock past its lock time, or that no queue holds',
    registers: [registry],
    async collect() {
      this.set((await stuckEpisodes(rt)).length);
    },
  });

  new Gauge({
    name: 'podpipe_webhook_deliveries',
    help: 'Webhook deliveries by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of ['pending', 'delivered', 'failed']) this.set({ status }, 0);
      const rows = await rt.db.selectFrom('webhook_deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  return registry;
}
