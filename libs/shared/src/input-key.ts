import { sql, type AliasableExpression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from './database.ts';
import type { Episode } from './db/schema.ts';
import { hashJson } from './hash.ts';
import { STAGES, earlyUpstream, type StageName } from './jobs.ts';
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

/** What the episode read returns: the row, the stage's run history and its input reads' values. */
export interface EpisodeRead {
  episode: Episode;
  history: Map<StageName, RunRecord>;
  reads: InputReadValues;
}

/** The column of the episode read that says whether an early-handing upstream stage is still running (see earlyUpstream). */
const PENDING = 'upstream pending';

/**
 * The episode read's query: the episode row, its run history as a JSON array, the input reads, and, with a
 * generation, whether an upstream stage that hands on early started in that request and has not finished (it has a
 * run of the generation, none of them done or skipped).
 */
function episodeReadQuery(db: Database, episodeId: unknown, stage: StageName, reads: InputReads, generation?: unknown) {
  const early = earlyUpstream(stage);
  return db
    .selectFrom('episodes')
    .selectAll('episodes')
    .select(() => jsonArrayFrom(lastRuns(db, stage).where('episode_id', '=', sql<string>`episodes.id`)).as('runs'))
    .select(Object.entries(reads).map(([name, read]) => read.as(`${READ}${name}`)))
    .$if(generation !== undefined && early.length > 0, (q) =>
      q.select(
        sql<boolean>`exists (select 1 from stage_runs r where r.episode_id = episodes.id and r.generation = ${generation} and r.stage in (${sql.join(early)})
          group by r.stage having count(*) filter (where r.status in ('done', 'skipped')) = 0)`.as(PENDING),
      ),
    )
    .where('id', '=', episodeId as string);
}

/** Splits an episode read's row into the episode, its history and the read values. */
function splitEpisodeRead(row: Record<string, unknown>, reads: Iterable<string>): EpisodeRead & { upstreamPending: boolean } {
  const { runs, [PENDING]: pending, ...rest } = row;
  const values: InputReadValues = {};
  for (const name of reads) {
    values[name] = rest[`${READ}${name}`];
    delete rest[`${READ}${name}`];
  }
  return { episode: rest as unknown as Episode, history: historyOf(runs as (RunRecord & { stage: StageName })[]), reads: values, upstreamPending: pending === true };
}

/**
 * An episode row, its run history (the last finished run of `stage` and of every stage before it) and the stage's
 * input reads (see InputReads), in one round trip; undefined when the episode is gone.
 */
export async function episodeWithHistory(db: Database, episodeId: string, stage: StageName, reads: InputReads = {}): Promise<EpisodeRead | undefined> {
  const row = await episodeReadQuery(db, episodeId, stage, reads).executeTakeFirst();
  if (!row) return undefined;
  const { upstreamPending: _, ...read } = splitEpisodeRead(row as Record<string, unknown>, Object.keys(reads));
  return read;
}

/** Stand-ins for the prepared read's parameters, replaced by each call's values. */
const EPISODE_ID = Symbol('episode id');
const GENERATION = Symbol('generation');

export type PreparedEpisodeRead = (episodeId: string, generation: number) => Promise<(EpisodeRead & { upstreamPending: boolean }) | undefined>;

const prepared = new WeakMap<Database, WeakMap<object, PreparedEpisodeRead>>();

/**
 * episodeWithHistory for runStage, built and compiled once per database handle and stage definition (a skipped stage
 * is then one query sent, not one built; its inputReads depend on nothing but the handle), with whether an
 * early-handing upstream stage of the job's request is still running (`upstreamPending`), so the skip waits for one
 * round trip.
 */
export function preparedEpisodeRead(db: Database, def: Pick<StageDefinition<unknown, unknown>, 'name' | 'inputReads'>): PreparedEpisodeRead {
  let byDef = prepared.get(db);
  if (!byDef) prepared.set(db, (byDef = new WeakMap()));
  let read = byDef.get(def);
  if (read) return read;
  const reads = def.inputReads?.(db) ?? {};
  const names = Object.keys(reads);
  const compiled = episodeReadQuery(db, EPISODE_ID, def.name, reads, GENERATION).compile();
  read = async (episodeId, generation) => {
    const parameters = compiled.parameters.map((p) => (p === EPISODE_ID ? episodeId : p === GENERATION ? generation : p));
    const { rows } = await db.executeQuery<Record<string, unknown>>({ ...compiled, parameters });
    return rows[0] && splitEpisodeRead(rows[0], names);
  };
  byDef.set(def, read);
  return read;
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
