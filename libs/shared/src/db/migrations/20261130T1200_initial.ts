// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shows')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('remove_fillers', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('episodes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('show_id', 'uuid', (c) => c.references('shows.id').onDelete('restrict'))
    .addColumn('guid', 'text')
    .addColumn('title', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued','processing','done','failed')`))
    .addColumn('stage', 'text')
    .addColumn('error', 'text')
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('meta', 'jsonb', (c) => c.notNull())
    .addColumn('audio_key', 'text')
    .addColumn('transcript_key', 'text')
    .addColumn('duration_sec', 'double precision')
    .addColumn('audio_info', 'jsonb')
    .addColumn('silences', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('episodes_has_input', sql`audio_key is not null or transcript_key is not null`)
    .execute();
  await db.schema.createIndex('episodes_show_idx').on('episodes').column('show_id').execute();
  await db.schema.createIndex('episodes_status_idx').on('episodes').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('stage_runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('episode_id', 'uuid', (c) => c.notNull().references('episodes.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running','done','skipped','failed')`))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('output_hash', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('duration_ms', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('stage_runs_episode_idx').on('stage_runs').columns(['episode_id', 'stage', 'id']).execute();

  await db.schema
    .createTable('transcripts')
    .addColumn('episode_id', 'uuid', (c) => c.notNull().references('episodes.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull().check(sql`version in ('raw','corrected')`))
    .addColumn('words', 'jsonb', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('edits', 'jsonb')
    .addColumn('timing', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('transcripts_pk', ['episode_id', 'version'])
    .execute();
  await sql`create index transcripts_fts_idx on transcripts using gin (to_tsvector('english', text)) where version = 'corrected'`.execute(db);

  await db.schema
    .createTable('glossary')
    .addColumn('show_id', 'uuid', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('heard', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('glossary_pk', ['show_id', 'term', 'heard'])
    .execute();

  // Which episode saw which correction, so glossary counts stay right when an episode is re-corrected.
  await db.schema
    .createTable('glossary_sightings')
    .addColumn('show_id', 'uuid', (c) => c.notNull().references('shows.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('heard', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('episode_id', 'uuid', (c) => c.notNull().references('episodes.id').onDelete('cascade'))
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('glossary_sightings_pk', ['show_id', 'term', 'heard', 'episode_id'])
    .execute();

  await db.schema
    .createTable('chapters')
    .addColumn('episode_id', 'uuid', (c) => c.notNull().references('episodes.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('start_sec', 'double precision', (c) => c.notNull())
    .addColumn('end_sec', 'double precision', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('intro','ad','content','outro')`))
    .addColumn('summary', 'text')
    .addColumn('sponsor', 'text')
    .addPrimaryKeyConstraint('chapters_pk', ['episode_id', 'idx'])
    .execute();

  await db.schema
    .createTable('summaries')
    .addColumn('episode_id', 'uuid', (c) => c.primaryKey().references('episodes.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('keywords', 'jsonb', (c) => c.notNull())
    .addColumn('entities', 'jsonb', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('quotes')
    .addColumn('episode_id', 'uuid', (c) => c.notNull().references('episodes.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('start_sec', 'double precision', (c) => c.notNull())
    .addColumn('end_sec', 'double precision', (c) => c.notNull())
    .addColumn('speaker', 'text')
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('quotes_pk', ['episode_id', 'idx'])
    .execute();

  await db.schema
    .createTable('artifacts')
    .addColumn('episode_id', 'uuid', (c) => c.notNull().references('episodes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('artifacts_pk', ['episode_id', 'kind'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbox_pending_idx on outbox (id) where sent_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['outbox', 'artifacts', 'quotes', 'summaries', 'chapters', 'glossary_sightings', 'glossary', 'transcripts', 'stage_runs', 'episodes', 'shows']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
