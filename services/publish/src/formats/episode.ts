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

/** `episode.json`, pretty-printed. */
export function episodeJson(facts: EpisodeFacts, chapters: Chapter[]): string {
  return `${JSON.stringify(episodeDocument(facts, chapters), null, 2)}\n`;
}
