// Frozen in time: never import application code here.
import { sql, type Kysely } from 'kysely';

/**
 * Hand-offs are looked up by job id: a stage that handed on early asks at its end whether it did (and the reconciler
 * whether a job's hand-off is still pending).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index outbox_job_id_idx on outbox (job_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index outbox_job_id_idx`.execute(db);
}
