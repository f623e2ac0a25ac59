/** Everything the episode page shows, read in one go. */
import { WEBHOOKS, webhookJobId } from '@podpipe/shared/jobs';
import type { AudioInfo, Episode } from '@podpipe/shared/db/schema';
import type { Runtime } from '@podpipe/shared/runtime';
import type { FixedWord, TranscriptSource } from '@podpipe/shared/transcript';
import { episodeAudit, type AuditLine } from './audit.ts';
import { withStages, type StageCell } from './pipeline.ts';
import { transcriptLines, type TranscriptLine } from './transcript-lines.ts';

export interface DeliveryView {
  id: string;
  url: string;
  event: string;
  generation: number;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** When BullMQ will try again (a pending delivery waiting out its backoff). */
  nextAttemptAt: Date | null;
}

export interface EpisodePage {
  episode: Omit<Episode, 'silences'>;
  show: { slug: string; title: string } | null;
  stages: StageCell[];
  stuck?: string;
  runs: { id: number; stage: string; generation: number; attempt: number; status: string; fingerprint: string; outputHash: string | null; startedAt: Date; durationMs: number | null; error: string | null }[];
  audioUrl: string | null;
  loudness: Record<string, number> | null;
  /** Where the transcript's times came from: the provider's timed words, alignment to the audio, or a nominal rate. */
  timing: string | null;
  /** Who timed (or recognized) the words: the transcribe stage's provider, model and kind. */
  source: TranscriptSource | null;
  /** Transcript lines, each marked when it falls in a sponsor read. */
  lines: (TranscriptLine & { sponsor: boolean })[];
  chapters: { idx: number; start: number; end: number; title: string; kind: string; sponsor: string | null; summary: string | null }[];
  summary: { summary: string; keywords: { phrase: string; score: number }[]; entities: { name: string; type: string; count: number }[] } | null;
  quotes: { text: string; start: number; end: number; speaker: string | null }[];
  artifacts: { kind: string; key: string; url: string; sha256: string; bytes: number }[];
  deliveries: DeliveryView[];
  audit: AuditLine[];
}

/** When the delayed webhook job will run next (BullMQ scores delayed jobs by time × 4096 + a counter). */
async function nextAttempt(rt: Runtime, deliveryId: string): Promise<Date | null> {
  const queue = rt.queues[WEBHOOKS.name];
  const score = await rt.redis.zscore(queue.toKey('delayed'), webhookJobId({ deliveryId }));
  return score === null ? null : new Date(Math.floor(Number(score) / 0x1000));
}

export async function episodePage(rt: Runtime, id: string): Promise<EpisodePage | undefined> {
  const row = await rt.db.selectFrom('episodes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const { silences: _omit, ...episode } = row;
  const [show, [withStage], runs, corrected, timed, chapters, summary, quotes, artifacts, deliveries, audit] = await Promise.all([
    episode.show_id ? rt.db.selectFrom('shows').select(['slug', 'title']).where('id', '=', episode.show_id).executeTakeFirst() : undefined,
    withStages(rt, [episode]),
    rt.db.selectFrom('stage_runs').selectAll().where('episode_id', '=', id).orderBy('id').execute(),
    rt.db.selectFrom('transcripts').select(['words', 'timing']).where('episode_id', '=', id).where('version', '=', 'corrected').executeTakeFirst(),
    rt.db.selectFrom('transcripts').select('source').where('episode_id', '=', id).where('version', '=', 'timed').executeTakeFirst(),
    rt.db.selectFrom('chapters').selectAll().where('episode_id', '=', id).orderBy('idx').execute(),
    rt.db.selectFrom('summaries').selectAll().where('episode_id', '=', id).executeTakeFirst(),
    rt.db.selectFrom('quotes').selectAll().where('episode_id', '=', id).orderBy('idx').execute(),
    rt.db.selectFrom('artifacts').selectAll().where('episode_id', '=', id).orderBy('kind').execute(),
    rt.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'w.url', 'd.event', 'd.generation', 'd.status', 'd.attempts', 'd.response_status', 'd.last_error', 'd.created_at', 'd.finished_at'])
      .where('d.episode_id', '=', id)
      .orderBy('d.created_at', 'desc')
      .execute(),
    episodeAudit(rt.db, id),
  ]);
  const info = episode.audio_info as AudioInfo | null;
  const audioArtifact = artifacts.find((a) => a.kind.startsWith('audio'));
  const audioKey = info?.published?.key ?? audioArtifact?.key;
  return {
    episode,
    show: show ?? null,
    stages: withStage!.stages,
    ...(withStage!.stuck ? { stuck: withStage!.stuck } : {}),
    runs: runs.map((r) => ({
      id: r.id,
      stage: r.stage,
      generation: r.generation,
      attempt: r.attempt,
      status: r.status,
      fingerprint: r.fingerprint,
      outputHash: r.output_hash,
      startedAt: r.started_at,
      durationMs: r.duration_ms,
      error: r.error,
    })),
    audioUrl: audioKey ? `/files/${audioKey}` : null,
    loudness: info?.loudness ?? null,
    timing: corrected?.timing ?? null,
    source: (timed?.source as TranscriptSource | null | undefined) ?? null,
    lines: (corrected ? transcriptLines(corrected.words as FixedWord[]) : []).map((l) => ({
      ...l,
      sponsor: chapters.some((c) => c.kind === 'ad' && l.start >= c.start_sec && l.start < c.end_sec),
    })),
    chapters: chapters.map((c) => ({ idx: c.idx, start: c.start_sec, end: c.end_sec, title: c.title, kind: c.kind, sponsor: c.sponsor, summary: c.summary })),
    summary: summary ? { summary: summary.summary, keywords: summary.keywords, entities: summary.entities } : null,
    quotes: quotes.map((q) => ({ text: q.text, start: q.start_sec, end: q.end_sec, speaker: q.speaker })),
    artifacts: artifacts.map((a) => ({ kind: a.kind, key: a.key, url: `/files/${a.key}`, sha256: a.sha256, bytes: a.bytes })),
    deliveries: await Promise.all(
      deliveries.map(async (d) => ({
        id: d.id,
        url: d.url,
        event: d.event,
        generation: d.generation,
        status: d.status,
        attempts: d.attempts,
        responseStatus: d.response_status,
        lastError: d.last_error,
        createdAt: d.created_at,
        finishedAt: d.finished_at,
        nextAttemptAt: d.status === 'pending' ? await nextAttempt(rt, d.id) : null,
      })),
    ),
    audit,
  };
}
