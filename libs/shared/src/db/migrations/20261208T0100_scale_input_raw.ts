// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

/**
 * A stage run remembers a digest of the stored values its input key was made from (the episode row, the stage's input
 * reads, the upstream outputs) with its code and config, computed by Postgres, so a skip is decided and recorded in
 * one statement. Runs stored before this migration have none; their next skip decides by the input key once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stage_runs').addColumn('input_raw', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stage_runs').dropColumn('input_raw').execute();
}
