import { sha256, hashJson, sourceTreeHash } from '@podpipe/shared/hash';
import { loadTranscript } from '@podpipe/shared/transcript-store';
import type { Bucket } from '@podpipe/shared/buckets';
import { BadInputError } from '@podpipe/shared/errors';
import type { StageDefinition } from '@podpipe/shared/stage';
import type { PublishedAudio } from '@podpipe/shared/db/schema';
import { EpisodeMeta, type FixedWord } from '@podpipe/shared/transcript';
import type { PublicationEvent } from '@podpipe/shared/webhooks';
import { EpisodeFacts, type Chapter } from './formats/model.ts';
import { episodeFactsJson, renderArtifacts } from './formats/artifacts.ts';
import { EPISODE_SCHEMA_VERSION, episodeJson, type EpisodeIdentity } from './formats/episode.ts';
import { feedItem, keyUrl } from './formats/feed.ts';
import { contentTypeOf } from './formats/files.ts';
import { PUBLISHED_SCHEMAS, schemaText, type SchemaFile } from './formats/schemas.ts';
import { soundbitesFrom } from './formats/soundbites.ts';
import { checkConformance, warmConformance } from './conformance.ts';
import { lockShowFeed, rebuildShowFeed } from './show-feed.ts';
import { newsOf, publishVersion, readManifest, versionPrefix, type PublishedFile, type PublishManifest } from './versions.ts';

// Files whose change is news for listeners (episode.published); the rest is metadata (episode.updated).
const CONTENT_FILES = ['transcript.json', 'transcript.vtt', 'transcript.srt', 'chapters.json'] as const;

interface PublishInput {
  words: FixedWord[];
  transcriptHash: string;
  chapters: Chapter[];
  facts: EpisodeFacts;
  /** The episode's stable id in feeds: the producer's GUID when given. */
  guid: string;
  show: { slug: string; title: string } | null;
  language: string;
  episodeNumber: number | undefined;
  season: number | undefined;
  pubDate: string;
  createdAt: string;
  fingerprints: Record<string, string>;
  publicBaseUrl: string;
  keepVersions: number;
  /** The audio ingest published for listeners, if any. */
  audio: PublishedAudio | null;
}

interface PublishOutput {
  manifest: PublishManifest;
  news: PublicationEvent;
  audio: PublishedAudio | null;
  /** The show feed to rebuild in save(), once this version's rows are written (see there). */
  feed?: Parameters<typeof rebuildShowFeed>[2];
}

function positiveInt(value: number | string | undefined): number | undefined {
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Publish buckets this process has written the schemas to: they are the same for every episode, so once is enough. */
const schemasWritten = new WeakSet<Bucket>();

/** Writes the published JSON files' schemas under `schema/`, once per process and bucket. */
async function publishSchemas(bucket: Bucket): Promise<void> {
  if (schemasWritten.has(bucket)) return;
  for (const name of Object.keys(PUBLISHED_SCHEMAS) as SchemaFile[]) await bucket.putBytes(`schema/${name}`, schemaText(name));
  schemasWritten.add(bucket);
}

function fileInfo(key: string, body: string): PublishedFile {
  return { key, sha256: sha256(body), bytes: Buffer.byteLength(body) };
}

/** Publish: renders transcript, captions, chapters, episode.json, show notes and the feed item, checks them, publishes them as one version, and rebuilds the show's feed. */
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
    show: episode.show_id,
    createdAt: episode.created_at,
    keepVersions: ctx.config.publishKeepVersions,
  }),
  // The conformance gate's validators, compiled while the worker waits for its first episode (on the next turn of the
  // event loop, so the worker's start does not wait for them).
  warmUp: () => new Promise<void>((resolve) => setImmediate(() => resolve(warmConformance()))),
  async load(ctx, episode) {
    const transcript = await loadTranscript(ctx.db, episode.id, 'corrected');
    const timed = await ctx.db.selectFrom('transcripts').select('source').where('episode_id', '=', episode.id).where('version', '=', 'timed').executeTakeFirst();
    const chapters = await ctx.db.selectFrom('chapters').selectAll().where('episode_id', '=', episode.id).orderBy('idx').execute();
    const summary = await ctx.db.selectFrom('summaries').selectAll().where('episode_id', '=', episode.id).executeTakeFirst();
    const quotes = await ctx.db.selectFrom('quotes').selectAll().where('episode_id', '=', episode.id).orderBy('idx').execute();
    const show = episode.show_id ? await ctx.db.selectFrom('shows').select(['slug', 'title']).where('id', '=', episode.show_id).executeTakeFirst() : undefined;
    const runs = await ctx.db
      .selectFrom('stage_runs')
      .select(['stage', 'fingerprint'])
      .where('episode_id', '=', episode.id)
      .where('generation', '=', episode.generation)
      .where('status', 'in', ['done', 'skipped'])
      .orderBy('id')
      .execute();
    const meta = EpisodeMeta.parse(episode.meta);
    const words = transcript.words;
    const duration = episode.duration_sec ?? words.at(-1)?.end ?? 0;
    const facts = EpisodeFacts.parse({
      title: meta.title ?? episode.title ?? 'Untitled episode',
      show: meta.show ?? show?.title ?? 'Untitled show',
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
      // episode.json always says where the words came from; a transcript without a timing record was supplied as is.
      transcriptSource: timed?.source ?? { kind: transcript.timing === 'estimated' ? 'estimated' : 'sidecar', provider: 'supplied', settings: {} },
    });
    const createdAt = new Date(episode.created_at).toISOString();
    return {
      words,
      guid: meta.guid ?? episode.guid ?? episode.id,
      show: show ?? null,
      language: meta.language ?? 'en',
      episodeNumber: positiveInt(meta.episode),
      season: positiveInt(meta.season),
      pubDate: meta.pubDate ? new Date(meta.pubDate).toISOString() : createdAt,
      createdAt,
      fingerprints: Object.fromEntries(runs.map((r) => [r.stage, r.fingerprint])),
      audio: episode.audio_info?.published ?? null,
      publicBaseUrl: ctx.config.publicBaseUrl,
      keepVersions: ctx.config.publishKeepVersions,
      transcriptHash: transcript.contentHash,
      facts,
      chapters: chapters.map((c) => ({ start: c.start_sec, end: c.end_sec, title: c.title, kind: c.kind, ...(c.summary ? { summary: c.summary } : {}) })),
    };
  },
  // Stage fingerprints are left out: they describe how a version was made, not what it holds.
  fingerprint: ({ words: _w, fingerprints: _f, ...input }) => input,
  async compute(input, ctx, episode) {
    const audioUrl = input.audio ? keyUrl(input.publicBaseUrl, input.audio.key) : undefined;
    const content = renderArtifacts({ words: input.words, chapters: input.chapters, facts: input.facts, ...(audioUrl ? { audioUrl } : {}) });
    const soundbites = soundbitesFrom(input.facts.quotes, input.words);
    const identityFacts = { guid: input.guid, showSlug: input.show?.slug ?? null, language: input.language, episodeNumber: input.episodeNumber, season: input.season, pubDate: input.pubDate };
    const news = {
      content: hashJson({ ...Object.fromEntries(CONTENT_FILES.map((f) => [f, sha256(content[f])])), audio: input.audio?.sha256 ?? null }),
      metadata: hashJson({
        facts: sha256(episodeFactsJson({ words: input.words, chapters: input.chapters, facts: input.facts })),
        shownotes: [sha256(content['shownotes.md']), sha256(content['shownotes.html'])],
        soundbites,
        identityFacts,
        publicBaseUrl: input.publicBaseUrl,
      }),
    };
    // The version key is the hash of what it holds: the same content always publishes to the same place.
    const version = hashJson(news).slice(0, 16);
    const previous = await readManifest(ctx.buckets.publish, episode.id);
    if (previous?.version === version && (await ctx.buckets.publish.exists(`${previous.prefix}/episode.json`))) {
      ctx.log.info({ version }, 'nothing changed since the published version; kept it');
      return { manifest: previous, news: 'episode.reprocessed', audio: input.audio };
    }

    const prefix = versionPrefix(episode.id, version);
    const item = feedItem({
      facts: input.facts,
      guid: input.guid,
      publicBaseUrl: input.publicBaseUrl,
      episodePath: prefix,
      pubDate: new Date(input.pubDate),
      language: input.language,
      contentHtml: content['shownotes.html'],
      soundbites,
      ...(input.episodeNumber ? { episodeNumber: input.episodeNumber } : {}),
      ...(input.season ? { season: input.season } : {}),
      ...(input.audio ? { audio: { key: input.audio.key, bytes: input.audio.bytes, mimeType: input.audio.mimeType } } : {}),
    });
    const files: Record<string, string> = { ...content, 'feed-item.xml': item };
    const hashes = Object.fromEntries(Object.entries(files).map(([name, body]) => [name, fileInfo(`${prefix}/${name}`, body)]));
    const audioName = input.audio ? `audio${input.audio.key.slice(input.audio.key.lastIndexOf('.'))}` : undefined;
    const shared: Record<string, PublishedFile> = input.audio && audioName ? { [audioName]: { key: input.audio.key, sha256: input.audio.sha256, bytes: input.audio.bytes } } : {};
    const identity: EpisodeIdentity = {
      schemaVersion: EPISODE_SCHEMA_VERSION,
      id: episode.id,
      guid: input.guid,
      showSlug: input.show?.slug ?? 'unsorted',
      generation: episode.generation,
      version,
      language: input.language,
      ...(input.episodeNumber ? { episodeNumber: input.episodeNumber } : {}),
      ...(input.season ? { season: input.season } : {}),
      createdAt: input.createdAt,
      updatedAt: new Date().toISOString(),
      fingerprints: input.fingerprints,
      artifacts: Object.entries({ ...hashes, ...shared }).map(([kind, f]) => ({
        kind,
        url: keyUrl(input.publicBaseUrl, f.key),
        sha256: f.sha256,
        bytes: f.bytes,
        contentType: kind === audioName && input.audio ? input.audio.mimeType : contentTypeOf(kind),
      })),
    };
    files['episode.json'] = episodeJson(identity, input.facts, input.chapters);
    hashes['episode.json'] = fileInfo(`${prefix}/episode.json`, files['episode.json']);

    // The conformance gate: nothing is published unless every file reads back as its consumers will read it.
    const problems = checkConformance(files);
    if (problems.length) throw new BadInputError(`conformance check failed, nothing published: ${problems.map((p) => `${p.file}: ${p.problem}`).join('; ')}`);

    await publishSchemas(ctx.buckets.publish);
    await ctx.report.step(`publishing version ${version}: ${Object.keys(files).length} files under ${prefix}`);
    await ctx.report.progress(0.5); // rendered and checked; the writes follow
    const manifest = await publishVersion(ctx.buckets.publish, { episodeId: episode.id, version, generation: episode.generation, files, shared, hashes, news, keep: input.keepVersions, previous });
    ctx.log.info({ prefix, files: Object.keys(files).length }, 'version published');
    const feed = input.show
      ? { show: input.show, language: input.language, publicBaseUrl: input.publicBaseUrl, current: { episodeId: episode.id, pubDate: input.pubDate, itemKey: hashes['feed-item.xml']!.key, itemSha256: hashes['feed-item.xml']!.sha256 } }
      : undefined;
    return { manifest, news: newsOf(previous, news), audio: input.audio, ...(feed ? { feed } : {}) };
  },
  newsOf: (out) => out.news,
  async save(trx, episode, out, ctx) {
    await trx.deleteFrom('artifacts').where('episode_id', '=', episode.id).execute();
    await trx
      .insertInto('artifacts')
      .values(Object.entries(out.manifest.files).map(([kind, f]) => ({ episode_id: episode.id, kind, key: f.key, sha256: f.sha256, bytes: f.bytes })))
      .execute();
    if (out.feed) {
      // One feed writer per show at a time, inside the transaction that records this version: a publish of another
      // episode of the show waits here until this one commits, then rebuilds from rows that include it, so two
      // episodes published at once never leave a feed without either.
      await lockShowFeed(trx, out.feed.show.slug);
      await rebuildShowFeed(trx, ctx.buckets.publish, out.feed);
    }
    return hashJson(out.manifest.news);
  },
};

