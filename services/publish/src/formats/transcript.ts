import { z } from 'zod';
import type { Cue } from './cues.ts';
import { roundTime } from './model.ts';

/** Podcasting 2.0 JSON transcript (podcast namespace, transcripts.md). */
export const TranscriptJson = z.object({
  version: z.literal('1.0.0'),
  segments: z.array(
    z.object({
      speaker: z.string().min(1).optional(),
      startTime: z.number().nonnegative(),
      endTime: z.number().nonnegative(),
      body: z.string().min(1),
    }),
  ),
});
export type TranscriptJson = z.infer<typeof TranscriptJson>;

/** The JSON transcript as data: one segment per caption cue, speaker when known. */
export function transcriptDocument(cues: Cue[]): TranscriptJson {
  return {
    version: '1.0.0',
    segments: cues.map((cue) => ({
      ...(cue.speaker ? { speaker: cue.speaker } : {}),
      startTime: roundTime(cue.start),
      endTime: roundTime(cue.end),
      body: cue.words.map((word) => word.text).join(' '),
    })),
  };
}

/** `transcript.json`: the Podcasting 2.0 JSON transcript, pretty-printed. */
export function transcriptJson(cues: Cue[]): string {
  return `${JSON.stringify(transcriptDocument(cues), null, 2)}\n`;
}
