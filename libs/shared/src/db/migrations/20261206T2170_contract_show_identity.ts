// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * Show identity is explicit: the same content dropped for another show is another episode (of that show), so the
 * content hash is unique per show, not globally. NULLS NOT DISTINCT keeps one show-less episode per content.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table episodes drop constraint episodes_content_hash_key`.execute(db);
  await sql`alter table episodes add constraint episodes_show_content_key unique nulls not distinct (show_id, content_hash)`.execute(db);
  await sql`create index episodes_content_hash_idx on episodes (content_hash)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index episodes_content_hash_idx`.execute(db);
  await sql`alter table episodes drop constraint episodes_show_content_key`.execute(db);
  await sql`alter table episodes add constraint episodes_content_hash_key unique (content_hash)`.execute(db);
}
