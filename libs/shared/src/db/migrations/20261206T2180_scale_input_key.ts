// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

/**
 * A stage run remembers its input key: a cheap hash of what its output depends on (upstream output hashes, episode
 * fields, config), compared before the stage loads its inputs, so an unchanged episode is skipped without loading.
 * Runs stored before this migration have none; their next run takes the full fingerprint path once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stage_runs').addColumn('input_key', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stage_runs').dropColumn('input_key').execute();
}
