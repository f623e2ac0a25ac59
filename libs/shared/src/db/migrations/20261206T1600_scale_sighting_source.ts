// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

/**
 * A sighting remembers whether the correction was made from the show's glossary (its heard form was handed to the
 * fixer) or found by the episode on its own (metadata, phonetics). An episode that finds a correction on its own gains
 * nothing from the glossary entry it taught, so that entry stays out of its fixer input and fingerprint.
 * Rows stored before this migration are taken as made from the glossary, the conservative reading.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('glossary_sightings').addColumn('from_glossary', 'boolean', (c) => c.notNull().defaultTo(true)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('glossary_sightings').dropColumn('from_glossary').execute();
}
