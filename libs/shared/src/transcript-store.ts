import type { Kysely } from 'kysely';
import type { DB, TranscriptsTable, TranscriptVersion } from './db/schema.ts';
import type { Edit, FixedWord, Word } from './transcript.ts';

type Timing = TranscriptsTable['timing'];

/** Which stage writes each version, for the error when it is missing. */
const WRITER: Record<TranscriptVersion, string> = { raw: 'ingest', corrected: 'transcribe-fix' };

/** An episode's raw or corrected transcript; throws (retryably) when the stage that writes it has not run. */
export async function loadTranscript<V extends TranscriptVersion>(
  db: Kysely<DB>,
  episodeId: string,
  version: V,
): Promise<{ words: V extends 'raw' ? Word[] : FixedWord[]; timing: Timing; contentHash: string }> {
  const row = await db
    .selectFrom('transcripts')
    .select(['words', 'timing', 'content_hash'])
    .where('episode_id', '=', episodeId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow(() => new Error(`no ${version} transcript stored; ${WRITER[version]} must run first`));
  return { words: row.words as never, timing: row.timing, contentHash: row.content_hash };
}

/** Writes (or replaces) one version of an episode's transcript. */
export async function saveTranscript(
  db: Kysely<DB>,
  row: { episodeId: string; version: TranscriptVersion; words: Word[] | FixedWord[]; edits: Edit[] | null; timing: Timing; contentHash: string },
): Promise<void> {
  await db
    .insertInto('transcripts')
    .values({
      episode_id: row.episodeId,
      version: row.version,
      words: JSON.stringify(row.words),
      text: row.words.map((w) => w.text).join(' '),
      edits: row.edits ? JSON.stringify(row.edits) : null,
      timing: row.timing,
      content_hash: row.contentHash,
    })
    .onConflict((oc) =>
      oc.columns(['episode_id', 'version']).doUpdateSet((eb) => ({
        words: eb.ref('excluded.words'),
        text: eb.ref('excluded.text'),
        edits: eb.ref('excluded.edits'),
        timing: eb.ref('excluded.timing'),
        content_hash: eb.ref('excluded.content_hash'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}
