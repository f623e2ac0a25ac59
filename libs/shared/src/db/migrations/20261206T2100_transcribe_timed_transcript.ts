// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * The transcribe stage writes a `timed` transcript between the raw drop and the corrected text, with where its words
 * and times came from (`source`: kind, provider, model, settings, mean confidence, interpolated words).
 * A show may name its own speech recognizer (`transcribe_provider`), overriding the deployment's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table transcripts drop constraint if exists transcripts_version_check`.execute(db);
  await sql`alter table transcripts add constraint transcripts_version_check check (version in ('raw','timed','corrected'))`.execute(db);
  await db.schema.alterTable('transcripts').addColumn('source', 'jsonb').execute();
  await db.schema.alterTable('shows').addColumn('transcribe_provider', 'text', (c) => c.check(sql`transcribe_provider in ('openai','pocketsphinx')`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('shows').dropColumn('transcribe_provider').execute();
  await db.schema.alterTable('transcripts').dropColumn('source').execute();
  await db.deleteFrom('transcripts').where('version', '=', 'timed').execute();
  await sql`alter table transcripts drop constraint if exists transcripts_version_check`.execute(db);
  await sql`alter table transcripts add constraint transcripts_version_check check (version in ('raw','corrected'))`.execute(db);
}
