import { sql, type AliasableExpression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from './database.ts';
import type { Episode } from './db/schema.ts';
import { hashJson } from './hash.ts';
import { STAGES, type StageName } from './jobs.ts';
import type { StageContext, StageDefinition } from './stage.ts';

/**
 * A stage's input key, in named parts, each a short hash: its code version, each upstream stage's output, and each
 * field of its own cheap input (StageDefinition.inputKey). Equal parts ⇒ equal fingerprint, so runStage skips without
 * loading; the names say what changed (`podpipe reprocess --dry-run`).
 */
export type InputParts = Record<string, string>;

/** The last finished (done or skipped) run of a stage, as far as input keys are concerned. */
export interface RunRecord {
  fingerprint: string;
  output_hash: string | null;
  input_key: string | null;
  input_parts: InputParts | null;
}

const short = (value: unknown) => hashJson(value).slice(0, 16);

/** The last finished run of `stage` and of every stage before it, for the episode whose id `episodeId` names. */
function lastRuns(db: Database, stage: StageName) {
  return db
    .selectFrom('stage_runs')
    .distinctOn('stage')
    .select(['stage', 'fingerprint', 'output_hash', 'input_key', 'input_parts'])
    .where('stage', 'in', STAGES.slice(0, STAGES.indexOf(stage) + 1))
    .where('status', 'in', ['done', 'skipped'])
    .orderBy('stage')
    .orderBy('id', 'desc');
}

const historyOf = (rows: (RunRecord & { stage: StageName })[]) => new Map(rows.map(({ stage, ...run }) => [stage, run]));

/**
 * Reads a stage's input key needs beyond the episode row (StageDefinition.inputReads): named scalar subqueries
 * (a column, or an array by jsonArrayFrom) that may refer to the episode read's row as `episodes`.
 */
export type InputReads = Record<string, AliasableExpression<unknown>>;

/** Their values, by name, as inputKey gets them. */
export type InputReadValues = Record<string, unknown>;

/** The prefix of the read columns' aliases, so they never meet an episode column. */
const READ = 'input read ';

/**
 * An episode row, its run history (the last finished run of `stage` and of every stage before it) and the stage's
 * input reads (see InputReads), in one round trip; undefined when the episode is gone.
 */
export async function episodeWithHistory(
  db: Database,
  episodeId: string,
  stage: StageName,
  reads: InputReads = {},
): Promise<{ episode: Episode; history: Map<StageName, RunRecord>; reads: InputReadValues } | undefined> {
  const row = await db
    .selectFrom('episodes')
    .selectAll('episodes')
    .select(() => jsonArrayFrom(lastRuns(db, stage).where('episode_id', '=', sql<string>`episodes.id`)).as('runs'))
    .select(Object.entries(reads).map(([name, read]) => read.as(`${READ}${name}`)))
    .where('id', '=', episodeId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { runs, ...rest } = row as typeof row & Record<string, unknown>;
  const values: InputReadValues = {};
  for (const name of Object.keys(reads)) {
    values[name] = rest[`${READ}${name}`];
    delete rest[`${READ}${name}`];
  }
  return { episode: rest as Episode, history: historyOf(runs), reads: values };
}

/**
 * The input parts of a stage for an episode now, or null when the stage has no cheap input key. `reads` are the
 * values of the stage's inputReads, read with the episode (episodeWithHistory).
 */
export async function inputParts(
  def: Pick<StageDefinition<unknown, unknown>, 'name' | 'version' | 'inputKey'>,
  ctx: StageContext,
  episode: Episode,
  history: Map<StageName, RunRecord>,
  reads: InputReadValues,
): Promise<InputParts | null> {
  if (!def.inputKey) return null;
  const parts: InputParts = { code: short(def.version) };
  for (const upstream of STAGES.slice(0, STAGES.indexOf(def.name))) parts[`${upstream} output`] = short(history.get(upstream)?.output_hash ?? null);
  const own = await def.inputKey(ctx, episode, reads);
  if (own !== null && typeof own === 'object' && !Array.isArray(own)) {
    for (const [name, value] of Object.entries(own)) parts[name] = short(value ?? null);
  } else parts.input = short(own ?? null);
  return parts;
}

export const inputKeyOf = (parts: InputParts): string => hashJson(parts);

/** The names of the parts that differ between two keys (a part present on one side only counts as changed). */
export function changedParts(before: InputParts, now: InputParts): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...names].filter((n) => before[n] !== now[n]);
}
