// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * A glossary row remembers whether an operator entered it, so that recomputing counts from episodes'
 * sightings neither wipes a hand-made entry nor keeps a learned form that no episode sights any more.
 * Rows stored before this migration with no heard form were entered by hand.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('glossary').addColumn('by_hand', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`update glossary set by_hand = true where heard = ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('glossary').dropColumn('by_hand').execute();
}
