// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * A stage run whose worker died keeps `running` for ever unless something closes it: `abandoned` is what the next
 * run of the same job marks it. Episodes gain `warnings`: what ingest accepted with a caveat (audio shorter than its
 * header, a title cut to length, cue lines that were not speech), as a JSON array of strings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table stage_runs drop constraint if exists stage_runs_status_check`.execute(db);
  await sql`alter table stage_runs add constraint stage_runs_status_check check (status in ('running','done','skipped','failed','abandoned'))`.execute(db);
  await db.schema.alterTable('episodes').addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('episodes').dropColumn('warnings').execute();
  await sql`update stage_runs set status = 'failed' where status = 'abandoned'`.execute(db);
  await sql`alter table stage_runs drop constraint if exists stage_runs_status_check`.execute(db);
  await sql`alter table stage_runs add constraint stage_runs_status_check check (status in ('running','done','skipped','failed'))`.execute(db);
}
