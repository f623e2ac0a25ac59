import { sha256, hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import { loadTranscript } from '@podpipe/shared/transcript-store';
import type { StageDefinition } from '@podpipe/shared/stage';
import type { PublishedAudio } from '@podpipe/shared/db/schema';
import { EpisodeMeta, type FixedWord } from '@podpipe/shared/transcript';
import { EpisodeFacts, type Chapter } from './formats/model.ts';
import { renderArtifacts } from './formats/artifacts.ts';
import { feedItem } from './formats/feed.ts';

interface PublishInput {
  words: FixedWord[];
  transcriptHash: string;
  chapters: Chapter[];
  facts: EpisodeFacts;
  /** The episode's stable id in feeds: the producer's GUID when given. */
  guid: string;
  publicBaseUrl: string;
  /** The audio ingest published for listeners, if any. */
  audio: PublishedAudio | null;
}

interface PublishOutput {
  /** Versioned folder in the publish bucket: the same inputs always publish to the same place. */
  prefix: string;
  files: Record<string, string>;
  audio: PublishedAudio | null;
}

/** Publish: renders transcript, captions, chapters, episode facts and show notes into the publish bucket. */
export const publishStage: StageDefinition<PublishInput, PublishOutput> = {
  name: 'publish',
  version: sourceTreeHash(import.meta.url),
  // The transcript, chapters, summary and quotes are upstream outputs (runStage adds their hashes).
  inputKey: (ctx, episode) => ({
    id: episode.id,
    guid: episode.guid,
    title: episode.title,
    meta: episode.meta,
    duration: episode.duration_sec,
    audio: episode.audio_info?.published ?? null,
    publicBaseUrl: ctx.config.publicBaseUrl,
  }),
  async load(ctx, episode) {
    const transcript = await loadTranscript(ctx.db, episode.id, 'corrected');
    const timed = await ctx.db.selectFrom('transcripts').select('source').where('episode_id', '=', episode.id).where('version', '=', 'timed').executeTakeFirst();
    const chapters = await ctx.db.selectFrom('chapters').selectAll().where('episode_id', '=', episode.id).orderBy('idx').execute();
    const summary = await ctx.db.selectFrom('summaries').selectAll().where('episode_id', '=', episode.id).executeTakeFirst();
    const quotes = await ctx.db.selectFrom('quotes').selectAll().where('episode_id', '=', episode.id).orderBy('idx').execute();
    const meta = EpisodeMeta.parse(episode.meta);
    const words = transcript.words;
    const duration = episode.duration_sec ?? words.at(-1)?.end ?? 0;
    const facts = EpisodeFacts.parse({
      title: meta.title ?? episode.title ?? 'Untitled episode',
      show: meta.show ?? 'Untitled show',
      durationSec: duration,
      summary: summary?.summary ?? '',
      keywords: (summary?.keywords ?? []).map((k) => k.phrase),
      entities: summary?.entities ?? [],
      quotes: quotes.map((q) => ({ text: q.text, start: q.start_sec, end: q.end_sec, ...(q.speaker ? { speaker: q.speaker } : {}) })),
      hosts: meta.hosts,
      guests: meta.guests,
      sponsors: meta.sponsors,
      ads: chapters.filter((c) => c.kind === 'ad').map((c) => ({ sponsor: c.sponsor ?? c.title, start: c.start_sec, end: c.end_sec })),
      timing: transcript.timing === 'estimated' ? 'estimated' : 'audio',
      ...(timed?.source ? { transcriptSource: timed.source } : {}),
    });
    return {
      words,
      guid: meta.guid ?? episode.guid ?? episode.id,
      audio: episode.audio_info?.published ?? null,
      publicBaseUrl: ctx.config.publicBaseUrl,
      transcriptHash: transcript.contentHash,
      facts,
      chapters: chapters.map((c) => ({ start: c.start_sec, end: c.end_sec, title: c.title, kind: c.kind, ...(c.summary ? { summary: c.summary } : {}) })),
    };
  },
  fingerprint: (input) => ({ transcript: input.transcriptHash, chapters: input.chapters, facts: input.facts, guid: input.guid, publicBaseUrl: input.publicBaseUrl, audio: input.audio }),
  async compute(input, ctx, episode) {
    const rendered: Record<string, string> = renderArtifacts({ words: input.words, chapters: input.chapters, facts: input.facts });
    const prefix = `episodes/${episode.id}/${hashJson({ rendered, audio: input.audio?.sha256 ?? null }).slice(0, 16)}`;
    // The RSS <item> a producer merges into the show's feed: it links the files above, and the audio, by their public URLs.
    const audio = input.audio ? { key: input.audio.key, bytes: input.audio.bytes, mimeType: input.audio.mimeType } : undefined;
    const files = { ...rendered, 'feed-item.xml': feedItem({ facts: input.facts, guid: input.guid, publicBaseUrl: input.publicBaseUrl, episodePath: prefix, ...(audio ? { audio } : {}) }) };
    // Files first, database rows after (in save): a crash in between leaves unreferenced files, never dangling rows.
    for (const [name, body] of Object.entries(files)) await ctx.buckets.publish.putBytes(`${prefix}/${name}`, body);
    await ctx.buckets.publish.putBytes(
      `episodes/${episode.id}/latest.json`,
      JSON.stringify({ episodeId: episode.id, prefix, files: Object.keys(files), audio: input.audio?.key ?? null, publishedAt: new Date().toISOString() }, null, 2),
    );
    ctx.log.info({ prefix, files: Object.keys(files).length }, 'artifacts written');
    return { prefix, files, audio: input.audio };
  },
  async save(trx, episode, out) {
    await trx.deleteFrom('artifacts').where('episode_id', '=', episode.id).execute();
    await trx
      .insertInto('artifacts')
      .values([
        ...Object.entries(out.files).map(([kind, body]) => ({
          episode_id: episode.id,
          kind,
          key: `${out.prefix}/${kind}`,
          sha256: sha256(body),
          bytes: Buffer.byteLength(body),
        })),
        // The audio file ingest published (shared by versions with the same sound).
        ...(out.audio ? [{ episode_id: episode.id, kind: `audio${out.audio.key.slice(out.audio.key.lastIndexOf('.'))}`, key: out.audio.key, sha256: out.audio.sha256, bytes: out.audio.bytes }] : []),
      ])
      .execute();
    return hashJson({ ...Object.fromEntries(Object.entries(out.files).map(([k, v]) => [k, sha256(v)])), audio: out.audio?.sha256 ?? null });
  },
};
