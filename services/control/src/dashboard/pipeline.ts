/**
 * The pipeline view's data: every episode with its show, duration, arrival and the state of each stage, merged from
 * where the truth is — BullMQ (waiting, prioritized, delayed, active with progress, failed) for jobs still in a queue,
 * and the stage_runs table for what ran (done with its duration, skipped as up to date, failed, abandoned).
 */
import type { Job, Queue } from 'bullmq';
import { sql } from 'kysely';
import { z } from 'zod';
import { QUEUES, QUEUE_NAMES, STAGES, parseStageJobId, stageJobId, type StageName } from '@podpipe/shared/jobs';
import type { EpisodeStatus } from '@podpipe/shared/db/schema';
import type { Runtime } from '@podpipe/shared/runtime';
import { SHORTEST_LOCK_MS, orphanAfterMs, orphanReason, stuckReason } from './stuck.ts';

/** Every state a BullMQ job can be in, in the order a job normally passes through them. */
export const JOB_STATES = ['waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export type StageState = Exclude<JobState, 'active' | 'completed'> | 'running' | 'done' | 'skipped' | 'abandoned' | 'not reached';

export interface StageCell {
  stage: StageName;
  state: StageState;
  /** 0–100 while running. */
  progress?: number;
  /** While running: since the worker took the job; when finished: the run's duration. */
  elapsedMs?: number;
  error?: string;
  /** 1-based attempt of the job or run. */
  attempt?: number;
  /** A reprocess that began at a later stage keeps this stage's output from that earlier generation. */
  keptFrom?: number;
}

export interface PipelineRow {
  id: string;
  title: string | null;
  show: string | null;
  showSlug: string | null;
  durationSec: number | null;
  arrivedAt: Date;
  updatedAt: Date;
  status: EpisodeStatus;
  generation: number;
  error: string | null;
  stages: StageCell[];
  /** Why the episode is stuck, when it is. */
  stuck?: string;
}

export const PipelineFilter = z.object({
  show: z.string().trim().max(200).optional().transform((s) => s || undefined),
  status: z.enum(['queued', 'processing', 'done', 'failed', 'stuck', '']).optional().transform((s) => s || undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(25),
});
export type PipelineFilter = z.infer<typeof PipelineFilter>;

export interface PipelinePage {
  rows: PipelineRow[];
  total: number;
  page: number;
  pages: number;
  filter: PipelineFilter;
}

export interface QueueRow {
  queue: string;
  workers: number;
  counts: Record<JobState, number>;
}

/** Job counts in every BullMQ state and live workers, for every queue podpipe uses. */
export async function queueRows(rt: Runtime): Promise<QueueRow[]> {
  return Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const q = rt.queues[name];
      const [c, workers] = await Promise.all([q.getJobCounts(...JOB_STATES), q.getWorkersCount()]);
      return { queue: name, workers, counts: Object.fromEntries(JOB_STATES.map((s) => [s, c[s] ?? 0])) as Record<JobState, number> };
    }),
  );
}

interface EpisodeBase {
  id: string;
  status: EpisodeStatus;
  /** The stage it is at (null before the first): an orphan is judged against that stage's lock time. */
  stage: StageName | null;
  generation: number;
  updated_at: Date;
}

interface LiveJob {
  state: JobState;
  job: Job;
  stuck?: string;
}

/** Each stage's job of the episode's current generation, with its state, when BullMQ still holds it. */
async function liveJobs(rt: Runtime, episode: EpisodeBase, workers: Map<string, number>, now: number): Promise<Map<StageName, LiveJob>> {
  const found = new Map<StageName, LiveJob>();
  await Promise.all(
    STAGES.map(async (stage) => {
      const queue: Queue = rt.queues[stage];
      const id = stageJobId(stage, { episodeId: episode.id, generation: episode.generation });
      const job = await queue.getJob(id);
      if (!job) return;
      const state = (await job.getState()) as JobState | 'unknown';
      if (state === 'unknown') return;
      let stuck: string | undefined;
      if (state === 'active') {
        const hasLock = (await rt.redis.exists(`${queue.toKey(id)}:lock`)) === 1;
        stuck = stuckReason({ queue: stage, processedOn: job.processedOn, hasLock, workers: workers.get(stage) ?? 0 }, now, QUEUES[stage].lockMs);
      }
      found.set(stage, { state, job, ...(stuck ? { stuck } : {}) });
    }),
  );
  return found;
}

type RunRow = { episode_id: string; stage: StageName; generation: number; status: string; attempt: number; duration_ms: number | null; error: string | null };

function cellFor(stage: StageName, live: LiveJob | undefined, run: RunRow | undefined, now: number): StageCell {
  if (live && live.state !== 'completed') {
    const job = live.job;
    const attempt = job.attemptsMade + 1;
    if (live.state === 'active') {
      const progress = typeof job.progress === 'number' ? job.progress : 0;
      return { stage, state: 'running', progress, elapsedMs: now - (job.processedOn ?? now), attempt };
    }
    if (live.state === 'failed') return { stage, state: 'failed', error: job.failedReason || run?.error || 'failed', attempt: job.attemptsMade };
    // Waiting again after a failed attempt: say why it is retrying.
    const retrying = job.attemptsMade > 0 && run?.status === 'failed' ? run.error ?? undefined : undefined;
    return { stage, state: live.state, attempt, ...(retrying ? { error: `retrying after: ${retrying}` } : {}) };
  }
  if (!run) return { stage, state: 'not reached' };
  const state: StageState = run.status === 'done' || run.status === 'skipped' || run.status === 'failed' || run.status === 'abandoned' ? run.status : 'running';
  return {
    stage,
    state,
    attempt: run.attempt,
    ...(run.duration_ms !== null ? { elapsedMs: run.duration_ms } : {}),
    ...(run.error ? { error: run.error } : {}),
  };
}

/** Stage cells and stuck reasons for episodes (of any status), in the order given. */
export async function withStages<E extends EpisodeBase>(rt: Runtime, episodes: E[]): Promise<(E & { stages: StageCell[]; stuck?: string })[]> {
  if (!episodes.length) return [];
  const now = Date.now();
  const ids = episodes.map((e) => e.id);
  const inFlight = episodes.filter((e) => e.status === 'queued' || e.status === 'processing' || e.status === 'failed');
  const [runs, workerCounts, pendingOutbox] = await Promise.all([
    rt.db
      .selectFrom('stage_runs as r')
      .select(['r.episode_id', 'r.stage', 'r.generation', 'r.status', 'r.attempt', 'r.duration_ms', 'r.error'])
      .where('r.episode_id', 'in', ids)
      .orderBy('r.id')
      .execute(),
    Promise.all(STAGES.map(async (s) => [s, await rt.queues[s].getWorkersCount()] as const)).then((pairs) => new Map<string, number>(pairs)),
    inFlight.length
      ? rt.db
          .selectFrom('outbox')
          .select(sql<string>`payload->>'episodeId'`.as('episodeId'))
          .where('sent_at', 'is', null)
          .where(sql<string>`payload->>'episodeId'`, 'in', inFlight.map((e) => e.id))
          .execute()
      : Promise.resolve([]),
  ]);
  const generationOf = new Map(episodes.map((e) => [e.id, e.generation]));
  const lastRun = new Map<string, RunRow>();
  const lastEarlierRun = new Map<string, RunRow>();
  for (const r of runs) (r.generation === generationOf.get(r.episode_id) ? lastRun : lastEarlierRun).set(`${r.episode_id}/${r.stage}`, r as RunRow);
  const awaitingDispatch = new Set(pendingOutbox.map((o) => o.episodeId));
  const jobs = new Map(await Promise.all(inFlight.map(async (e) => [e.id, await liveJobs(rt, e, workerCounts, now)] as const)));

  return episodes.map((e) => {
    const live = jobs.get(e.id) ?? new Map<StageName, LiveJob>();
    const cells = STAGES.map((s) => cellFor(s, live.get(s), lastRun.get(`${e.id}/${s}`), now));
    // Stages before the first one this generation reached were not asked to run: their earlier output stands.
    const firstReached = cells.findIndex((c) => c.state !== 'not reached');
    const stages = cells.map((c, i) => {
      const earlier = lastEarlierRun.get(`${e.id}/${c.stage}`);
      if (firstReached < 0 || i >= firstReached || !earlier) return c;
      return { ...cellFor(c.stage, undefined, earlier, now), keptFrom: earlier.generation };
    });
    let stuck = [...live.values()].find((j) => j.stuck)?.stuck;
    if (!stuck && (e.status === 'queued' || e.status === 'processing') && !awaitingDispatch.has(e.id)) {
      const queued = [...live.values()].some((j) => j.state !== 'completed' && j.state !== 'failed');
      if (!queued) stuck = orphanReason(now - new Date(e.updated_at).getTime(), orphanAfterMs(e.stage));
    }
    return { ...e, stages, ...(stuck ? { stuck } : {}) };
  });
}

/** One page of the pipeline view. The 'stuck' filter looks at every in-flight episode. */
export async function pipelinePage(rt: Runtime, filter: PipelineFilter): Promise<PipelinePage> {
  let q = rt.db
    .selectFrom('episodes as e')
    .leftJoin('shows as s', 's.id', 'e.show_id')
    .select(['e.id', 'e.title', 's.title as show', 's.slug as showSlug', 'e.duration_sec', 'e.created_at', 'e.updated_at', 'e.status', 'e.stage', 'e.generation', 'e.error']);
  if (filter.show) q = q.where('s.slug', '=', filter.show);
  if (filter.status === 'stuck') {
    const stuck = (await stuckEpisodes(rt)).map((e) => e.id);
    if (!stuck.length) return { rows: [], total: 0, page: filter.page, pages: 1, filter };
    q = q.where('e.id', 'in', stuck);
  } else if (filter.status) q = q.where('e.status', '=', filter.status);
  const toRow = (e: Awaited<ReturnType<typeof q.execute>>[number] & { stages: StageCell[]; stuck?: string }): PipelineRow => ({
    id: e.id,
    title: e.title,
    show: e.show,
    showSlug: e.showSlug,
    durationSec: e.duration_sec,
    arrivedAt: e.created_at,
    updatedAt: e.updated_at,
    status: e.status,
    generation: e.generation,
    error: e.error,
    stages: e.stages,
    ...(e.stuck ? { stuck: e.stuck } : {}),
  });
  const ordered = q.orderBy('e.created_at', 'desc').orderBy('e.id');
  const [{ n }] = (await q.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).execute()) as [{ n: string }];
  const total = Number(n);
  const rows = await ordered.limit(filter.size).offset((filter.page - 1) * filter.size).execute();
  return { rows: (await withStages(rt, rows)).map(toRow), total, page: filter.page, pages: Math.max(1, Math.ceil(total / filter.size)), filter };
}

/**
 * Every in-flight episode that is stuck, with why (for the metric, /api and the 'stuck' filter). Cheap at any
 * backlog: it reads only the queues' active jobs, and checks job existence for in-flight episodes that have been idle
 * past the lock time in Redis pipelines.
 */
export async function stuckEpisodes(rt: Runtime): Promise<{ id: string; title: string | null; reason: string }[]> {
  const now = Date.now();
  const reasons = new Map<string, { generation: number; reason: string }>();
  for (const stage of STAGES) {
    const queue = rt.queues[stage];
    const [active, workers] = await Promise.all([queue.getJobs(['active']), queue.getWorkersCount()]);
    for (const job of active) {
      const named = job.id ? parseStageJobId(job.id) : undefined;
      if (!named) continue;
      const hasLock = (await rt.redis.exists(`${queue.toKey(job.id!)}:lock`)) === 1;
      const reason = stuckReason({ queue: stage, processedOn: job.processedOn, hasLock, workers }, now, QUEUES[stage].lockMs);
      if (reason) reasons.set(named.episodeId, { generation: named.generation, reason });
    }
  }
  const [idleRows, unsent] = await Promise.all([
    rt.db
      .selectFrom('episodes')
      .select(['id', 'generation', 'stage', 'updated_at'])
      .where('status', 'in', ['queued', 'processing'])
      .where('updated_at', '<', new Date(now - SHORTEST_LOCK_MS))
      .limit(10_000)
      .execute(),
    // Hand-offs not yet pushed: their episodes are about to be held (few rows; the outbox keeps sent ones a week).
    rt.db.selectFrom('outbox').select(sql<string>`payload->>'episodeId'`.as('episodeId')).where('sent_at', 'is', null).execute(),
  ]);
  const awaitingDispatch = new Set(unsent.map((o) => o.episodeId));
  const idle = idleRows.filter((e) => !awaitingDispatch.has(e.id));
  // Per episode and stage: does the job exist, and has it finished? Two commands each, a round trip per 500 episodes.
  for (let from = 0; from < idle.length; from += 500) {
    const chunk = idle.slice(from, from + 500);
    const batch = rt.redis.pipeline();
    for (const e of chunk) {
      for (const stage of STAGES) {
        const key = rt.queues[stage].toKey(stageJobId(stage, { episodeId: e.id, generation: e.generation }));
        batch.exists(key).hexists(key, 'finishedOn');
      }
    }
    // A command that failed counts as a job held and unfinished: no false alarm from a Redis hiccup.
    const answers = ((await batch.exec()) ?? []).map(([err, v], k) => (err ? (k % 2 === 0 ? 1 : 0) : Number(v)));
    chunk.forEach((e, i) => {
      const base = i * STAGES.length * 2;
      const held = STAGES.some((_, s) => answers[base + 2 * s] === 1 && answers[base + 2 * s + 1] === 0);
      const reason = held ? undefined : orphanReason(now - new Date(e.updated_at).getTime(), orphanAfterMs(e.stage));
      if (reason && !reasons.has(e.id)) reasons.set(e.id, { generation: e.generation, reason });
    });
  }
  if (!reasons.size) return [];
  const episodes = await rt.db
    .selectFrom('episodes')
    .select(['id', 'title', 'generation'])
    .where('id', 'in', [...reasons.keys()])
    .where('status', 'in', ['queued', 'processing'])
    .orderBy('updated_at')
    .execute();
  // An active job of an older generation is not this episode's problem: its current request has its own jobs.
  return episodes.filter((e) => reasons.get(e.id)!.generation === e.generation).map((e) => ({ id: e.id, title: e.title, reason: reasons.get(e.id)!.reason }));
}

/** The shows, for the filter. */
export async function showOptions(rt: Runtime): Promise<{ slug: string; title: string }[]> {
  return rt.db.selectFrom('shows').select(['slug', 'title']).orderBy('title').execute();
}
