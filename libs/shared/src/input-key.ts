import { sql, type AliasableExpression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from './database.ts';
import type { Episode } from './db/schema.ts';
import { hashJson, sha256 } from './hash.ts';
import type { Config } from './config.ts';
import { QUEUES, STAGES, earlyUpstream, stageJobId, type StageJob, type StageName } from './jobs.ts';
import type { OutboxEntry } from './outbox.ts';
import { skippedRunInsert, type SkippedRunColumns } from './skipped-run.ts';
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
  /** The stored-input digest (storedInputs) the run's key was made beside; null when it has no key. */
  input_raw?: string | null;
}

const short = (value: unknown) => hashJson(value).slice(0, 16);

/** The last finished run of `stage` and of every stage before it, for the episode whose id `episodeId` names. */
function lastRuns(db: Database, stage: StageName) {
  return db
    .selectFrom('stage_runs')
    .distinctOn('stage')
    .select(['stage', 'fingerprint', 'output_hash', 'input_key', 'input_parts', 'input_raw'])
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

/**
 * Columns of the episode row that track a request (which one, how far it got), never what a stage reads: left out of
 * the stored-input digest, which would otherwise differ on every request. Every other column is in it, so a column
 * added later can only make the digest differ more often (the input key then decides), never skip wrongly.
 */
const REQUEST_COLUMNS = ['generation', 'status', 'stage', 'error', 'updated_at'];

/**
 * Config that wires a process (its services, queues, threads, ports, logging, operator secrets) and that no stage's
 * output depends on: left out of the digest's config part, so processes wired differently share their skips. A stage
 * whose inputKey read one of these would skip wrongly when only it changed; tests/input-digest.test.ts checks that
 * none does.
 */
export const WIRING_CONFIG = [
  'redisUrl', 'databaseUrl', 'dataDir', 'stateDir', 'queuePrefix', 'concurrency', 'cpuThreads', 'cpuThreadHeapMb', 'cpuThreadYoungMb',
  'port', 'host', 'operatorToken', 'secretKey', 'webhookAllowPrivate', 'embedded', 'infraRetry', 'reconcileMs', 'logLevel',
] as const satisfies readonly (keyof Config)[];

/** The config an input key may depend on: all of it but the wiring and the API keys (which never shape an output). */
export function keyedConfig(config: Config): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...config };
  for (const name of WIRING_CONFIG) delete rest[name];
  const { apiKey: _llmKey, ...llm } = config.llm ?? {};
  const { apiKey: _openaiKey, ...openai } = config.transcribe.openai ?? {};
  return { ...rest, llm: config.llm ? llm : null, transcribe: { ...config.transcribe, openai: config.transcribe.openai ? openai : null } };
}

const processKeys = new WeakMap<object, WeakMap<Config, string>>();

/** What the digest adds to the stored values: the stage, its code version and the config its key may read. */
function processKeyOf(def: Pick<StageDefinition<unknown, unknown>, 'name' | 'version'>, config: Config): string {
  let byConfig = processKeys.get(def);
  if (!byConfig) processKeys.set(def, (byConfig = new WeakMap()));
  let key = byConfig.get(config);
  if (key === undefined) byConfig.set(config, (key = hashJson({ stage: def.name, code: def.version, config: keyedConfig(config) })));
  return key;
}

/** Stand-ins for the prepared statement's parameters, replaced by each call's values. */
const EPISODE_ID = Symbol('episode id');
const GENERATION = Symbol('generation');
const PROCESS_KEY = Symbol('process key');
const MAY_SKIP = Symbol('may skip');
const ATTEMPT = Symbol('attempt');
const JOB_ID = Symbol('job id');
const PAYLOAD = Symbol('payload');
const DURATION = Symbol('duration');

/** What runStage starts a job with (see preparedStageStart). */
export interface StageStartArgs {
  episodeId: string;
  generation: number;
  /** The next stage's job if the run is skipped (null for the last stage). */
  handOff: StageJob | null;
  /** False when the job is forced: then nothing is skipped here. */
  maySkip: boolean;
  attempt: number;
  durationMs: number;
}

/** The episode read of a job that was not skipped in the statement, with what the key path needs besides. */
export interface StageRead extends EpisodeRead {
  /** An early-handing upstream stage of this request has not finished (see earlyUpstream). */
  upstreamPending: boolean;
  /** The stored-input digest now (record it with the run's input key). */
  storedInputs: string | null;
  /**
   * The digest equals the last run's: the input key is unchanged too (the last stage, when a webhook may want its
   * news: it is then skipped in a transaction).
   */
  inputsUnchanged: boolean;
}

export type StageStart =
  | { kind: 'gone' }
  /**
   * Skipped and recorded with its hand-off, committed without waiting for the flush (SkippedRunOptions): push it. The
   * last stage (handOff null): skipped and recorded with the episode done, committed synchronously; nobody to tell.
   */
  | { kind: 'skipped'; handOff: OutboxEntry | null }
  | { kind: 'read'; read: StageRead };

export type PreparedStageStart = (config: Config, args: StageStartArgs) => Promise<StageStart>;

const preparedStarts = new WeakMap<Database, WeakMap<object, PreparedStageStart>>();

/**
 * How runStage starts a job, in one statement built and compiled once per database handle and stage definition:
 * - Postgres digests the stored values the stage's input key is made from — the episode row (but its request
 *   columns), the stage's input reads and the upstream stages' output hashes — with the stage's code and config
 *   (keyedConfig, hashed here once per process): the stored-input digest. The input key is a function of exactly
 *   these (StageDefinition.inputKey), so an equal digest means an equal key.
 * - When the job may skip, no early-handing upstream stage of its request is still running, and the digest equals the
 *   one recorded with the stage's last finished run (which had a key), a stage with a next stage is skipped in the
 *   same statement: the episode row locked at the job's generation (as recordSkippedRun locks it), the skipped run
 *   (repeating that run's fingerprint, output, key and parts) and the outbox row for the next stage inserted together,
 *   committed without waiting for the flush (SkippedRunOptions says why that keeps the outbox's guarantee). One round
 *   trip, no key hashed in the process. The last stage is skipped in the statement too when no active webhook
 *   subscribes to episode.reprocessed: the episode marked done (as recordSkippedRun marks it) and the skipped run,
 *   committed synchronously (so, as before, a done episode's skips are all durable).
 * - Otherwise (and for the last stage when a webhook may want its news) the statement writes nothing and returns
 *   the episode read, the digest and whether it was unchanged; runStage then decides by the input key as before (a
 *   digest may differ where the key does not: a glossary entry the fixer would not pick, a new column) and records the
 *   digest with the run.
 */
export function preparedStageStart(db: Database, def: Pick<StageDefinition<unknown, unknown>, 'name' | 'version' | 'inputReads'>): PreparedStageStart {
  let byDef = preparedStarts.get(db);
  if (!byDef) preparedStarts.set(db, (byDef = new WeakMap()));
  let start = byDef.get(def);
  if (start) return start;
  const reads = def.inputReads?.(db) ?? {};
  const names = Object.keys(reads);
  const next = QUEUES[def.name].next;
  const pending = earlyUpstream(def.name).length ? sql`coalesce(${sql.ref(`ep.${PENDING}`)}, false)` : sql`false`;
  // The skipped run repeats the last finished run (prev) with the digest now (raw): recordSkippedRun's insert, fed here.
  const statementRun: SkippedRunColumns = {
    stage: def.name, generation: sql`${GENERATION}::int`, attempt: sql`${ATTEMPT}::int`, fingerprint: sql`prev.fingerprint`, outputHash: sql`prev.output_hash`,
    inputKey: sql`prev.input_key`, inputParts: sql`prev.input_parts`, inputRaw: sql`raw.digest`, durationMs: sql`${DURATION}::int`,
  };
  const skip = next
    ? sql`, current as (
        select e.id, e.title, set_config('synchronous_commit', 'off', true) as relaxed from episodes e
        where e.id = ${EPISODE_ID} and e.generation = ${GENERATION} and exists (select 1 from unchanged) for update of e
      ), skipped as (
        ${skippedRunInsert(statementRun, sql`current, prev, raw`)}
      ), handoff as (
        insert into outbox (queue, job_id, payload) select ${next}, ${JOB_ID}, ${PAYLOAD}::jsonb from current returning id
      )
      select (select id from handoff) as "skip hand-off", (select title from current) as "skip title", exists (select 1 from current) as "skip done",`
    : // The last stage: the episode done and the skipped run, as recordSkippedRun's last-stage statement writes them,
      // committed synchronously (once an episode is done, every skip before it is durable: SkippedRunOptions). Only
      // when no active webhook anywhere subscribes to episode.reprocessed (a superset of those recordEpisodeEvent would
      // deliver to): then the episode's news has nobody to go to, and runStage's transaction would write nothing more.
      sql`, current as (
        update episodes e set status = 'done', stage = null, error = null, updated_at = now()
        where e.id = ${EPISODE_ID} and e.generation = ${GENERATION} and exists (select 1 from unchanged)
          and not exists (select 1 from webhooks w where w.active and w.events @> array['episode.reprocessed']::text[])
        returning e.id
      ), skipped as (
        ${skippedRunInsert(statementRun, sql`current, prev, raw`)}
      )
      select null::bigint as "skip hand-off", null::text as "skip title", exists (select 1 from current) as "skip done",`;
  const compiled = sql<Record<string, unknown>>`
    with ep as (${episodeReadQuery(db, EPISODE_ID, def.name, reads, GENERATION)}), raw as (
      select encode(sha256(convert_to(jsonb_build_array(${PROCESS_KEY}::text, to_jsonb(ep) - ${['runs', PENDING, ...REQUEST_COLUMNS]}::text[],
        (select coalesce(jsonb_object_agg(r ->> 'stage', r -> 'output_hash'), '{}'::jsonb) from json_array_elements(ep.runs) r where r ->> 'stage' <> ${def.name})
      )::text, 'UTF8')), 'hex') as digest
      from ep
    ), prev as (
      select r ->> 'fingerprint' as fingerprint, r ->> 'output_hash' as output_hash, r ->> 'input_key' as input_key, (r -> 'input_parts')::jsonb as input_parts,
        r ->> 'input_raw' as input_raw
      from ep, json_array_elements(ep.runs) r where r ->> 'stage' = ${def.name}
    ), unchanged as (
      select 1 from ep, raw, prev where ${MAY_SKIP}::boolean and not ${pending} and prev.input_key is not null and prev.input_raw = raw.digest
    )${skip}
      raw.digest as "stored inputs", exists (select 1 from unchanged) as "inputs unchanged", ep.*
    from (select 1) one left join raw on true left join ep on not exists (select 1 from current)`.compile(db);
  // A named statement: each pooled connection parses and plans it once (pg's query config `{ name, text }`, which
  // Kysely's Postgres driver hands to pg's client.query as it is), not on every job: ~0.3 ms of planning per job.
  // The name carries the text's hash, so two texts never share one on a connection.
  // A schema change under a running worker (a migration adding an episodes column: the statement returns ep.*) makes
  // Postgres refuse the prepared plan ("cached plan must not change result type", 0A000) on every connection that has
  // it: the statement is then prepared again under a new name.
  const base = `podpipe-start-${def.name}-${sha256(compiled.sql).slice(0, 16)}`;
  let renamed = 0;
  let statement = { name: base, text: compiled.sql } as unknown as string;
  start = async (config, args) => {
    const job = args.handOff;
    const values = new Map<unknown, unknown>([
      [EPISODE_ID, args.episodeId],
      [GENERATION, args.generation],
      [PROCESS_KEY, processKeyOf(def, config)],
      [MAY_SKIP, args.maySkip],
      [ATTEMPT, args.attempt],
      [JOB_ID, job && next ? stageJobId(next, job) : null],
      [PAYLOAD, job ? JSON.stringify(job) : null],
      [DURATION, args.durationMs],
    ]);
    const parameters = compiled.parameters.map((p) => (values.has(p) ? values.get(p) : p));
    const run = (text: string) => db.executeQuery<Record<string, unknown>>({ ...compiled, sql: text, parameters });
    const used = statement;
    const { rows } = await run(used).catch((err: unknown) => {
      if ((err as { code?: string }).code !== '0A000') throw err;
      if (statement === used) statement = { name: `${base}-${++renamed}`, text: compiled.sql } as unknown as string;
      return run(statement);
    });
    const row = rows[0];
    if (!row) return { kind: 'gone' };
    const { 'skip hand-off': handOff, 'skip title': title, 'skip done': skipped, 'stored inputs': digest, 'inputs unchanged': unchanged, ...rest } = row;
    if (handOff !== null && handOff !== undefined && next && job) return { kind: 'skipped', handOff: { id: Number(handOff), stage: next, job, title: (title as string | null) ?? null } };
    if (skipped === true && !next) return { kind: 'skipped', handOff: null };
    if (rest.id === null || rest.id === undefined) return { kind: 'gone' };
    return { kind: 'read', read: { ...splitEpisodeRead(rest, names), storedInputs: (digest as string | null) ?? null, inputsUnchanged: unchanged === true } };
  };
  byDef.set(def, start);
  return start;
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
