import { z } from 'zod';

/** One recognized word with its time span in the episode audio (seconds). */
export const Word = z.object({
  text: z.string().min(1),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  speaker: z.string().min(1).optional(),
  confidence: z.number().min(0).max(1).optional(),
});
export type Word = z.infer<typeof Word>;

/** A corrected word: still timed, and traceable to the raw words [from[0], from[1]) it came from. */
export const FixedWord = Word.extend({
  from: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
export type FixedWord = z.infer<typeof FixedWord>;

/** One change the transcript fixer made, for the edit log. */
export const Edit = z.object({
  rule: z.string(),
  from: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  before: z.string(),
  after: z.string(),
  confidence: z.number().min(0).max(1),
});
export type Edit = z.infer<typeof Edit>;

/**
 * Where a timed transcript came from: recognized by a speech provider, a sidecar that brought its own times, a
 * plain text aligned to the audio (or placed proportionally when no aligner ran), or estimated without audio.
 */
export const TranscriptSource = z.object({
  kind: z.enum(['provider', 'sidecar', 'aligned', 'proportional', 'estimated']),
  /** The recognizer or aligner, e.g. `pocketsphinx`, `openai-compatible`. */
  provider: z.string().min(1),
  model: z.string().min(1).optional(),
  /** Settings that shaped the result (never credentials). */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Mean word confidence (0..1) when the recognizer gives one: a low value marks a rough transcript. */
  meanConfidence: z.number().min(0).max(1).optional(),
  /** Words the aligner could not place, given interpolated times. */
  interpolated: z.number().int().nonnegative().optional(),
  /** Words the decoder could not place that DTW against synthesized speech placed (counted apart from `interpolated`). */
  dtwPlaced: z.number().int().nonnegative().optional(),
});
export type TranscriptSource = z.infer<typeof TranscriptSource>;

/** A stretch of silence in the audio (seconds), as found by ffmpeg silencedetect. */
export const Silence = z.object({ start: z.number().nonnegative(), end: z.number().nonnegative() });
export type Silence = z.infer<typeof Silence>;

/** What a producer drops beside the audio. Every field optional. */
export const EpisodeMeta = z.object({
  show: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  episode: z.union([z.number(), z.string()]).optional(),
  season: z.union([z.number(), z.string()]).optional(),
  /** BCP 47 language of the episode (default `en`). */
  language: z.string().min(2).optional(),
  /** When the episode goes out (ISO 8601); default: when it was first dropped. */
  pubDate: z.iso.datetime({ offset: true }).optional(),
  guid: z.string().min(1).optional(),
  hosts: z.array(z.string().min(1)).default([]),
  guests: z.array(z.string().min(1)).default([]),
  sponsors: z.array(z.string().min(1)).default([]),
});
export type EpisodeMeta = z.infer<typeof EpisodeMeta>;

export const ChapterKind = z.enum(['intro', 'ad', 'content', 'outro']);
export type ChapterKind = z.infer<typeof ChapterKind>;
