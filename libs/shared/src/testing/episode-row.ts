import type { Database } from '../database.ts';
import type { NewEpisode } from '../db/schema.ts';

/**
 * An episode row of its own for a test that drives stages or the reconciler by hand: a unique content hash, empty
 * metadata, a transcript key that names nothing, status `processing` at generation 1 unless the test says otherwise.
 */
export async function insertEpisodeRow(db: Database, fields: Partial<NewEpisode> = {}): Promise<{ id: string; generation: number }> {
  return db
    .insertInto('episodes')
    .values({ content_hash: crypto.randomUUID(), status: 'processing', generation: 1, meta: '{}', transcript_key: 'k', ...fields })
    .returning(['id', 'generation'])
    .executeTakeFirstOrThrow();
}
