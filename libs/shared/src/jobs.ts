import { z } from 'zod';

/** The stages, in pipeline order; each is the name of the BullMQ queue that feeds it. */
export const STAGES = ['ingest', 'transcribe', 'transcribe-fix', 'segment', 'publish'] as const;
export const StageName = z.enum(STAGES);
export type StageName = z.infer<typeof StageName>;

/**
 * Every stage job carries only ids: which episode, and which processing request (generation) it belongs to.
 * A job from an older generation than the episode's current one is stale and is skipped.
 * `force` re-runs a stage even when its fingerprint says it is up to date.
 * `background` marks bulk reprocessing: its jobs wait behind every new episode's, at every stage.
 */
export const StageJob = z.object({
  episodeId: z.uuid(),
  generation: z.number().int().min(1),
  force: z.boolean().default(false),
  background: z.boolean().default(false),
});
export type StageJob = z.infer<typeof StageJob>;
/** A stage job as a caller may write it (defaults not yet applied). */
export type StageJobInput = z.input<typeof StageJob>;

/** BullMQ priority of background jobs; new episodes' jobs carry none and are taken first. */
export const BACKGROUND_PRIORITY = 100;

export interface QueueSpec<S extends z.ZodType> {
  schema: S;
  attempts: number;
  backoff: { type: 'exponential'; delay: number };
  next: StageName | null;
  /**
   * BullMQ lock time: a job whose worker does not renew the lock within it is taken as stalled and run again. The
   * CPU-bound text stages block the event loop (where renewal runs) for up to ~20 s on the largest transcripts the
   * limits admit (bench/faults/limits.ts), so they get minutes; ingest waits on ffmpeg and stays responsive.
   */
  lockMs: number;
  /**
   * Set on a stage that may hand the episode on before it finishes (StageRunContext.handOnEarly): the stage that must
   * wait for this one's output as well. The stage before it hands on there only once this one has finished, and this
   * one, finishing, hands on there only once that one has.
   */
  joinsAt?: StageName;
}

/** The queue catalog: every queue, its payload schema, retry policy and successor. */
export const QUEUES = {
  // A drop with a timed transcript hands its words on before the audio pass; the audio facts join before segment.
  ingest: { schema: StageJob, attempts: 5, backoff: { type: 'exponential', delay: 2000 }, next: 'transcribe', lockMs: 60_000, joinsAt: 'segment' },
  // Recognition retries its own requests (429/5xx); a job that still fails waits longer before the next try.
  transcribe: { schema: StageJob, attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, next: 'transcribe-fix', lockMs: 120_000 },
  // The fixer and the segmenter compute in a worker thread (cpu-pool.ts), so their event loop renews the lock; a short
  // lock lets another machine take over a killed worker's job within a minute or so.
  'transcribe-fix': { schema: StageJob, attempts: 5, backoff: { type: 'exponential', delay: 2000 }, next: 'segment', lockMs: 60_000 },
  segment: { schema: StageJob, attempts: 5, backoff: { type: 'exponential', delay: 2000 }, next: 'publish', lockMs: 60_000 },
  publish: { schema: StageJob, attempts: 5, backoff: { type: 'exponential', delay: 2000 }, next: null, lockMs: 120_000 },
} as const satisfies Record<StageName, QueueSpec<typeof StageJob>>;

/** The stage that must also wait for `stage`'s output, when `stage` may hand on before it finishes (QueueSpec.joinsAt). */
export function joinOf(stage: StageName): StageName | undefined {
  return (QUEUES[stage] as QueueSpec<typeof StageJob>).joinsAt;
}

/** The stages that hand on early and join at `stage`'s successor: `stage` hands on only once they have finished. */
export function joinedBefore(stage: StageName): StageName[] {
  const next = QUEUES[stage].next;
  return next ? STAGES.filter((s) => s !== stage && joinOf(s) === next) : [];
}

/** The stages upstream of `stage` that may still be running when it runs (they handed on before finishing). */
export function earlyUpstream(stage: StageName): StageName[] {
  const at = STAGES.indexOf(stage);
  return STAGES.slice(0, at).filter((s) => {
    const join = joinOf(s);
    return join !== undefined && STAGES.indexOf(join) > at;
  });
}

export type JobPayload<Q extends StageName> = z.infer<(typeof QUEUES)[Q]['schema']>;

/** A webhook delivery job names the delivery row; the row holds the event, the payload and the outcome. */
export const WebhookJob = z.object({ deliveryId: z.uuid() });
export type WebhookJob = z.infer<typeof WebhookJob>;

/** The webhook queue: subscribers that are down get retried for about a day (backoff doubles from 10 s). */
export const WEBHOOKS = { name: 'webhooks', schema: WebhookJob, attempts: 14, backoff: { type: 'exponential', delay: 10_000 } } as const;

/** Every queue podpipe uses: the stages and the webhook deliveries. */
export type QueueName = StageName | typeof WEBHOOKS.name;
export const QUEUE_NAMES: readonly QueueName[] = [...STAGES, WEBHOOKS.name];

export function webhookJobId(job: WebhookJob): string {
  return `webhook.${job.deliveryId}`;
}

/** Deterministic job id: one job per episode, stage and generation, so a double push is harmless. */
export function stageJobId(stage: StageName, job: Pick<StageJob, 'episodeId' | 'generation'>): string {
  // BullMQ ids must not contain ':' and must not be all digits.
  return `${stage}.${job.episodeId}.g${job.generation}`;
}

const STAGE_JOB_ID = /^(?<stage>[a-z-]+)\.(?<episodeId>[0-9a-f-]{36})\.g(?<generation>\d+)$/;

/** The stage, episode and generation a stage job id names (see stageJobId); undefined for any other id. */
export function parseStageJobId(id: string): { stage: StageName; episodeId: string; generation: number } | undefined {
  const m = STAGE_JOB_ID.exec(id)?.groups;
  const stage = StageName.safeParse(m?.stage);
  if (!m || !stage.success) return undefined;
  return { stage: stage.data, episodeId: m.episodeId!, generation: Number(m.generation) };
}
