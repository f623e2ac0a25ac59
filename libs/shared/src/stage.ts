import { UnrecoverableError, type Job } from 'bullmq';
import { sql, type Transaction } from 'kysely';
import type { Buckets } from './buckets.ts';
import type { Config } from './config.ts';
import type { Database } from './database.ts';
import type { DB, Episode } from './db/schema.ts';
import { BadInputError } from './errors.ts';
import { isInfrastructureError } from './infra-retry.ts';
import { recordEpisodeEvent, type PublicationEvent } from './webhooks.ts';
import { hashJson } from './hash.ts';
import { preparedStageStart, inputKeyOf, inputParts, type InputReadValues, type InputReads } from './input-key.ts';
import { QUEUES, StageJob, joinOf, joinedBefore, stageJobId, type StageJobInput, type StageName } from './jobs.ts';
import { episodeLogger, type Logger } from './logger.ts';
import { addToOutbox, type OutboxDispatcher, type OutboxEntry } from './outbox.ts';
import { makeHandOffDurable, recordSkippedRun, type SkippedRun } from './skipped-run.ts';

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

/** What compute gets besides the repositories: its logger, its report, and (QueueSpec.joinsAt) the early hand-off. */
export interface StageRunContext extends StageContext {
  log: Logger;
  report: StageReport;
  /**
   * For a stage whose queue has `joinsAt`: commits `write` (what the next stage needs) with the hand-off to the next
   * stage, in one transaction, before this stage finishes; the rest of its output then joins at `joinsAt`. Idempotent
   * (a retried run hands on once). Returns false when a newer request superseded the run (nothing written).
   */
  handOnEarly(write: (trx: Transaction<DB>) => Promise<unknown>): Promise<boolean>;
}

/**
 * A stage = load inputs → compute (the pure core, or ffmpeg) → save outputs, all in one transaction
 * with its stage_runs row and the outbox row for the next stage.
 */
export interface StageDefinition<Input, Output> {
  name: StageName;
  /** The stage's code version (see sourceTreeHash): part of every fingerprint, so changed code re-runs the stage. */
  version: string;
  /**
   * Optional, for cheap skips: everything the output depends on apart from the upstream stages' outputs (which
   * runStage adds from their runs' output hashes), read cheaply — episode fields, config, and the values of
   * `inputReads`. Must change whenever `fingerprint` could; it may change more often (then the full fingerprint
   * decides, after load()). A function of the episode row, the reads and `ctx.config` (but its wiring, WIRING_CONFIG)
   * alone — nothing else, no query of its own: a skip is decided in Postgres on a digest of exactly these
   * (preparedStageStart), without calling it.
   */
  inputKey?(ctx: StageContext, episode: Episode, reads: InputReadValues): Promise<unknown> | unknown;
  /**
   * What inputKey needs from other rows (the show, the glossary, other episodes), as subqueries of the episode read:
   * a skip is then decided after one round trip.
   */
  inputReads?(db: Database): InputReads;
  load(ctx: StageContext, episode: Episode): Promise<Input>;
  /**
   * Loads what the stage loads lazily (models, lexicons) when a worker starts, so the first job is not the slow one;
   * a stage whose core runs in the CPU pool warms the pool's threads (the promise settles when they are warm).
   */
  warmUp?(config: Config): void | Promise<void>;
  /** The parts of the input and config that determine the output. */
  fingerprint(input: Input, episode: Episode): unknown;
  compute(input: Input, ctx: StageRunContext, episode: Episode): Promise<Output>;
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
  const log = episodeLogger(ctx.log, payload.episodeId, def.name);
  const attempt = job.attemptsMade + 1;
  const started = Date.now();
  let runId: number | undefined;
  try {
    // Inside the try: a lookup that fails (the database restarting) is retried and, at the end, recorded.
    // One round trip, compiled once per stage: a stage whose stored inputs are unchanged is skipped and recorded with
    // its hand-off in it; otherwise it returns the episode, its history, the input reads, and whether an early-handing
    // upstream stage of this request is still running.
    const next = QUEUES[def.name].next;
    const handOff = next ? handOffJob(payload) : null;
    const start = await preparedStageStart(ctx.db, def)(ctx.config, {
      episodeId: payload.episodeId,
      generation: payload.generation,
      handOff,
      maySkip: !payload.force && def.inputKey !== undefined,
      attempt,
      durationMs: Date.now() - started,
    });
    if (start.kind === 'gone') {
      log.warn('episode no longer exists; dropping the job');
      return 'stale';
    }
    if (start.kind === 'skipped') {
      // The last stage's skip (no hand-off) is already durable, with nobody to tell (preparedStageStart).
      if (start.handOff) await pushSkippedHandOff(ctx, start.handOff);
      log.info({ ms: Date.now() - started }, `${def.name} inputs unchanged; skipped`);
      return 'skipped';
    }
    const { episode, history, reads, upstreamPending, storedInputs, inputsUnchanged } = start.read;
    if (payload.generation < episode.generation) {
      log.info({ jobGeneration: payload.generation, generation: episode.generation }, 'skipped stale job: a newer request for this episode exists');
      return 'stale';
    }
    const previous = history.get(def.name);
    // An upstream stage that handed on before finishing has no output of this request yet: keys made now would name
    // its previous output, so this run neither skips by input key nor records one (the full fingerprint decides, and
    // the next request's run records its key). Stored inputs unchanged (the last stage with a webhook subscribed to
    // its news: its skip is a transaction of its own) mean the key is unchanged, without making it.
    const parts = upstreamPending ? null : inputsUnchanged && previous?.input_parts ? previous.input_parts : await inputParts(def, ctx, episode, history, reads);
    const inputKey = parts ? (inputsUnchanged && previous?.input_key ? previous.input_key : inputKeyOf(parts)) : null;
    const inputRaw = parts ? storedInputs : null;
    const keyColumns = { input_key: inputKey, input_parts: parts ? JSON.stringify(parts) : null, input_raw: inputRaw };
    if (!payload.force && parts && inputKey && previous?.input_key === inputKey) {
      // Decided before loading; the run is recorded with its hand-off in one statement.
      const skipped: SkippedRun = { stage: def.name, episodeId: episode.id, generation: payload.generation, attempt, fingerprint: previous.fingerprint, outputHash: previous.output_hash, inputKey, inputParts: parts, inputRaw, durationMs: Date.now() - started };
      const handedOn = await handOnSkipped(ctx, skipped, payload);
      log.info({ ms: Date.now() - started }, handedOn ? `${def.name} inputs unchanged; skipped` : `${def.name} superseded by a newer request`);
      return 'skipped';
    }

    await ctx.db
      .updateTable('episodes')
      .set({ status: 'processing', stage: def.name, error: null, updated_at: sql`now()` })
      .where('id', '=', episode.id)
      .where('generation', '=', payload.generation)
      // A stage that started while an early-handing one ran must not hide that one's failure.
      .where((eb) => eb.or([eb('status', '!=', 'failed'), eb('stage', 'is', null), eb('stage', '=', def.name)]))
      .execute();
    const input = await def.load(ctx, episode);
    const fingerprint = hashJson({ stage: def.name, version: def.version, input: def.fingerprint(input, episode) });
    const upToDate = !payload.force && previous?.fingerprint === fingerprint;

    let output: O | undefined;
    if (!upToDate) {
      const runNumber = await closeAbandonedRuns(ctx.db, episode.id, def.name, payload.generation, attempt);
      const run = await ctx.db
        .insertInto('stage_runs')
        .values({ episode_id: episode.id, stage: def.name, generation: payload.generation, attempt: runNumber, status: 'running', fingerprint, ...keyColumns })
        .returning('id')
        .executeTakeFirstOrThrow();
      runId = run.id;
      log.info({ attempt }, `${def.name} started`);
      const handOnEarly = (write: (trx: Transaction<DB>) => Promise<unknown>) => handOnBeforeFinishing(ctx, def.name, payload, write);
      output = await def.compute(input, { ...ctx, log, report: stageReport(job, log), handOnEarly }, episode);
    }

    // What the last stage announces: nothing new when it was up to date, else what its output says.
    const news: PublicationEvent = upToDate ? 'episode.reprocessed' : (def.newsOf?.(output as O) ?? 'episode.published');
    await finish(ctx, def.name, episode.id, payload, news, async (trx) => {
      const outputHash = upToDate ? previous!.output_hash : await def.save(trx, episode, output as O, ctx);
      const finished = { finished_at: sql<Date>`now()`, duration_ms: Date.now() - started, output_hash: outputHash, ...keyColumns };
      if (runId === undefined) {
        await trx
          .insertInto('stage_runs')
          .values({ episode_id: episode.id, stage: def.name, generation: payload.generation, attempt, status: 'skipped', fingerprint, ...finished })
          .execute();
      } else {
        await trx.updateTable('stage_runs').set({ status: 'done', ...finished }).where('id', '=', runId).execute();
      }
    });
    log.info({ ms: Date.now() - started }, upToDate ? `${def.name} up to date; skipped` : `${def.name} done`);
    return upToDate ? 'skipped' : 'done';
  } catch (err) {
    const message = errorMessage(err);
    if (isInfrastructureError(err)) {
      // The weather, not the episode: the worker delays the job without using an attempt (see infra-retry.ts).
      log.warn({ err: message, attempt }, `${def.name} interrupted by a database/Redis error; will retry`);
      throw err;
    }
    const unrecoverable = err instanceof BadInputError || err instanceof UnrecoverableError;
    const lastAttempt = unrecoverable || attempt >= QUEUES[def.name].attempts;
    log.error({ err, attempt, lastAttempt }, `${def.name} failed: ${message}`);
    await recordFailure(ctx.db, payload.episodeId, payload.generation, def.name, runId, message, lastAttempt, started).catch((e: unknown) =>
      log.error({ err: e }, 'could not record the failure'),
    );
    if (err instanceof BadInputError) throw new UnrecoverableError(message);
    throw err;
  }
}

/**
 * The closing transaction of a stage run: unless a newer request for the episode arrived meanwhile (its own jobs then
 * do the work), write the run (`record`) and hand the episode on: an outbox row for the next stage, or, after the last
 * stage, the episode done and its news (`news`: published, updated or reprocessed). Returns whether it handed on.
 */
async function finish(
  ctx: StageContext,
  stage: StageName,
  episodeId: string,
  payload: StageJob,
  news: PublicationEvent,
  record: (trx: Transaction<DB>) => Promise<void>,
): Promise<boolean> {
  // false: superseded; true: handed on with nothing to push (a join waits, or the episode is done and nobody listens);
  // 'deliveries': done, with webhook deliveries in the outbox; else the next stage's hand-off.
  const handedOn = await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('episodes').select('generation').where('id', '=', episodeId).forUpdate().executeTakeFirst();
    if (!current || current.generation !== payload.generation) return false;
    await record(trx);
    // Under the episode's row lock, so of two joining stages exactly the one finishing last hands on.
    const next = await nextAfter(trx, stage, episodeId, payload.generation);
    if (next === 'wait') return true;
    if (next) return addToOutbox(trx, next, handOffJob(payload));
    await trx.updateTable('episodes').set({ status: 'done', stage: null, error: null, updated_at: sql`now()` }).where('id', '=', episodeId).execute();
    const deliveries = await recordEpisodeEvent(trx, { episodeId, generation: payload.generation, event: news, publicBaseUrl: ctx.config.publicBaseUrl });
    return deliveries > 0 ? ('deliveries' as const) : true;
  });
  // A dispatch only when there is something for it: each is a claiming transaction, and in a process beside others it
  // would also claim (and push again) the hand-offs their writers pushed a moment ago and have not marked sent yet.
  if (handedOn === 'deliveries') ctx.outbox.kick();
  else if (handedOn !== true && handedOn !== false) await ctx.outbox.send([handedOn]);
  return handedOn !== false;
}

/**
 * Where a finishing stage hands the episode on: its successor; or, where branches join (QueueSpec.joinsAt), `wait`
 * until the other branch has finished too. A stage that handed on early (its successor's hand-off is in the outbox)
 * hands on to the join once the stage before the join has finished; the stage before the join hands on once every
 * early-handing stage that started in this request has finished (one that did not start in it, as in a reprocess from
 * a later stage, is not waited for).
 */
async function nextAfter(trx: Transaction<DB>, stage: StageName, episodeId: string, generation: number): Promise<StageName | null | 'wait'> {
  const next = QUEUES[stage].next;
  const join = joinOf(stage);
  if (join && next) {
    const early = await trx.selectFrom('outbox').select('id').where('job_id', '=', stageJobId(next, { episodeId, generation })).executeTakeFirst();
    if (early) {
      const before = STAGES_BEFORE[join];
      return (await unfinished(trx, [before], episodeId, generation)).length ? 'wait' : join;
    }
  }
  const waitFor = joinedBefore(stage);
  if (waitFor.length && (await unfinished(trx, waitFor, episodeId, generation)).length) return 'wait';
  return next;
}

/** The stage whose successor is each stage. */
const STAGES_BEFORE = Object.fromEntries(
  (Object.entries(QUEUES) as [StageName, { next: StageName | null }][]).flatMap(([stage, spec]) => (spec.next ? [[spec.next, stage]] : [])),
) as Record<StageName, StageName>;

/**
 * Of `stages`, those that have not finished (done or skipped) in this request. An early-handing stage that has no
 * run in it is not waited for; the stage before a join always is.
 */
async function unfinished(trx: Transaction<DB> | Database, stages: StageName[], episodeId: string, generation: number): Promise<StageName[]> {
  const runs = await trx.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', episodeId).where('generation', '=', generation).where('stage', 'in', stages).execute();
  return stages.filter((s) => {
    const own = runs.filter((r) => r.stage === s);
    if (own.some((r) => r.status === 'done' || r.status === 'skipped')) return false;
    return own.length > 0 || joinOf(s) === undefined;
  });
}

/** StageRunContext.handOnEarly: `write` and the hand-off to the next stage in one transaction, once per request. */
async function handOnBeforeFinishing(ctx: StageContext, stage: StageName, payload: StageJob, write: (trx: Transaction<DB>) => Promise<unknown>): Promise<boolean> {
  const next = QUEUES[stage].next;
  if (!next || !joinOf(stage)) throw new Error(`${stage} cannot hand on early: its queue names no join (QueueSpec.joinsAt)`);
  const job = handOffJob(payload);
  const handoff = await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('episodes').select('generation').where('id', '=', payload.episodeId).forUpdate().executeTakeFirst();
    if (!current || current.generation !== payload.generation) return false;
    await write(trx);
    const sent = await trx.selectFrom('outbox').select('id').where('job_id', '=', stageJobId(next, job)).executeTakeFirst();
    return sent ? true : addToOutbox(trx, next, job);
  });
  if (handoff && handoff !== true) await ctx.outbox.send([handoff]);
  return handoff !== false;
}

/** The next stage's job for this one's request. */
function handOffJob(payload: StageJob): StageJob {
  return { episodeId: payload.episodeId, generation: payload.generation, force: payload.force, background: payload.background };
}

/**
 * Pushes a skipped run's hand-off, committed without waiting for the WAL flush (SkippedRunOptions says why the
 * outbox's guarantee holds): pushed at once, or, when the push fails, made durable before this job completes (or the
 * job fails and runs again).
 */
async function pushSkippedHandOff(ctx: StageContext, handOff: OutboxEntry): Promise<void> {
  if (!(await ctx.outbox.send([handOff]))) await makeHandOffDurable(ctx.db, handOff.id);
}

/**
 * Records a skipped run with its hand-off (see recordSkippedRun) and pushes it; after the last stage, in a transaction
 * with the episode's news (episode.reprocessed) for its subscribers. Returns whether it handed on.
 */
async function handOnSkipped(ctx: StageContext, run: SkippedRun, payload: StageJob): Promise<boolean> {
  const next = QUEUES[run.stage].next;
  const job = handOffJob(payload);
  if (next) {
    const handoff = await recordSkippedRun(ctx.db, run, next, job, { relaxedCommit: true });
    if (handoff && handoff !== true) await pushSkippedHandOff(ctx, handoff);
    return handoff !== null;
  }
  const deliveries = await ctx.db.transaction().execute(async (trx) => {
    if (!(await recordSkippedRun(trx, run, null, job))) return null;
    return recordEpisodeEvent(trx, { episodeId: run.episodeId, generation: run.generation, event: 'episode.reprocessed', publicBaseUrl: ctx.config.publicBaseUrl });
  });
  if (deliveries) ctx.outbox.kick(); // webhook deliveries
  return deliveries !== null;
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

/**
 * Closes this job's runs left `running` (their worker died: only one worker holds a job's lock) as `abandoned`, and
 * returns the number of the run about to start: BullMQ's attempt (attemptsMade + 1), or past the runs already
 * recorded for this generation when a killed run was retried without BullMQ counting an attempt.
 */
async function closeAbandonedRuns(db: Database, episodeId: string, stage: StageName, generation: number, attempt: number): Promise<number> {
  await db
    .updateTable('stage_runs')
    .set({ status: 'abandoned', finished_at: sql`now()`, error: 'its worker stopped before finishing; the job ran again' })
    .where('episode_id', '=', episodeId)
    .where('stage', '=', stage)
    .where('generation', '=', generation)
    .where('status', '=', 'running')
    .execute();
  const last = await db
    .selectFrom('stage_runs')
    .select((eb) => eb.fn.max('attempt').as('attempt'))
    .where('episode_id', '=', episodeId)
    .where('stage', '=', stage)
    .where('generation', '=', generation)
    .executeTakeFirst();
  return Math.max(attempt, (last?.attempt ?? 0) + 1);
}
