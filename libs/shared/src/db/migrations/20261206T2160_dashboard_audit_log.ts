// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * What operators did from the dashboard or the API (reprocess, retry, redeliver, glossary edits): one line per action,
 * shown on the episode page. Raw-transcript full-text search gets the same GIN index as the corrected one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('episode_id', 'uuid', (c) => c.references('episodes.id').onDelete('cascade'))
    .addColumn('show_id', 'uuid', (c) => c.references('shows.id').onDelete('cascade'))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_episode_idx').on('audit_log').columns(['episode_id', 'id']).execute();
  await sql`create index transcripts_raw_fts_idx on transcripts using gin (to_tsvector('english', text)) where version = 'raw'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists transcripts_raw_fts_idx`.execute(db);
  await db.schema.dropTable('audit_log').execute();
}
