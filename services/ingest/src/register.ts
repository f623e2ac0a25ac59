import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import type { ArchivedDigest, DB } from '@podpipe/shared/db/schema';
import { DEFAULT_LIMITS } from '@podpipe/shared/config';
import { BadInputError } from '@podpipe/shared/errors';
import type { Bucket, Buckets } from '@podpipe/shared/buckets';
import type { Database } from '@podpipe/shared/database';
import { fileVersion, sha256File, type FileDigest } from '@podpipe/shared/hash';
import type { StageName } from '@podpipe/shared/jobs';
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
  /** Metadata fields longer than this are cut with a warning (PODPIPE_MAX_TITLE_CHARS). */
  maxTitleChars?: number;
  /**
   * The audio's digest, taken where the file was first read (`podpipe process` hashes it beside its decoding pass):
   * its hash is taken as the file's while the file is still the version it was taken of, else the file is hashed again.
   */
  audioDigest?: FileDigest;
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
export async function registerDrop(db: Database, buckets: Buckets, drop: DropFiles, opts: { maxTitleChars?: number } = {}): Promise<Registered> {
  const meta = await readMetaFile(drop.meta);
  return registerEpisode(db, buckets, { ...(drop.audio ? { audioPath: drop.audio } : {}), ...(drop.transcript ? { transcriptPath: drop.transcript } : {}), ...meta, ...opts });
}

/**
 * The sha256 of a local file: `known`'s when the file is still the version it was taken of (a stat, no read), else
 * the file's, read again.
 */
export async function fileHash(file: string, known: FileDigest | undefined): Promise<string> {
  if (known?.version && fileVersion(await stat(file, { bigint: true })) === known.version) return known.sha256;
  return sha256File(file);
}

/**
 * Copies a dropped file into the archive unless an intact copy is there, then reads the archived copy back and
 * checks its size and sha256 against the source's: the drop may be deleted only once this has returned. A copy
 * that does not match (a torn earlier write, a source still changing) is written again once; then it throws.
 * Returns the digest of the archived copy as read back (ingest takes the hash from it while the object is unchanged).
 */
export async function archiveVerified(bucket: Bucket, key: string, sourcePath: string, sourceHash: string): Promise<FileDigest> {
  const { size } = await stat(sourcePath);
  const intact = (d: FileDigest | undefined) => d?.sha256 === sourceHash && d.bytes === size;
  const found = await bucket.digest(key);
  if (found && intact(found)) return found;
  await bucket.putFile(key, sourcePath);
  const copy = await bucket.digest(key);
  if (!copy || !intact(copy)) {
    throw new Error(`the archive copy ${key} does not match ${path.basename(sourcePath)} (${copy?.bytes ?? 0} of ${size} bytes, or another hash): was the file still being written?`);
  }
  return copy;
}

/**
 * Producer metadata cut to sane lengths: a title or show name over `maxChars` (a 1 MB title would land in every
 * artifact and the dashboard) is cut at a word boundary, names to 200 characters and lists to 50 entries — each
 * cut with a warning for the episode.
 */
export function limitMeta(meta: EpisodeMeta, maxChars: number): { meta: EpisodeMeta; warnings: string[] } {
  const warnings: string[] = [];
  const cut = (field: string, value: string, max: number): string => {
    if (value.length <= max) return value;
    const head = value.slice(0, max);
    const atWord = head.replace(/\s+\S*$/, '');
    warnings.push(`metadata: ${field} cut from ${value.length} to ${max} characters`);
    return (atWord.length > max * 0.8 ? atWord : head).trimEnd();
  };
  const list = (field: string, values: string[]): string[] => {
    if (values.length > 50) warnings.push(`metadata: ${field} cut from ${values.length} to 50 entries`);
    return values.slice(0, 50).map((v, i) => cut(`${field}[${i}]`, v, 200));
  };
  const limited: EpisodeMeta = {
    ...meta,
    ...(meta.title !== undefined ? { title: cut('title', meta.title, maxChars) } : {}),
    ...(meta.show !== undefined ? { show: cut('show', meta.show, Math.min(maxChars, 200)) } : {}),
    ...(typeof meta.episode === 'string' ? { episode: cut('episode', meta.episode, 50) } : {}),
    hosts: list('hosts', meta.hosts),
    guests: list('guests', meta.guests),
    sponsors: list('sponsors', meta.sponsors),
  };
  if (meta.guid !== undefined && meta.guid.length > maxChars) throw new BadInputError(`invalid episode metadata: guid is ${meta.guid.length} characters, over ${maxChars}`);
  return { meta: limited, warnings };
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
  let metaWarnings: string[] = [];
  if (!metaError) {
    try {
      ({ meta, warnings: metaWarnings } = limitMeta(parseMeta(drop.meta), drop.maxTitleChars ?? DEFAULT_LIMITS.titleChars));
    } catch (err) {
      metaError = (err as Error).message;
    }
  }
  const audioHash = drop.audioPath ? await fileHash(drop.audioPath, drop.audioDigest) : undefined;
  const transcriptHash = drop.transcriptPath ? await sha256File(drop.transcriptPath) : undefined;
  const contentHash = (audioHash ?? transcriptHash)!;
  const base = `archive/${contentHash.slice(0, 2)}/${contentHash}`;
  const audioKey = drop.audioPath ? `${base}/audio${path.extname(drop.audioPath).toLowerCase()}` : null;
  const transcriptKey = drop.transcriptPath ? `${base}/transcript-${transcriptHash!.slice(0, 12)}${path.extname(drop.transcriptPath).toLowerCase()}` : null;
  const archived = audioKey ? await archiveVerified(buckets.ingest, audioKey, drop.audioPath!, audioHash!) : undefined;
  const audioDigest: ArchivedDigest | null = audioKey && archived?.version ? { key: audioKey, sha256: archived.sha256, bytes: archived.bytes, version: archived.version } : null;
  if (transcriptKey) await archiveVerified(buckets.ingest, transcriptKey, drop.transcriptPath!, transcriptHash!);

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
    } else {
      // A drop that names no show is a re-drop of the episode with this content, wherever it is (if only one has it).
      const existing = await trx.selectFrom('episodes').select('show_id').where('content_hash', '=', contentHash).limit(2).execute();
      if (existing.length === 1) showId = existing[0]!.show_id;
    }
    // A new upload under an episode's GUID (the producer fixed the audio or the transcript) is a new version of
    // that episode, not a new episode. The show row locked by the upsert above serializes drops of one show.
    let version = showId && meta.guid ? await newVersionOf(trx, showId, meta.guid, contentHash) : undefined;
    // An episode an operator moved out of this show stays where it was moved: a drop of its content (or under its
    // GUID: a new version) is processed there, and says so.
    const moved = meta.show && showId && !version ? await movedAwayFrom(trx, showId, contentHash, meta.guid) : undefined;
    if (moved) {
      metaWarnings = [...metaWarnings, `metadata: dropped for show ${showSlug(meta.show ?? '')}, but this episode was moved to ${moved.slug} (podpipe move); processed there — move it back with podpipe move if that is wanted`];
      meta = { ...meta, show: moved.title };
      version = moved.id;
    }
    // Metadata warnings are replaced by each registration; the stages' own (ingest: …) are kept.
    const warnings = sql<string>`(select coalesce(jsonb_agg(w), '[]'::jsonb) from jsonb_array_elements(episodes.warnings) w where w #>> '{}' not like 'metadata: %') || ${JSON.stringify(metaWarnings)}::jsonb`;
    if (version) {
      const row = await trx
        .updateTable('episodes')
        .set({
          content_hash: contentHash,
          // What the new upload leaves out is kept: new audio keeps the transcript, a new transcript the audio.
          audio_key: sql<string | null>`coalesce(${audioKey}, audio_key)`,
          // A new upload without audio keeps the audio and its digest; new audio replaces both (its digest may be null).
          ...(audioKey ? { audio_digest: audioDigest && JSON.stringify(audioDigest) } : {}),
          transcript_key: sql<string | null>`coalesce(${transcriptKey}, transcript_key)`,
          generation: sql<number>`generation + 1`,
          status: metaError ? 'failed' : 'queued',
          stage: null,
          error: metaError ? `ingest: ${metaError}` : null,
          meta: JSON.stringify(meta),
          title: sql<string | null>`coalesce(${meta.title ?? null}, title)`,
          warnings,
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
        audio_digest: audioDigest && JSON.stringify(audioDigest),
        transcript_key: transcriptKey,
        warnings: JSON.stringify(metaWarnings),
      })
      .onConflict((oc) =>
        // Content and show are the episode's identity: the same content for another show is another episode.
        oc.constraint('episodes_show_content_key').doUpdateSet((eb) => ({
          generation: sql<number>`episodes.generation + 1`,
          status: eb.ref('excluded.status'),
          stage: null,
          error: eb.ref('excluded.error'),
          meta: eb.ref('excluded.meta'),
          title: sql<string | null>`coalesce(excluded.title, episodes.title)`,
          transcript_key: sql<string | null>`coalesce(excluded.transcript_key, episodes.transcript_key)`,
          // The audio key stays: the digest read now is of it only when the keys agree (ingest checks the key too).
          audio_digest: sql<string | null>`coalesce(excluded.audio_digest, episodes.audio_digest)`,
          warnings,
          updated_at: sql`now()`,
        })),
      )
      .returning(['id', 'generation', sql<boolean>`(xmax = 0)`.as('created')])
      .executeTakeFirstOrThrow();
    await requestIngest(trx, row, metaError, drop.force ?? false);
    return { episodeId: row.id, generation: row.generation, created: row.created, error: metaError };
  });
}

/** The episode of this show published under `guid` whose content differs from `contentHash`, if any (and no episode of the show has that content yet). */
async function newVersionOf(trx: Transaction<DB>, showId: string, guid: string, contentHash: string): Promise<string | undefined> {
  const sameContent = await trx.selectFrom('episodes').select('id').where('show_id', '=', showId).where('content_hash', '=', contentHash).executeTakeFirst();
  if (sameContent) return undefined; // a re-drop of content we have: the usual re-request below
  const episode = await trx.selectFrom('episodes').select('id').where('show_id', '=', showId).where('guid', '=', guid).orderBy('created_at', 'desc').executeTakeFirst();
  return episode?.id;
}

/**
 * The episode with this content or GUID that `podpipe move` took out of the show, with where it is now; undefined
 * when none (or when its show has the content as another episode: then the drop is not a version of it).
 */
async function movedAwayFrom(trx: Transaction<DB>, showId: string, contentHash: string, guid: string | undefined): Promise<{ id: string; slug: string; title: string } | undefined> {
  return trx
    .selectFrom('episodes as e')
    .innerJoin('shows as s', 's.id', 'e.show_id')
    .select(['e.id', 's.slug', 's.title'])
    .where((eb) => eb.or([eb('e.content_hash', '=', contentHash), ...(guid ? [eb('e.guid', '=', guid)] : [])]))
    .where('e.show_id', '!=', showId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('episodes as same').select('same.id').whereRef('same.show_id', '=', 'e.show_id').where('same.content_hash', '=', contentHash).whereRef('same.id', '!=', 'e.id'))))
    .where((eb) => eb.exists(eb.selectFrom('audit_log as a').select('a.id').where('a.action', '=', 'move').where('a.show_id', '=', showId).whereRef('a.episode_id', '=', 'e.id')))
    .orderBy('e.updated_at', 'desc')
    .executeTakeFirst();
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
  filter: ReprocessFilter & { force?: boolean; background?: boolean; fromStage?: StageName },
): Promise<{ episodeId: string; generation: number }[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('episodes')
      .set({ generation: sql<number>`generation + 1`, status: 'queued', stage: null, error: null, updated_at: sql`now()` })
      .where('id', 'in', selectEpisodes(trx, filter))
      .returning(['id', 'generation'])
      .execute();
    // From a later stage: the earlier stages' outputs stand as stored.
    await addManyToOutbox(trx, filter.fromStage ?? 'ingest', rows.map((r) => ({ episodeId: r.id, generation: r.generation, force: filter.force ?? false, background: filter.background ?? false })));
    return rows.map((r) => ({ episodeId: r.id, generation: r.generation }));
  });
}

/** Moving an episode failed: no such episode, or the target show already has this content. */
export class MoveError extends Error {}

/**
 * Moves an episode to another show on purpose (`podpipe move`): the only way an episode changes show. Asks for
 * the episode to be processed again, so its files and both shows' feeds follow, tells both shows' subscribers
 * (episode.moved), and records the move in the audit log under the show it left (a later drop of the content for
 * that show finds it there). Returns the old show's slug.
 */
export async function moveEpisode(db: Database, args: { episodeId: string; show: string }): Promise<{ from: string | null; to: string; generation: number }> {
  return db.transaction().execute(async (trx) => {
    const episode = await trx.selectFrom('episodes').leftJoin('shows', 'shows.id', 'episodes.show_id').select(['episodes.id', 'episodes.meta', 'episodes.content_hash', 'episodes.show_id', 'shows.slug']).where('episodes.id', '=', args.episodeId).forUpdate('episodes').executeTakeFirst();
    if (!episode) throw new MoveError(`no episode ${args.episodeId}`);
    const slug = showSlug(args.show);
    if (episode.slug === slug) throw new MoveError(`episode ${args.episodeId} is already in show ${slug}`);
    const show = await trx
      .insertInto('shows')
      .values({ slug, title: args.show })
      .onConflict((oc) => oc.column('slug').doUpdateSet({ slug }))
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();
    const clash = await trx.selectFrom('episodes').select('id').where('show_id', '=', show.id).where('content_hash', '=', episode.content_hash).executeTakeFirst();
    if (clash) throw new MoveError(`show ${slug} already has this content as episode ${clash.id}`);
    const meta = { ...(episode.meta as Record<string, unknown>), show: show.title };
    const row = await trx
      .updateTable('episodes')
      .set({ show_id: show.id, meta: JSON.stringify(meta), generation: sql<number>`generation + 1`, status: 'queued', stage: null, error: null, updated_at: sql`now()` })
      .where('id', '=', episode.id)
      .returning(['id', 'generation'])
      .executeTakeFirstOrThrow();
    await addToOutbox(trx, 'ingest', { episodeId: row.id, generation: row.generation, force: false });
    await recordEpisodeEvent(trx, { episodeId: row.id, generation: row.generation, event: 'episode.moved', from: { showId: episode.show_id, slug: episode.slug } });
    await trx
      .insertInto('audit_log')
      .values({ actor: 'cli', action: 'move', episode_id: episode.id, show_id: episode.show_id, details: JSON.stringify({ from: episode.slug, to: slug, generation: row.generation }) })
      .execute();
    return { from: episode.slug, to: slug, generation: row.generation };
  });
}
