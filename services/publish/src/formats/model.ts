import { z } from 'zod';
import { ChapterKind, TranscriptSource } from '@podpipe/shared/transcript';

/** A chapter as the segment stage hands it over (seconds). */
export const Chapter = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  title: z.string().min(1),
  kind: ChapterKind,
  summary: z.string().min(1).optional(),
});
export type Chapter = z.infer<typeof Chapter>;

/** A quotable passage (seconds). */
export const Quote = z.object({
  text: z.string().min(1),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  speaker: z.string().min(1).optional(),
});
export type Quote = z.infer<typeof Quote>;

/** A named thing the episode mentions: a person, company, product, place or term. */
export const Entity = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  count: z.number().int().nonnegative().optional(),
});
export type Entity = z.infer<typeof Entity>;

/** A sponsor read (seconds). */
export const Ad = z.object({
  sponsor: z.string().min(1),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
});
export type Ad = z.infer<typeof Ad>;

/** Everything the writers need to know about an episode besides its words. */
export const EpisodeFacts = z.object({
  title: z.string().min(1),
  show: z.string().min(1),
  durationSec: z.number().nonnegative(),
  summary: z.string().default(''),
  keywords: z.array(z.string().min(1)).default([]),
  entities: z.array(Entity).default([]),
  quotes: z.array(Quote).default([]),
  hosts: z.array(z.string().min(1)).default([]),
  guests: z.array(z.string().min(1)).default([]),
  sponsors: z.array(z.string().min(1)).default([]),
  /** Sponsor reads; derived from the ad chapters when absent. */
  ads: z.array(Ad).optional(),
  /** "audio" when word times come from the audio, "estimated" when spread over the text. */
  timing: z.enum(['audio', 'estimated']).default('audio'),
  /** Where the transcript's words and times came from (recognizer, model, mean confidence: a rough transcript says so). */
  transcriptSource: TranscriptSource.optional(),
});
export type EpisodeFacts = z.infer<typeof EpisodeFacts>;
export type EpisodeFactsInput = z.input<typeof EpisodeFacts>;

/** Times in published files are rounded to the millisecond. */
export function roundTime(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
