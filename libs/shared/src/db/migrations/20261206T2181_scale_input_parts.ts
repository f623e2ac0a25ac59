// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

/** A stage run keeps its input key's named parts, so `reprocess --dry-run` can say which input or config changed. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stage_runs').addColumn('input_parts', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stage_runs').dropColumn('input_parts').execute();
}
