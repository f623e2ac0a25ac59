import { z } from 'zod';
import type { Word } from '@podpipe/shared/transcript';

/** JSON that recognizers write: whisper / faster-whisper / WhisperX, Deepgram and AssemblyAI. */

const round = (t: number) => Math.round(t * 1000) / 1000;
const speakerName = (s: string | number | undefined | null) => (s === undefined || s === null || s === '' ? undefined : String(s));

/** A word, with the speaker and confidence only when known. */
function word(text: string, start: number, end: number, speaker?: string, confidence?: number): Word[] {
  const t = text.trim();
  if (!t) return [];
  const s = round(Math.max(0, start));
  return [{ text: t, start: s, end: round(Math.max(s, end)), ...(speaker ? { speaker } : {}), ...(confidence !== undefined ? { confidence: Math.min(1, Math.max(0, confidence)) } : {}) }];
}

/** Spreads a timed span's words over it evenly (a segment with no word times). */
function spread(text: string, start: number, end: number, speaker?: string): Word[] {
  const parts = text.split(/\s+/).filter(Boolean);
  const step = Math.max(0, end - start) / Math.max(1, parts.length);
  return parts.flatMap((p, i) => word(p, start + i * step, start + (i + 1) * step, speaker));
}

const WhisperWord = z.object({
  word: z.string(),
  // WhisperX leaves out the times of words it could not align (numbers, symbols)
  start: z.number().optional(),
  end: z.number().optional(),
  probability: z.number().optional(),
  score: z.number().optional(),
  speaker: z.union([z.string(), z.number()]).optional(),
});
const WhisperJson = z.object({
  segments: z
    .array(
      z.object({
        start: z.number().nonnegative(),
        end: z.number().nonnegative(),
        text: z.string(),
        words: z.array(WhisperWord).optional(),
        speaker: z.union([z.string(), z.number()]).optional(),
      }),
    )
    .min(1),
});

/** whisper / faster-whisper / WhisperX JSON: `segments[].words[]` (word, start, end, probability or score, speaker). */
export function fromWhisperJson(data: unknown): Word[] | undefined {
  const parsed = WhisperJson.safeParse(data);
  if (!parsed.success) return undefined;
  return parsed.data.segments.flatMap((seg) => {
    const segSpeaker = speakerName(seg.speaker);
    if (!seg.words?.length) return spread(seg.text, seg.start, seg.end, segSpeaker);
    const words = seg.words;
    return words.flatMap((w, i) => {
      let start = w.start;
      let end = w.end;
      if (start === undefined || end === undefined) {
        // between the neighbours that have times, or the segment's edges
        const before = words.slice(0, i).reverse().find((p) => p.end !== undefined)?.end ?? seg.start;
        const after = words.slice(i + 1).find((n) => n.start !== undefined)?.start ?? seg.end;
        start ??= before;
        end ??= Math.max(start, after);
      }
      return word(w.word, start, end, speakerName(w.speaker) ?? segSpeaker, w.probability ?? w.score);
    });
  });
}

const DeepgramJson = z.object({
  results: z.object({
    channels: z
      .array(
        z.object({
          alternatives: z
            .array(
              z.object({
                words: z.array(
                  z.object({
                    word: z.string(),
                    punctuated_word: z.string().optional(),
                    start: z.number(),
                    end: z.number(),
                    confidence: z.number().optional(),
                    speaker: z.number().optional(),
                  }),
                ),
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  }),
});

/** Deepgram's pre-recorded answer: the first channel's best alternative; punctuated words and diarized speakers when present. */
export function fromDeepgramJson(data: unknown): Word[] | undefined {
  const parsed = DeepgramJson.safeParse(data);
  if (!parsed.success) return undefined;
  return parsed.data.results.channels[0]!.alternatives[0]!.words.flatMap((w) => word(w.punctuated_word ?? w.word, w.start, w.end, speakerName(w.speaker), w.confidence));
}

const AssemblyAiJson = z.object({
  // the transcript object's own fields tell it from a plain word list (whose times are seconds, not milliseconds)
  audio_duration: z.number().nullable().optional(),
  status: z.string().optional(),
  words: z.array(z.object({ text: z.string(), start: z.number(), end: z.number(), confidence: z.number().optional(), speaker: z.string().nullable().optional() })),
});

/** AssemblyAI's transcript: words timed in milliseconds, speakers "A", "B", … when diarized. */
export function fromAssemblyAiJson(data: unknown): Word[] | undefined {
  const parsed = AssemblyAiJson.safeParse(data);
  if (!parsed.success || (parsed.data.audio_duration === undefined && parsed.data.status === undefined)) return undefined;
  return parsed.data.words.flatMap((w) => word(w.text, w.start / 1000, w.end / 1000, speakerName(w.speaker), w.confidence));
}
