import path from 'node:path';
import { z } from 'zod';
import { availableParallelism } from 'node:os';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

/** A string that may be left empty (compose passes unset variables as ''): empty means unset. */
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** An S3 bucket location, `s3://bucket` or `s3://bucket/prefix`: the bucket name, then the prefix. */
export const S3_BUCKET_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;
const s3BucketUrl = z.string().regex(S3_BUCKET_URL, 'must look like s3://bucket or s3://bucket/prefix');

/** Every environment variable podpipe reads, with its default. */
export const Env = z.object({
  /** Redis for BullMQ. Unset: podpipe starts a local redis-server (process/up only). */
  REDIS_URL: optionalUrl,
  /** Postgres. Unset: podpipe starts an embedded Postgres (process/up only). */
  DATABASE_URL: optionalUrl,
  /** Root of the buckets: ingest/, work/, publish/. */
  PODPIPE_DATA_DIR: z.string().min(1).default('./data'),
  /** Where embedded Postgres/Redis keep their files. */
  PODPIPE_STATE_DIR: z.string().min(1).default('./.podpipe'),
  /** BullMQ key prefix; separate prefixes never see each other's jobs. */
  PODPIPE_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('podpipe'),
  /** Jobs one worker process runs at once, per stage. */
  PODPIPE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Worker threads for CPU-heavy stage cores (transcribe-fix, segment); 0 runs them on the event loop. Default: cores − 1, at least 1. */
  PODPIPE_CPU_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * Old-generation heap cap of each CPU thread (MB): V8 collects before passing it, so a thread's memory stays near
   * its live set instead of growing with garbage; a task that truly needs more fails alone (its job retries) and the
   * process lives on. 384 holds the largest episode the limits admit (300k words) with the fixer's and the
   * segmenter's models both loaded; 256 did not (bench/faults/limits.ts, bench/RESULTS.md).
   */
  PODPIPE_CPU_THREAD_HEAP_MB: z.coerce.number().int().min(64).default(384),
  /**
   * Young-generation cap of each CPU thread (MB). A thread's task builds one large result, so its objects outlive
   * the nursery anyway: 8 instead of V8's 48 takes ~40 MB off each thread at no measurable cost in time.
   */
  PODPIPE_CPU_THREAD_YOUNG_MB: z.coerce.number().int().min(1).default(8),
  /**
   * Publish to an S3-compatible bucket (`s3://bucket[/prefix]`) instead of <data dir>/publish. Credentials and
   * region come from the usual AWS_* variables; PODPIPE_S3_ENDPOINT and PODPIPE_S3_FORCE_PATH_STYLE address
   * other stores (MinIO, R2).
   */
  PODPIPE_PUBLISH_BUCKET: s3BucketUrl.optional(),
  /** Take drops from an S3-compatible bucket (`s3://bucket[/prefix]`) instead of the local drop directory. */
  PODPIPE_DROP_BUCKET: s3BucketUrl.optional(),
  /**
   * Keep the ingest archive (every accepted drop's files, read by the stages) in an S3-compatible bucket instead of
   * <data dir>/ingest, so worker machines share nothing but Redis, Postgres and S3.
   */
  PODPIPE_INGEST_BUCKET: s3BucketUrl.optional(),
  /** How long every file of an S3 drop must be in place before it is taken, and how often the bucket is scanned. */
  PODPIPE_DROP_SETTLE_SEC: z.coerce.number().min(0).default(30),
  PODPIPE_DROP_SCAN_SEC: z.coerce.number().positive().default(10),
  PODPIPE_S3_ENDPOINT: optionalUrl,
  PODPIPE_S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /**
   * The episode audio to publish (the feed item's enclosure): `original` as dropped, `normalized` re-encoded to
   * the podcast loudness norm (-16 LUFS, -1.5 dBTP; one more ffmpeg pass), or `none`.
   */
  PODPIPE_PUBLISH_AUDIO: z.enum(['original', 'normalized', 'none']).default('original'),
  /**
   * Base URL under which the publish bucket is served (feed and transcript links), e.g. a CDN. Unset: the operator
   * service's own /files on PORT, or in S3 mode the publish bucket's own URL.
   */
  PODPIPE_PUBLIC_BASE_URL: z.url().optional(),
  /** Published versions kept per episode besides the latest one (older version folders are deleted on publish). */
  PODPIPE_PUBLISH_KEEP_VERSIONS: z.coerce.number().int().min(0).default(2),
  /** When set, the operator service's dashboard, API, Bull Board and metrics require it (Bearer, or Basic password). */
  PODPIPE_OPERATOR_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  /**
   * Address the operator service binds. Default loopback only; any other address (0.0.0.0 in a container) needs
   * PODPIPE_OPERATOR_TOKEN, or the service refuses to start.
   */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Key (any string of 32+ characters) under which webhook secrets are stored encrypted (AES-256-GCM). */
  PODPIPE_SECRET_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
  /** Let webhooks reach loopback, private, link-local and other non-public addresses (a subscriber on the same network). */
  PODPIPE_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Port of the operator service (dashboard, API). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Optional OpenAI-compatible chat API for the LLM passes (off when unset). */
  PODPIPE_LLM_URL: optionalUrl,
  PODPIPE_LLM_MODEL: z.string().min(1).default('llama3.1'),
  PODPIPE_LLM_API_KEY: z.string().min(1).optional(),
  /**
   * Speech recognizer for episodes dropped without a transcript: `openai` (an OpenAI-compatible
   * /v1/audio/transcriptions API at PODPIPE_TRANSCRIBE_URL), `pocketsphinx` (offline, Debian packages pocketsphinx +
   * pocketsphinx-en-us), or `auto`: openai when PODPIPE_TRANSCRIBE_URL is set, else pocketsphinx. A show may override it.
   */
  PODPIPE_TRANSCRIBE_PROVIDER: z.enum(['auto', 'openai', 'pocketsphinx']).default('auto'),
  /** Base URL of the OpenAI-compatible API (OpenAI, Groq, speaches, whisper.cpp server, LocalAI), without /v1. */
  PODPIPE_TRANSCRIBE_URL: optionalUrl,
  PODPIPE_TRANSCRIBE_MODEL: z.string().min(1).default('whisper-1'),
  /** Bearer key of the transcription API; never stored, logged or shown. */
  PODPIPE_TRANSCRIBE_API_KEY: optionalText,
  /** Spoken language (ISO 639-1) passed to the recognizer; unset lets it detect. */
  PODPIPE_TRANSCRIBE_LANGUAGE: optionalText.pipe(z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en').optional()),
  /** Transcribe jobs one worker process runs at once (speech recognition scales apart from the other stages). */
  PODPIPE_TRANSCRIBE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** Upload requests one transcribe job has in flight at once. */
  PODPIPE_TRANSCRIBE_REQUESTS: z.coerce.number().int().min(1).max(32).default(4),
  /** Longest audio piece sent in one request (seconds); pieces are cut in silences and stay under the upload limit. */
  PODPIPE_TRANSCRIBE_PIECE_SEC: z.coerce.number().min(30).max(3600).default(600),
  PODPIPE_ALIGN_SKIP_SEC: z.coerce.number().min(0).max(120).default(0),
  /** Give up on one request after this long (seconds) and retry it. */
  PODPIPE_TRANSCRIBE_TIMEOUT_SEC: z.coerce.number().positive().default(300),
  /** Chapter length bounds for segmentation (seconds). */
  /** A learned glossary correction applies to a show's other episodes once they have heard it this many times. */
  PODPIPE_GLOSSARY_MIN_COUNT: z.coerce.number().int().min(1).default(2),
  PODPIPE_MIN_CHAPTER_SEC: z.coerce.number().positive().default(90),
  PODPIPE_MAX_CHAPTER_SEC: z.coerce.number().positive().default(1200),
  /**
   * Retries for database/Redis/network errors, apart from a stage's own: the delay doubles from 2 s up to this
   * many seconds, and a job keeps trying for PODPIPE_RETRY_BUDGET_SEC before it fails the episode.
   */
  PODPIPE_RETRY_MAX_DELAY_SEC: z.coerce.number().positive().default(120),
  PODPIPE_RETRY_BUDGET_SEC: z.coerce.number().positive().default(1800),
  /** How often the reconciler looks for episodes and webhook deliveries whose jobs vanished (e.g. after losing Redis). */
  PODPIPE_RECONCILE_SEC: z.coerce.number().positive().default(60),
  /**
   * Audio that decodes more than 3 s shorter than its header says: `warn` takes it at the decoded length with a
   * warning on the episode, `reject` fails it as truncated.
   */
  PODPIPE_TRUNCATED_AUDIO: z.enum(['warn', 'reject']).default('warn'),
  /** Input limits: beyond them an episode fails with the limit's name (sizes in MB, duration in hours). */
  PODPIPE_MAX_AUDIO_MB: z.coerce.number().positive().default(2048),
  /** Longest episode: its audio, or its timed transcript's last cue or word. Default 12. */
  PODPIPE_MAX_DURATION_HOURS: z.coerce.number().positive().optional(),
  /** The earlier name of PODPIPE_MAX_DURATION_HOURS (audio only then), still read when the new one is unset. */
  PODPIPE_MAX_AUDIO_HOURS: z.coerce.number().positive().optional(),
  PODPIPE_MAX_TRANSCRIPT_MB: z.coerce.number().positive().default(20),
  PODPIPE_MAX_CUES: z.coerce.number().int().positive().default(100_000),
  PODPIPE_MAX_WORDS: z.coerce.number().int().positive().default(300_000),
  /** Metadata fields longer than this are cut, with a warning on the episode. */
  PODPIPE_MAX_TITLE_CHARS: z.coerce.number().int().min(20).default(500),
  /** Ports used by the embedded services. */
  PODPIPE_EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  PODPIPE_EMBEDDED_REDIS_PORT: z.coerce.number().int().default(63799),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Env = z.infer<typeof Env>;

export interface Config {
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  stateDir: string;
  queuePrefix: string;
  concurrency: number;
  /** Worker threads for CPU-heavy stage cores (see cpu-pool.ts); 0 = inline on the event loop. */
  cpuThreads: number;
  /** Old-generation heap cap per CPU thread (MB). */
  cpuThreadHeapMb: number;
  cpuThreadYoungMb: number;
  publicBaseUrl: string;
  /** Older published versions kept per episode besides the latest. */
  publishKeepVersions: number;
  publishAudio: Env['PODPIPE_PUBLISH_AUDIO'];
  /** Set when publishing to S3 rather than a local directory. */
  publishS3: { url: string; endpoint?: string; forcePathStyle: boolean } | undefined;
  /** Set when the ingest archive is an S3 bucket rather than <data dir>/ingest. */
  ingestS3: { url: string; endpoint?: string; forcePathStyle: boolean } | undefined;
  /** Set when drops arrive in an S3 bucket rather than the local drop directory. */
  dropS3: { url: string; endpoint?: string; forcePathStyle: boolean; settleMs: number; everyMs: number } | undefined;
  port: number;
  host: string;
  operatorToken: string | undefined;
  secretKey: string | undefined;
  webhookAllowPrivate: boolean;
  llm: { baseUrl: string; model: string; apiKey?: string } | undefined;
  transcribe: TranscribeConfig;
  embedded: { pgPort: number; redisPort: number };
  chapters: { minChapterSec: number; maxChapterSec: number };
  /** Learned glossary corrections apply once seen this often in the show's other episodes; hand-made ones always. */
  glossaryMinCount: number;
  /** Infrastructure-error retries (see infra-retry.ts). */
  infraRetry: { baseDelayMs: number; maxDelayMs: number; budgetMs: number };
  truncatedAudio: Env['PODPIPE_TRUNCATED_AUDIO'];
  limits: InputLimits;
  /** Reconciler period; a row must be this old twice over before its missing job is re-queued. */
  reconcileMs: number;
  logLevel: Env['LOG_LEVEL'];
}

/** Bounds on what one episode may bring (see PODPIPE_MAX_*). */
export interface InputLimits {
  audioBytes: number;
  /** Longest episode, audio or timed transcript (seconds). */
  durationSec: number;
  transcriptBytes: number;
  cues: number;
  words: number;
  titleChars: number;
}

/** The default limits, for callers without a Config (tests, tools). */
export const DEFAULT_LIMITS: InputLimits = {
  audioBytes: 2048 * 2 ** 20,
  durationSec: 12 * 3600,
  transcriptBytes: 20 * 2 ** 20,
  cues: 100_000,
  words: 300_000,
  titleChars: 500,
};

/** The speech recognizer settings of the deployment (a show may choose another provider). */
export interface TranscribeConfig {
  provider: 'openai' | 'pocketsphinx';
  openai: { baseUrl: string; model: string; apiKey?: string } | undefined;
  language: string | undefined;
  concurrency: number;
  requests: number;
  pieceSec: number;
  /** Forced alignment: seconds of audio the decoder skips after each piece it reads, left to DTW (0: decode it all). */
  alignSkipSec: number;
  timeoutMs: number;
}

export class ConfigError extends Error {}

/** Where published files are reached: the configured base, else the publish bucket's own URL in S3 mode, else this service's /files on PORT. */
export function defaultPublicBaseUrl(e: Pick<Env, 'PODPIPE_PUBLIC_BASE_URL' | 'PODPIPE_PUBLISH_BUCKET' | 'PODPIPE_S3_ENDPOINT' | 'PODPIPE_S3_FORCE_PATH_STYLE' | 'PORT'>): string {
  if (e.PODPIPE_PUBLIC_BASE_URL) return e.PODPIPE_PUBLIC_BASE_URL;
  const s3 = e.PODPIPE_PUBLISH_BUCKET?.match(S3_BUCKET_URL);
  if (s3) {
    const [bucket, prefix] = [s3[1]!, (s3[2] ?? '').replace(/^\/+|\/+$/g, '')];
    const endpoint = new URL(e.PODPIPE_S3_ENDPOINT ?? 'https://s3.amazonaws.com');
    const origin = e.PODPIPE_S3_FORCE_PATH_STYLE ? `${endpoint.origin}/${bucket}` : `${endpoint.protocol}//${bucket}.${endpoint.host}`;
    return prefix ? `${origin}/${prefix}` : origin;
  }
  return `http://localhost:${e.PORT}/files`;
}

/** Parses the environment once, listing every problem at once instead of failing on the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.PODPIPE_MIN_CHAPTER_SEC >= e.PODPIPE_MAX_CHAPTER_SEC) {
    throw new ConfigError('invalid configuration: PODPIPE_MIN_CHAPTER_SEC must be below PODPIPE_MAX_CHAPTER_SEC');
  }
  if (e.PODPIPE_TRANSCRIBE_PROVIDER === 'openai' && !e.PODPIPE_TRANSCRIBE_URL) {
    throw new ConfigError('invalid configuration: PODPIPE_TRANSCRIBE_PROVIDER=openai needs PODPIPE_TRANSCRIBE_URL');
  }
  return {
    redisUrl: e.REDIS_URL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.PODPIPE_DATA_DIR),
    stateDir: path.resolve(e.PODPIPE_STATE_DIR),
    queuePrefix: e.PODPIPE_QUEUE_PREFIX,
    concurrency: e.PODPIPE_CONCURRENCY,
    cpuThreads: e.PODPIPE_CPU_THREADS ?? Math.max(1, availableParallelism() - 1),
    cpuThreadHeapMb: e.PODPIPE_CPU_THREAD_HEAP_MB,
    cpuThreadYoungMb: e.PODPIPE_CPU_THREAD_YOUNG_MB,
    publicBaseUrl: defaultPublicBaseUrl(e).replace(/\/$/, ''),
    publishKeepVersions: e.PODPIPE_PUBLISH_KEEP_VERSIONS,
    publishAudio: e.PODPIPE_PUBLISH_AUDIO,
    publishS3: e.PODPIPE_PUBLISH_BUCKET
      ? { url: e.PODPIPE_PUBLISH_BUCKET, endpoint: e.PODPIPE_S3_ENDPOINT, forcePathStyle: e.PODPIPE_S3_FORCE_PATH_STYLE }
      : undefined,
    ingestS3: e.PODPIPE_INGEST_BUCKET
      ? { url: e.PODPIPE_INGEST_BUCKET, endpoint: e.PODPIPE_S3_ENDPOINT, forcePathStyle: e.PODPIPE_S3_FORCE_PATH_STYLE }
      : undefined,
    dropS3: e.PODPIPE_DROP_BUCKET
      ? {
          url: e.PODPIPE_DROP_BUCKET,
          endpoint: e.PODPIPE_S3_ENDPOINT,
          forcePathStyle: e.PODPIPE_S3_FORCE_PATH_STYLE,
          settleMs: e.PODPIPE_DROP_SETTLE_SEC * 1000,
          everyMs: e.PODPIPE_DROP_SCAN_SEC * 1000,
        }
      : undefined,
    port: e.PORT,
    host: e.HOST,
    operatorToken: e.PODPIPE_OPERATOR_TOKEN,
    secretKey: e.PODPIPE_SECRET_KEY,
    webhookAllowPrivate: e.PODPIPE_WEBHOOK_ALLOW_PRIVATE,
    llm: e.PODPIPE_LLM_URL ? { baseUrl: e.PODPIPE_LLM_URL, model: e.PODPIPE_LLM_MODEL, apiKey: e.PODPIPE_LLM_API_KEY } : undefined,
    transcribe: {
      provider: e.PODPIPE_TRANSCRIBE_PROVIDER === 'auto' ? (e.PODPIPE_TRANSCRIBE_URL ? 'openai' : 'pocketsphinx') : e.PODPIPE_TRANSCRIBE_PROVIDER,
      openai: e.PODPIPE_TRANSCRIBE_URL
        ? { baseUrl: e.PODPIPE_TRANSCRIBE_URL.replace(/\/+$/, ''), model: e.PODPIPE_TRANSCRIBE_MODEL, ...(e.PODPIPE_TRANSCRIBE_API_KEY ? { apiKey: e.PODPIPE_TRANSCRIBE_API_KEY } : {}) }
        : undefined,
      language: e.PODPIPE_TRANSCRIBE_LANGUAGE,
      concurrency: e.PODPIPE_TRANSCRIBE_CONCURRENCY,
      requests: e.PODPIPE_TRANSCRIBE_REQUESTS,
      pieceSec: e.PODPIPE_TRANSCRIBE_PIECE_SEC,
      alignSkipSec: e.PODPIPE_ALIGN_SKIP_SEC,
      timeoutMs: e.PODPIPE_TRANSCRIBE_TIMEOUT_SEC * 1000,
    },
    embedded: { pgPort: e.PODPIPE_EMBEDDED_PG_PORT, redisPort: e.PODPIPE_EMBEDDED_REDIS_PORT },
    chapters: { minChapterSec: e.PODPIPE_MIN_CHAPTER_SEC, maxChapterSec: e.PODPIPE_MAX_CHAPTER_SEC },
    glossaryMinCount: e.PODPIPE_GLOSSARY_MIN_COUNT,
    infraRetry: {
      baseDelayMs: Math.min(2000, e.PODPIPE_RETRY_MAX_DELAY_SEC * 1000),
      maxDelayMs: e.PODPIPE_RETRY_MAX_DELAY_SEC * 1000,
      budgetMs: e.PODPIPE_RETRY_BUDGET_SEC * 1000,
    },
    reconcileMs: e.PODPIPE_RECONCILE_SEC * 1000,
    truncatedAudio: e.PODPIPE_TRUNCATED_AUDIO,
    limits: {
      audioBytes: Math.round(e.PODPIPE_MAX_AUDIO_MB * 2 ** 20),
      durationSec: (e.PODPIPE_MAX_DURATION_HOURS ?? e.PODPIPE_MAX_AUDIO_HOURS ?? 12) * 3600,
      transcriptBytes: Math.round(e.PODPIPE_MAX_TRANSCRIPT_MB * 2 ** 20),
      cues: e.PODPIPE_MAX_CUES,
      words: e.PODPIPE_MAX_WORDS,
      titleChars: e.PODPIPE_MAX_TITLE_CHARS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
