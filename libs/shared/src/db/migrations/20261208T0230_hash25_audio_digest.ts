// Frozen in time: never import application code here.
import type { Kysely } from 'kysely';

/**
 * Registration reads the archived audio back to verify it; the digest it took there (sha256, length, and the object's
 * version: a local file's inode and change times, an S3 ETag) is kept with the episode, so ingest takes the audio's
 * hash from it while the object is still that version instead of reading the file again. Null: ingest hashes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('episodes').addColumn('audio_digest', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('episodes').dropColumn('audio_digest').execute();
}
