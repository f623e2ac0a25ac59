import { UnrecoverableError, type Job } from 'bullmq';
import { sql, type Transaction } from 'kysely';
import type { Buckets } from './buckets.ts';
import type { Config } from './config.ts';
import type { Database } from './database.ts';
import type { DB, Episode } from './db/schema.ts';
import { BadInputError } from './errors.ts';
import { recordEpisodeEvent, type PublicationEvent } from './webhooks.ts';
import { hashJson } from './hash.ts';
import { QUEUES, StageJob, type StageJobInput, type StageName } from './jobs.ts';
import { episodeLogger, type Logger } from './logger.ts';
import { addToOutbox, type OutboxDispatcher } from './outbox.ts';

/**
 * How a running stage tells the operator what it is doing: BullMQ job progress (0–100, shown on the dashboard,
 * in Bull Board and by `podpipe process`) and key steps in the job's log.
 */
export interface StageReport {
  /** Share of the stage's work done, 0..1. */
  progress(fraction: number): Promise<void>;
  /** One key step, written to the job's log (Bull Board's Logs tab) and the process log. */
  step(message: string): Promise<void>;
}

/** What every stage shell gets: the repositories and the process's config. */
export interface StageContext {
  db: Database;
  buckets: Buckets;
  config: Config;
  log: Logger;
  outbox: OutboxDispatcher;
}

/**
 * A stage = load inputs → compute (the pure core, or ffmpeg) → save outputs, all in one transaction
 * with its stage_runs row and the outbox row for the next stage.
 */
export interface StageDefinition<Input, Output> {
  name: StageName;
  /** The stage's code version (see sourceTreeHash): part of every fingerprint, so changed code re-runs the stage. */
  version: string;
  load(ctx: StageContext, episode: Episode): Promise<Input>;
  /** The parts of the input and config that determine the output. */
  fingerprint(input: Input, episode: Episode): unknown;
  compute(input: Input, ctx: StageContext & { log: Logger; report: StageReport }, episode: Episode): Promise<Output>;
  /** Writes outputs idempotently (replace, never duplicate); returns the content hash of what it wrote. */
  save(trx: Transaction<DB>, episode: Episode, output: Output, ctx: StageContext): Promise<string>;
  /** The last stage's news for subscribers when it ran (default episode.published); a skipped run is episode.reprocessed. */
  newsOf?(output: Output): PublicationEvent;
}

export type StageOutcome = 'done' | 'skipped' | 'stale';

/** The job methods a stage run uses; tests pass a bare `{attemptsMade, id}`. */
export type StageJobHandle = Pick<Job, 'attemptsMade' | 'id'> & Partial<Pick<Job, 'updateProgress' | 'log'>>;

/** A StageReport that writes to the BullMQ job (when there is one) and the log; never fails the stage. */
function stageReport(job: StageJobHandle, log: Logger): StageReport {
  let last = -1;
  return {
    async progress(fraction) {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      if (pct === last) return;
      last = pct;
      await job.updateProgress?.(pct).catch((err: unknown) => log.debug({ err }, 'could not update job progress'));
    },
    async step(message) {
      log.info(message);
      await job.log?.(message).catch((err: unknown) => log.debug({ err }, 'could not write the job log'));
    },
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs one stage job for one episode; throws to let BullMQ retry, UnrecoverableError when retrying cannot help. */
export async function runStage<I, O>(
  def: StageDefinition<I, O>,
  ctx: StageContext,
  input: StageJobInput,
  job: StageJobHandle,
): Promise<StageOutcome> {
  const payload = StageJob.parse(input);
  const episode = await ctx.db.selectFrom('episodes').selectAll().where('id', '=', payload.episodeId).executeTakeFirst();
  const log = episodeLogger(ctx.log, payload.episodeId, def.name);
  if (!episode) {
    log.warn('episode no longer exists; dropping the job');
    return 'stale';
  }
  if (payload.generation < episode.generation) {
    log.info({ jobGeneration: payload.generation, generation: episode.generation }, 'skipped stale job: a newer request for this episode exists');
    return 'stale';
  }
  const attempt = job.attemptsMade + 1;
  const next = QUEUES[def.name].next;
  const started = Date.now();
  let runId: number | undefined;
  try {
    await ctx.db
      .updateTable('episodes')
      .set({ status: 'processing', stage: def.name, error: null, updated_at: sql`now()` })
      .where('id', '=', episode.id)
      .where('generation', '=', payload.generation)
      .execute();
    const input = await def.load(ctx, episode);
    const fingerprint = hashJson({ stage: def.name, version: def.version, input: def.fingerprint(input, episode) });
    const previous = await ctx.db
      .selectFrom('stage_runs')
      .select(['fingerprint', 'output_hash'])
      .where('episode_id', '=', episode.id)
      .where('stage', '=', def.name)
      .where('status', 'in', ['done', 'skipped'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const upToDate = !payload.force && previous?.fingerprint === fingerprint;

    let output: O | undefined;
    if (!upToDate) {
      const run = await ctx.db
        .insertInto('stage_runs')
        .values({ episode_id: episode.id, stage: def.name, generation: payload.generation, attempt, status: 'running', fingerprint })
        .returning('id')
        .executeTakeFirstOrThrow();
      runId = run.id;
      log.info({ attempt }, `${def.name} started`);
      output = await def.compute(input, { ...ctx, log, report: stageReport(job, log) }, episode);
    }

    await ctx.db.transaction().execute(async (trx) => {
      // A newer request may have arrived while we computed; its own jobs will do the work.
      const current = await trx.selectFrom('episodes').select('generation').where('id', '=', episode.id).forUpdate().executeTakeFirst();
      if (!current || current.generation !== payload.generation) return;
      const outputHash = upToDate ? previous!.output_hash : await def.save(trx, episode, output as O, ctx);
      const finished = { finished_at: sql<Date>`now()`, duration_ms: Date.now() - started, output_hash: outputHash };
      if (runId === undefined) {
        await trx
          .insertInto('stage_runs')
          .values({ episode_id: episode.id, stage: def.name, generation: payload.generation, attempt, status: 'skipped', fingerprint, ...finished })
          .execute();
      } else {
        await trx.updateTable('stage_runs').set({ status: 'done', ...finished }).where('id', '=', runId).execute();
      }
      if (next) await addToOutbox(trx, next, { episodeId: episode.id, generation: payload.generation, force: payload.force, background: payload.background });
      else {
        await trx.updateTable('episodes').set({ status: 'done', stage: null, error: null, updated_at: sql`now()` }).where('id', '=', episode.id).execute();
        const event = upToDate ? 'episode.reprocessed' : (def.newsOf?.(output as O) ?? 'episode.published');
        await recordEpisodeEvent(trx, { episodeId: episode.id, generation: payload.generation, event, publicBaseUrl: ctx.config.publicBaseUrl });
      }
    });
    ctx.outbox.kick();
    log.info({ ms: Date.now() - started }, upToDate ? `${def.name} up to date; skipped` : `${def.name} done`);
    return upToDate ? 'skipped' : 'done';
  } catch (err) {
    const message = errorMessage(err);
    const unrecoverable = err instanceof BadInputError || err instanceof UnrecoverableError;
    const lastAttempt = unrecoverable || attempt >= QUEUES[def.name].attempts;
    log.error({ err, attempt, lastAttempt }, `${def.name} failed: ${message}`);
    await recordFailure(ctx.db, episode.id, payload.generation, def.name, runId, message, lastAttempt, started).catch((e: unknown) =>
      log.error({ err: e }, 'could not record the failure'),
    );
    if (err instanceof BadInputError) throw new UnrecoverableError(message);
    throw err;
  }
}

async function recordFailure(
  db: Database,
  episodeId: string,
  generation: number,
  stage: StageName,
  runId: number | undefined,
  message: string,
  final: boolean,
  started: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (runId !== undefined) {
      await trx
        .updateTable('stage_runs')
        .set({ status: 'failed', error: message, finished_at: sql`now()`, duration_ms: Date.now() - started })
        .where('id', '=', runId)
        .execute();
    }
    const updated = await trx
      .updateTable('episodes')
      .set(final ? { status: 'failed', stage, error: `${stage}: ${message}`, updated_at: sql`now()` } : { error: `${stage} (will retry): ${message}`, updated_at: sql`now()` })
      .where('id', '=', episodeId)
      .where('generation', '=', generation)
      .executeTakeFirst();
    if (final && updated.numUpdatedRows) await recordEpisodeEvent(trx, { episodeId, generation, event: 'episode.failed' });
  });
}
