import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { DB } from '@podpipe/shared/db/schema';
import { BadInputError } from '@podpipe/shared/errors';
import type { Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import { sha256File } from '@podpipe/shared/hash';
import { addManyToOutbox, addToOutbox } from '@podpipe/shared/outbox';
import { recordEpisodeEvent } from '@podpipe/shared/webhooks';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import type { DropFiles } from './drops.ts';

export interface Drop {
  audioPath?: string;
  transcriptPath?: string;
  meta: unknown;
  /** The metadata file could not even be read as JSON: keep the drop, fail the episode with this reason. */
  metaError?: string;
  /** Re-run every stage even where fingerprints say it is up to date. */
  force?: boolean;
}

export interface Registered {
  episodeId: string;
  generation: number;
  /** False when the same content was ingested before: this is a new processing request for it. */
  created: boolean;
  /** Set when the drop was kept but cannot be processed as it is (the episode is stored as failed). */
  error: string | null;
}

/** A URL-safe show key from the show's name. */
export function showSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'show'
  );
}

/** Reads a `.meta.json` sidecar; a file that is not JSON comes back as a metadata error, not an exception. */
export async function readMetaFile(file: string | undefined): Promise<{ meta: unknown; metaError?: string }> {
  if (!file) return { meta: {} };
  const text = await readFile(file, 'utf8');
  try {
    return { meta: JSON.parse(text) };
  } catch (err) {
    return { meta: {}, metaError: `invalid episode metadata: ${path.basename(file)} is not valid JSON: ${(err as Error).message}` };
  }
}

/** Registers a drop whose files are on local disk (the drop directory, or a download of an S3 drop). */
export async function registerDrop(db: Database, buckets: Buckets, drop: DropFiles): Promise<Registered> {
  const meta = await readMetaFile(drop.meta);
  return registerEpisode(db, buckets, { ...(drop.audio ? { audioPath: drop.audio } : {}), ...(drop.transcript ? { transcriptPath: drop.transcript } : {}), ...meta });
}

/** Parses producer metadata, turning a schema mismatch into a readable input error. */
export function parseMeta(raw: unknown): EpisodeMeta {
  const parsed = EpisodeMeta.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new BadInputError(`invalid episode metadata: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Accepts a drop: archives its files in the ingest bucket (content-addressed, so nothing ingested is ever lost or
 * stored twice), creates or re-requests the episode, and asks for the ingest job through the outbox — one transaction.
 */
export async function registerEpisode(db: Database, buckets: Buckets, drop: Drop): Promise<Registered> {
  if (!drop.audioPath && !drop.transcriptPath) throw new BadInputError('an episode needs audio, a transcript, or both');
  // Bad metadata must not lose the drop: the episode is kept, failed, with the reason on it.
  let meta: EpisodeMeta = EpisodeMeta.parse({});
  let metaError: string | null = drop.metaError ?? null;
  if (!metaError) {
    try {
      meta = parseMeta(drop.meta);
    } catch (err) {
      metaError = (err as Error).message;
    }
  }
  const audioHash = drop.audioPath ? await sha256File(drop.audioPath) : undefined;
  const transcriptHash = drop.transcriptPath ? await sha256File(drop.transcriptPath) : undefined;
  const contentHash = (audioHash ?? transcriptHash)!;
  const base = `archive/${contentHash.slice(0, 2)}/${contentHash}`;
  const audioKey = drop.audioPath ? `${base}/audio${path.extname(drop.audioPath).toLowerCase()}` : null;
  const transcriptKey = drop.transcriptPath ? `${base}/transcript-${transcriptHash!.slice(0, 12)}${path.extname(drop.transcriptPath).toLowerCase()}` : null;
  if (audioKey && !(await buckets.ingest.exists(audioKey))) await buckets.ingest.putFile(audioKey, drop.audioPath!);
  if (transcriptKey && !(await buckets.ingest.exists(transcriptKey))) await buckets.ingest.putFile(transcriptKey, drop.transcriptPath!);

  return db.transaction().execute(async (trx) => {
    let showId: string | null = null;
    if (meta.show) {
      const show = await trx
        .insertInto('shows')
        .values({ slug: showSlug(meta.show), title: meta.show })
        .onConflict((oc) => oc.column('slug').doUpdateSet({ title: meta.show! }))
        .returning('id')
        .executeTakeFirstOrThrow();
      showId = show.id;
    }
    // A new upload under an episode's GUID (the producer fixed the audio or the transcript) is a new version of
    // that episode, not a new episode. The show row locked by the upsert above serializes drops of one show.
    const version = showId && meta.guid ? await newVersionOf(trx, showId, meta.guid, contentHash) : undefined;
    if (version) {
      const row = await trx
        .updateTable('episodes')
        .set({
          content_hash: contentHash,
          // What the new upload leaves out is kept: new audio keeps the transcript, a new transcript the audio.
          audio_key: sql<string | null>`coalesce(${audioKey}, audio_key)`,
          transcript_key: sql<string | null>`coalesce(${transcriptKey}, transcript_key)`,
          generation: sql<number>`generation + 1`,
          status: metaError ? 'failed' : 'queued',
          stage: null,
          error: metaError ? `ingest: ${metaError}` : null,
          meta: JSON.stringify(meta),
          title: sql<string | null>`coalesce(${meta.title ?? null}, title)`,
          updated_at: sql`now()`,
        })
        .where('id', '=', version)
        .returning(['id', 'generation'])
        .executeTakeFirstOrThrow();
      await requestIngest(trx, row, metaError, drop.force ?? false);
      return { episodeId: row.id, generation: row.generation, created: false, error: metaError };
    }
    const row = await trx
      .insertInto('episodes')
      .values({
        show_id: showId,
        guid: meta.guid ?? null,
        title: meta.title ?? null,
        content_hash: contentHash,
        status: metaError ? 'failed' : 'queued',
        error: metaError ? `ingest: ${metaError}` : null,
        meta: JSON.stringify(meta),
        audio_key: audioKey,
        transcript_key: transcriptKey,
      })
      .onConflict((oc) =>
        oc.column('content_hash').doUpdateSet((eb) => ({
          generation: sql<number>`episodes.generation + 1`,
          status: eb.ref('excluded.status'),
          stage: null,
          error: eb.ref('excluded.error'),
          meta: eb.ref('excluded.meta'),
          title: sql<string | null>`coalesce(excluded.title, episodes.title)`,
          show_id: sql<string | null>`coalesce(excluded.show_id, episodes.show_id)`,
          transcript_key: sql<string | null>`coalesce(excluded.transcript_key, episodes.transcript_key)`,
          updated_at: sql`now()`,
        })),
      )
      .returning(['id', 'generation', sql<boolean>`(xmax = 0)`.as('created')])
      .executeTakeFirstOrThrow();
    await requestIngest(trx, row, metaError, drop.force ?? false);
    return { episodeId: row.id, generation: row.generation, created: row.created, error: metaError };
  });
}

/** The episode of this show published under `guid` whose content differs from `contentHash`, if any (and no episode has that content yet). */
async function newVersionOf(trx: Transaction<DB>, showId: string, guid: string, contentHash: string): Promise<string | undefined> {
  const sameContent = await trx.selectFrom('episodes').select('id').where('content_hash', '=', contentHash).executeTakeFirst();
  if (sameContent) return undefined; // a re-drop of content we have: the usual re-request below
  const episode = await trx.selectFrom('episodes').select('id').where('show_id', '=', showId).where('guid', '=', guid).orderBy('created_at', 'desc').executeTakeFirst();
  return episode?.id;
}

/** Queues the episode's ingest job, or — for a drop that cannot be processed — tells subscribers it failed. */
async function requestIngest(trx: Transaction<DB>, row: { id: string; generation: number }, metaError: string | null, force: boolean): Promise<void> {
  if (!metaError) await addToOutbox(trx, 'ingest', { episodeId: row.id, generation: row.generation, force });
  else await recordEpisodeEvent(trx, { episodeId: row.id, generation: row.generation, event: 'episode.failed' });
}

/**
 * Asks for episodes to be processed again (after a pipeline upgrade, or to retry failures): bumps each one's
 * generation and queues its ingest job through the outbox. Stages whose fingerprint is unchanged will skip.
 */
/** Which episodes a reprocess request names: by id, by show, failed only, unfinished only (the filters combine). */
export interface ReprocessFilter {
  episodeIds?: string[];
  showSlug?: string;
  failedOnly?: boolean;
  unfinishedOnly?: boolean;
}

/** The ids of the episodes a filter selects, as a subquery. */
export function selectEpisodes(db: Database | Transaction<DB>, filter: ReprocessFilter) {
  let q = db.selectFrom('episodes').select('id');
  if (filter.episodeIds) q = q.where('id', 'in', filter.episodeIds.length ? filter.episodeIds : ['00000000-0000-0000-0000-000000000000']);
  if (filter.showSlug) q = q.where('show_id', 'in', db.selectFrom('shows').select('id').where('slug', '=', filter.showSlug));
  if (filter.failedOnly) q = q.where('status', '=', 'failed');
  // Queued or processing: after losing Redis (or a worker that died past its retries) these have no live job.
  if (filter.unfinishedOnly) q = q.where('status', 'in', ['queued', 'processing']);
  return q;
}

export async function reprocessEpisodes(
  db: Database,
  filter: ReprocessFilter & { force?: boolean; background?: boolean },
): Promise<{ episodeId: string; generation: number }[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('episodes')
      .set({ generation: sql<number>`generation + 1`, status: 'queued', stage: null, error: null, updated_at: sql`now()` })
      .where('id', 'in', selectEpisodes(trx, filter))
      .returning(['id', 'generation'])
      .execute();
    await addManyToOutbox(trx, 'ingest', rows.map((r) => ({ episodeId: r.id, generation: r.generation, force: filter.force ?? false, background: filter.background ?? false })));
    return rows.map((r) => ({ episodeId: r.id, generation: r.generation }));
  });
}
