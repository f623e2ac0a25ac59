import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './db/migration-provider.ts';
import type { DB } from './db/schema.ts';

export type Database = Kysely<DB>;

// bigint/bigserial come back as strings by default; counts and ids here stay well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Where connection errors of a pool go; a pino logger fits. */
export interface ConnectionErrorSink {
  warn(obj: object, msg: string): void;
}

const stderrSink: ConnectionErrorSink = { warn: (obj, msg) => process.stderr.write(`${msg}: ${JSON.stringify(obj)}\n`) };

/**
 * A pg pool that survives a Postgres restart: an idle client's error is emitted on the pool and a checked-out
 * client's on the client itself, and either, unheard, kills the process (57P01 on a restart). Both are logged
 * here; the broken client is dropped by the pool and the next query opens a fresh one.
 */
export function createPool(url: string, max: number, log: ConnectionErrorSink = stderrSink): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', (err) => log.warn({ err: err.message, code: (err as { code?: string }).code }, 'postgres connection lost (idle); reconnecting on next use'));
  pool.on('connect', (client) => {
    client.on('error', (err) => log.warn({ err: err.message, code: (err as { code?: string }).code }, 'postgres connection lost (in use); the query fails and is retried'));
  });
  return pool;
}

/** A Kysely handle on a pg pool whose connection errors are logged, never fatal. */
export function createDatabase(url: string, max = 10, log?: ConnectionErrorSink): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(url, max, log) }) });
}

/** Applies every pending migration; throws with the failing migration's name and error. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Features land from parallel branches, each with its own migration slot: a database that already ran a later
  // slot's migration must still take an earlier-named one that arrived after it (they never depend on each other).
  const migrator = new Migrator({ db, provider: migrationProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
