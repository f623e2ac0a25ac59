import type { Kysely } from 'kysely';
import type { DB, TranscriptsTable, TranscriptVersion } from './db/schema.ts';
import type { Edit, FixedWord, TranscriptSource, Word } from './transcript.ts';

type Timing = TranscriptsTable['timing'];

/** Which stage writes each version, for the error when it is missing. */
const WRITER: Record<TranscriptVersion, string> = { raw: 'ingest', timed: 'transcribe', corrected: 'transcribe-fix' };

/** An episode's raw, timed or corrected transcript; throws (retryably) when the stage that writes it has not run. */
export async function loadTranscript<V extends TranscriptVersion>(
  db: Kysely<DB>,
  episodeId: string,
  version: V,
): Promise<{ words: V extends 'corrected' ? FixedWord[] : Word[]; timing: Timing; contentHash: string; source: TranscriptSource | null }> {
  const row = await db
    .selectFrom('transcripts')
    .select(['words', 'timing', 'content_hash', 'source'])
    .where('episode_id', '=', episodeId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow(() => new Error(`no ${version} transcript stored; ${WRITER[version]} must run first`));
  return { words: row.words as never, timing: row.timing, contentHash: row.content_hash, source: row.source };
}

/** Writes (or replaces) one version of an episode's transcript. */
export async function saveTranscript(
  db: Kysely<DB>,
  row: { episodeId: string; version: TranscriptVersion; words: Word[] | FixedWord[]; edits: Edit[] | null; timing: Timing; contentHash: string; source?: TranscriptSource },
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
      source: row.source ? JSON.stringify(row.source) : null,
      content_hash: row.contentHash,
    })
    .onConflict((oc) =>
      oc.columns(['episode_id', 'version']).doUpdateSet((eb) => ({
        words: eb.ref('excluded.words'),
        text: eb.ref('excluded.text'),
        edits: eb.ref('excluded.edits'),
        timing: eb.ref('excluded.timing'),
        source: eb.ref('excluded.source'),
        content_hash: eb.ref('excluded.content_hash'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}
