import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './db/schema.ts';
import { QUEUES, WEBHOOKS, stageJobId, webhookJobId, type StageJob, type StageJobInput, type StageName, type WebhookJob } from './jobs.ts';
import type { Logger } from './logger.ts';
import { enqueueStage, enqueueStageBulk, enqueueWebhook, type Queues } from './queues.ts';

/** A hand-off written to the outbox: pass it to OutboxDispatcher.send after commit to push it without waiting. */
export interface OutboxEntry {
  id: number;
  stage: StageName;
  job: StageJob;
  /** The episode's title, for the job's name, when the writer read it anyway (send looks it up otherwise). */
  title?: string | null;
}

/** Records, inside the caller's transaction, that a stage job must be pushed; the dispatcher pushes it after commit. */
export async function addToOutbox(trx: Transaction<DB> | Database, stage: StageName, payload: StageJobInput): Promise<OutboxEntry> {
  const data = QUEUES[stage].schema.parse(payload);
  const row = await trx
    .insertInto('outbox')
    .values({ queue: stage, job_id: stageJobId(stage, data), payload: JSON.stringify(data) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, stage, job: data };
}

/** Records many hand-offs to one stage in one insert (reprocessing an archive). */
export async function addManyToOutbox(trx: Transaction<DB> | Database, stage: StageName, payloads: StageJobInput[]): Promise<void> {
  for (let i = 0; i < payloads.length; i += 1000) {
    const rows = payloads.slice(i, i + 1000).map((p) => QUEUES[stage].schema.parse(p)).map((data) => ({ queue: stage, job_id: stageJobId(stage, data), payload: JSON.stringify(data) }));
    await trx.insertInto('outbox').values(rows).execute();
  }
}

/** Records, inside the caller's transaction, that webhook deliveries must be pushed. */
export async function addWebhooksToOutbox(trx: Transaction<DB> | Database, jobs: WebhookJob[]): Promise<void> {
  if (!jobs.length) return;
  const rows = jobs.map((job) => WEBHOOKS.schema.parse(job)).map((data) => ({ queue: WEBHOOKS.name, job_id: webhookJobId(data), payload: JSON.stringify(data) }));
  await trx.insertInto('outbox').values(rows).execute();
}

/** Episode titles by id, for job names. */
async function episodeTitles(db: Transaction<DB> | Database, ids: string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('episodes').select(['id', 'title']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}

/**
 * Moves pending outbox rows to BullMQ. Rows are claimed with SKIP LOCKED so any number of dispatchers
 * (one per worker process) share the work; job ids are deterministic, so a push repeated after a crash is harmless.
 * `pushed`: rows this process pushed already and will mark sent shortly (left alone).
 */
export async function dispatchOutbox(db: Database, queues: Queues, batch = 500, pushed: readonly number[] = []): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'queue', 'payload'])
      .where('sent_at', 'is', null)
      .$if(pushed.length > 0, (q) => q.where('id', 'not in', pushed))
      .orderBy('id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    // One addBulk per stage queue: reprocessing an archive hands thousands of jobs over in a few round trips.
    const byStage = new Map<StageName, StageJob[]>();
    for (const row of rows) {
      if (row.queue === WEBHOOKS.name) await enqueueWebhook(queues, row.payload as WebhookJob);
      else byStage.set(row.queue, [...(byStage.get(row.queue) ?? []), row.payload as StageJob]);
    }
    const titles = await episodeTitles(trx, [...byStage.values()].flat().map((j) => j.episodeId));
    for (const [stage, jobs] of byStage) await enqueueStageBulk(queues, stage, jobs, titles);
    if (rows.length) {
      await trx.updateTable('outbox').set({ sent_at: sql`now()` }).where('id', 'in', rows.map((r) => r.id)).execute();
    }
    return rows.length;
  });
}

/** Deletes hand-offs sent longer ago than the retention (they are only kept for tracing). */
export async function pruneOutbox(db: Database, retentionDays = 7): Promise<number> {
  const res = await db.deleteFrom('outbox').where('sent_at', '<', sql<Date>`now() - make_interval(days => ${retentionDays})`).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export interface OutboxDispatcher {
  /** Ask for a dispatch now (after a local commit) instead of waiting for the next tick. */
  kick(): void;
  /**
   * Pushes hand-offs this process just committed, directly (one Redis call per hand-off, no claiming transaction;
   * the rows are marked sent afterwards, batched).
   * Another dispatcher may push the same row meanwhile: the job id is deterministic, so that is harmless. On error
   * the rows stay pending for the next tick. Resolves whether every entry was pushed.
   */
  send(entries: OutboxEntry[]): Promise<boolean>;
  stop(): Promise<void>;
}

/** Rows claimed per dispatch transaction. */
const DISPATCH_BATCH = 500;

/** How long pushed hand-offs wait to be marked sent, so the hops of a chain share one update. */
const MARK_SENT_DELAY_MS = 250;

/** Runs dispatchOutbox every intervalMs and on kick(); errors are logged and retried on the next tick. */
export function startOutboxDispatcher(db: Database, queues: Queues, log: Logger, intervalMs = 1000): OutboxDispatcher {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  // Rows pushed by send(): waiting to be marked, and being marked. The dispatcher leaves both alone.
  let unmarked: number[] = [];
  let marking: { ids: number[]; done: Promise<void> } | null = null;
  const pushed = () => (marking ? [...unmarked, ...marking.ids] : unmarked);
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        // Again only after a full batch: a row committed meanwhile is pushed by its writer (send) or the next tick;
        // looping on every row found would chase a chain of skipped stages, pushing each hand-off twice.
        while ((await dispatchOutbox(db, queues, DISPATCH_BATCH, pushed())) === DISPATCH_BATCH && !stopped);
      } catch (err) {
        log.warn({ err }, 'outbox dispatch failed; retrying on the next tick');
      }
    })().finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  const pruner = setInterval(() => {
    pruneOutbox(db).catch((err: unknown) => log.warn({ err }, 'outbox pruning failed; retrying in an hour'));
  }, 3600_000);
  pruner.unref();
  run();
  // Marking pushed rows sent is off the hand-off's path: the pushes of MARK_SENT_DELAY_MS share one update. Until it
  // lands another process's dispatcher may push a row again, which is harmless (deterministic job ids); a failed
  // update leaves them to the next tick.
  let markTimer: NodeJS.Timeout | null = null;
  const flushMarks = (): void => {
    markTimer = null;
    if (marking || !unmarked.length) return;
    const ids = unmarked;
    unmarked = [];
    const done = db
      .updateTable('outbox')
      .set({ sent_at: sql`now()` })
      .where('id', 'in', ids)
      .where('sent_at', 'is', null)
      .execute()
      .then(
        () => undefined,
        (err: unknown) => log.warn({ err }, 'marking hand-offs sent failed; the dispatcher pushes them again (harmless)'),
      )
      .finally(() => {
        marking = null;
        markSent();
      });
    marking = { ids, done };
  };
  const markSent = (): void => {
    if (marking || markTimer || !unmarked.length) return;
    if (stopped) return flushMarks();
    markTimer = setTimeout(flushMarks, MARK_SENT_DELAY_MS);
    markTimer.unref();
  };
  const send = async (entries: OutboxEntry[]): Promise<boolean> => {
    if (!entries.length) return true;
    if (stopped) return false;
    try {
      const untitled = entries.filter((e) => e.title === undefined).map((e) => e.job.episodeId);
      const titles = await episodeTitles(db, untitled);
      for (const e of entries) await enqueueStage(queues, e.stage, e.job, e.title === undefined ? titles.get(e.job.episodeId) : e.title);
      unmarked.push(...entries.map((e) => e.id));
      markSent();
      return true;
    } catch (err) {
      log.warn({ err }, 'pushing a hand-off failed; the dispatcher retries it on the next tick');
      return false;
    }
  };
  return {
    kick: run,
    send,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(pruner);
      if (markTimer) clearTimeout(markTimer);
      flushMarks();
      await running;
      while (marking) await marking.done;
    },
  };
}
