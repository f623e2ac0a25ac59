import { z } from 'zod';
import { ChapterKind, TranscriptSource } from '@podpipe/shared/transcript';
import { normalizeChapters } from './chapters.ts';
import { Ad, Entity, roundTime, type Chapter, type EpisodeFacts } from './model.ts';

/** `episode.json`: the episode's facts for the API, search and downstream consumers. */
export const EpisodeJson = z.object({
  title: z.string().min(1),
  show: z.string().min(1),
  duration: z.number().nonnegative(),
  summary: z.string(),
  keywords: z.array(z.string().min(1)),
  chapters: z.array(
    z.object({
      start: z.number().nonnegative(),
      end: z.number().nonnegative(),
      title: z.string().min(1),
      kind: ChapterKind,
      summary: z.string().min(1).optional(),
    }),
  ),
  ads: z.array(Ad),
  hosts: z.array(z.string().min(1)),
  guests: z.array(z.string().min(1)),
  entities: z.array(Entity),
  /** Soundbites: where a quote starts and how long it runs (seconds). */
  quotes: z.array(
    z.object({
      text: z.string().min(1),
      start: z.number().nonnegative(),
      duration: z.number().positive(),
      speaker: z.string().min(1).optional(),
    }),
  ),
  timing: z.enum(['audio', 'estimated']),
  /** Where the transcript came from: kind (provider, sidecar, aligned, proportional, estimated), provider, model, settings, mean confidence. */
  transcript: TranscriptSource.optional(),
});
export type EpisodeJson = z.infer<typeof EpisodeJson>;

/** Major.minor.patch of the episode.json contract; a breaking change bumps the major (and the schema's file name). */
export const EPISODE_SCHEMA_VERSION = '1.1.0';

/** One published file as episode.json lists it. */
export const EpisodeArtifact = z.object({
  kind: z.string().min(1),
  url: z.url(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  contentType: z.string().min(1),
});
export type EpisodeArtifact = z.infer<typeof EpisodeArtifact>;

/** Who the episode is and which published version this is: what a consumer needs to tell two versions apart and find the files. */
export const EpisodeIdentity = z.object({
  schemaVersion: z.string().regex(/^1\.\d+\.\d+$/),
  id: z.uuid(),
  guid: z.string().min(1),
  showSlug: z.string().min(1),
  generation: z.number().int().positive(),
  /** The version key of this publication (its folder in the publish bucket). */
  version: z.string().min(1),
  language: z.string().min(2),
  episodeNumber: z.number().int().nonnegative().optional(),
  season: z.number().int().nonnegative().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** The fingerprint of every stage run that made this version (stage name → fingerprint). */
  fingerprints: z.record(z.string(), z.string()),
  /** Every other published file of this version, and the audio. */
  artifacts: z.array(EpisodeArtifact),
});
export type EpisodeIdentity = z.infer<typeof EpisodeIdentity>;

/** `episode.json` as published: the identity above plus the episode's facts, always saying where the transcript came from. */
export const EpisodeContract = z.object({ ...EpisodeIdentity.shape, ...EpisodeJson.shape, transcript: TranscriptSource });
export type EpisodeContract = z.infer<typeof EpisodeContract>;

// "Sponsor: Acme" / "Ad - Acme" titles name the sponsor after the label.
const AD_LABEL = /^\s*(sponsor(ed)?( by)?|ad|advert(isement)?|promo)\s*[:\-–—]\s*/i;

/** Sponsor reads from the ad chapters, named after a known sponsor that the chapter title mentions, else the title minus any "Sponsor:" label. */
export function adsFromChapters(chapters: Chapter[], sponsors: string[]): Ad[] {
  return chapters
    .filter((chapter) => chapter.kind === 'ad')
    .map((chapter) => {
      const named = sponsors.find((sponsor) => chapter.title.toLowerCase().includes(sponsor.toLowerCase()));
      return { sponsor: named ?? (chapter.title.replace(AD_LABEL, '') || chapter.title), start: chapter.start, end: chapter.end };
    });
}

/** The episode document as data, validated against its schema. */
export function episodeDocument(facts: EpisodeFacts, chapters: Chapter[]): EpisodeJson {
  const normalized = normalizeChapters(chapters, facts.durationSec);
  return EpisodeJson.parse({
    title: facts.title,
    show: facts.show,
    duration: roundTime(facts.durationSec),
    summary: facts.summary,
    keywords: facts.keywords,
    chapters: normalized,
    ads: (facts.ads ?? adsFromChapters(normalized, facts.sponsors)).map((ad) => ({ ...ad, start: roundTime(ad.start), end: roundTime(ad.end) })),
    hosts: facts.hosts,
    guests: facts.guests,
    entities: facts.entities,
    quotes: facts.quotes
      .filter((quote) => quote.end > quote.start)
      .map((quote) => ({
        text: quote.text,
        start: roundTime(quote.start),
        duration: roundTime(quote.end - quote.start),
        ...(quote.speaker ? { speaker: quote.speaker } : {}),
      })),
    timing: facts.timing,
    ...(facts.transcriptSource ? { transcript: facts.transcriptSource } : {}),
  });
}

/** `episode.json`, pretty-printed: identity first, then the facts. */
export function episodeJson(identity: EpisodeIdentity, facts: EpisodeFacts, chapters: Chapter[]): string {
  return `${JSON.stringify(EpisodeContract.parse({ ...identity, ...episodeDocument(facts, chapters) }), null, 2)}\n`;
}
