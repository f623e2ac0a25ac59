import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ChapterKind, Edit, EpisodeMeta, FixedWord, Silence, TranscriptSource, Word } from '../transcript.ts';
import type { QueueName, StageName } from '../jobs.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type EpisodeStatus = 'queued' | 'processing' | 'done' | 'failed';
/** `abandoned`: left running by a worker that died; closed when its job ran again. */
export type StageRunStatus = 'running' | 'done' | 'skipped' | 'failed' | 'abandoned';

export interface ShowsTable {
  id: Generated<string>;
  slug: string;
  title: string;
  remove_fillers: Generated<boolean>;
  /** The show's speech recognizer, overriding PODPIPE_TRANSCRIBE_PROVIDER; null for the deployment's. */
  transcribe_provider: TranscribeProviderName | null;
  created_at: Timestamp;
}

export interface EpisodesTable {
  id: Generated<string>;
  show_id: string | null;
  guid: string | null;
  title: string | null;
  /** sha256 of the audio, or of the transcript for a transcript-only episode. */
  content_hash: string;
  status: EpisodeStatus;
  /** Stage that is running or last failed. */
  stage: StageName | null;
  error: string | null;
  generation: Generated<number>;
  meta: Json<EpisodeMeta>;
  /** Keys in the ingest bucket. */
  audio_key: string | null;
  transcript_key: string | null;
  duration_sec: number | null;
  audio_info: Json<AudioInfo> | null;
  /**
   * The archived audio as registration read it back (ArchivedDigest): ingest takes its hash from here while the object
   * at audio_key is still that version. Null when none was taken (episodes before it, an object that changed while read).
   */
  audio_digest: Json<ArchivedDigest> | null;
  silences: Json<Silence[]> | null;
  /** What was accepted with a caveat (audio shorter than its header, a title cut, cue lines dropped). */
  warnings: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A digest of an object in the ingest bucket (FileDigest) taken of one version of it, with its key. */
export interface ArchivedDigest {
  key: string;
  sha256: string;
  bytes: number;
  version: string;
}

/** An audio file in the publish bucket. */
export interface PublishedAudio {
  key: string;
  bytes: number;
  sha256: string;
  mimeType: string;
  /** How it was made from the dropped audio. */
  mode: 'original' | 'normalized';
}

export interface AudioInfo {
  format: string;
  codec: string;
  sampleRate: number;
  channels: number;
  bitRate: number | null;
  /** EBU R128 measurement (integrated loudness, range, true peak), as the audio toolkit reports it. */
  loudness: Record<string, number> | null;
  /** The audio published for listeners (the feed's enclosure), when the deployment publishes audio. */
  published?: PublishedAudio | null;
}

export interface StageRunsTable {
  id: Generated<number>;
  episode_id: string;
  stage: StageName;
  generation: number;
  attempt: number;
  status: StageRunStatus;
  fingerprint: string;
  /** Content hash of what the run produced; the next stage's fingerprint includes it. */
  output_hash: string | null;
  /** Cheap hash of the run's inputs (upstream output hashes, episode fields, config), compared before loading. */
  input_key: string | null;
  /** The input key's named parts (code, upstream outputs, own inputs), each a short hash: what changed, by name. */
  input_parts: Json<Record<string, string>> | null;
  /**
   * Digest, made by Postgres, of the stored values the input key was made from (episode row, input reads, upstream
   * outputs) with the stage's code and config: equal ⇒ equal input key, so a skip is decided inside one statement.
   */
  input_raw: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  error: string | null;
}

/** The speech recognizers a show may choose. */
export type TranscribeProviderName = 'openai' | 'pocketsphinx';

/** raw: as dropped (ingest); timed: words with times (transcribe); corrected: fixed text (transcribe-fix). */
export type TranscriptVersion = 'raw' | 'timed' | 'corrected';
export interface TranscriptsTable {
  episode_id: string;
  version: TranscriptVersion;
  /** Raw: Word[]; corrected: FixedWord[] (each knows the raw words it came from). */
  words: Json<Word[] | FixedWord[]>;
  text: string;
  edits: Json<Edit[]> | null;
  /** 'provider' when the transcript came timed, 'audio' when aligned to the audio, 'estimated' from a nominal rate, 'none' for untimed raw text. */
  timing: 'audio' | 'estimated' | 'provider' | 'none';
  /** Where a timed transcript's words and times came from; null for the other versions. */
  source: Json<TranscriptSource> | null;
  content_hash: string;
  created_at: Timestamp;
}

export interface GlossaryTable {
  show_id: string;
  term: string;
  /** A misheard form seen in raw transcripts ('' for a term entered by hand without one). */
  heard: string;
  kind: string;
  /** Occurrences in the show's episodes' sightings, summed, plus one for an entry made by hand. */
  count: number;
  /** Entered by an operator: kept even when no episode sights it. */
  by_hand: Generated<boolean>;
  updated_at: Timestamp;
}

export interface GlossarySightingsTable {
  show_id: string;
  term: string;
  heard: string;
  kind: string;
  episode_id: string;
  occurrences: number;
  /** Made from a glossary heard form handed to the fixer (true), or found by the episode on its own (false). */
  from_glossary: Generated<boolean>;
}

export interface ChaptersTable {
  episode_id: string;
  idx: number;
  start_sec: number;
  end_sec: number;
  title: string;
  kind: ChapterKind;
  summary: string | null;
  sponsor: string | null;
}

export interface SummariesTable {
  episode_id: string;
  summary: string;
  keywords: Json<{ phrase: string; score: number }[]>;
  entities: Json<{ name: string; type: string; count: number }[]>;
}

export interface QuotesTable {
  episode_id: string;
  idx: number;
  text: string;
  start_sec: number;
  end_sec: number;
  speaker: string | null;
  score: number;
}

export interface ArtifactsTable {
  episode_id: string;
  kind: string;
  key: string;
  sha256: string;
  bytes: number;
  created_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  queue: QueueName;
  job_id: string;
  payload: Json<unknown>;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/**
 * episode.published: what listeners get changed (an artifact's content); episode.updated: only metadata changed;
 * episode.reprocessed: processed again and nothing changed (opt-in); episode.failed: processing gave up;
 * episode.moved: an operator moved it to another show (told to both shows' subscribers).
 */
export type EpisodeEvent = 'episode.published' | 'episode.updated' | 'episode.reprocessed' | 'episode.failed' | 'episode.moved';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhooksTable {
  id: Generated<string>;
  url: string;
  /** HMAC-SHA256 key for the X-Podpipe-Signature header. */
  secret: string;
  /** Only this show's episodes; null for every show. */
  show_id: string | null;
  events: EpisodeEvent[];
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event: EpisodeEvent;
  episode_id: string;
  generation: number;
  payload: Json<unknown>;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  response_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** One operator action (reprocess, retry, redeliver, glossary edit), shown on the episode page. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  /** Who asked: 'dashboard', 'api' or 'cli' (the operator token names no person). */
  actor: string;
  action: string;
  episode_id: string | null;
  show_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** The database as the code sees it; must match the migrations. */
export interface DB {
  shows: ShowsTable;
  episodes: EpisodesTable;
  stage_runs: StageRunsTable;
  transcripts: TranscriptsTable;
  glossary: GlossaryTable;
  glossary_sightings: GlossarySightingsTable;
  chapters: ChaptersTable;
  summaries: SummariesTable;
  quotes: QuotesTable;
  artifacts: ArtifactsTable;
  outbox: OutboxTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  audit_log: AuditLogTable;
}

export type Episode = Selectable<EpisodesTable>;
export type NewEpisode = Insertable<EpisodesTable>;
export type EpisodeUpdate = Updateable<EpisodesTable>;
export type StageRun = Selectable<StageRunsTable>;
