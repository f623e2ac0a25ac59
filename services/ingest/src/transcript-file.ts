import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIMITS, type InputLimits } from '@podpipe/shared/config';
import { BadInputError } from '@podpipe/shared/errors';
import { parseCues } from './cues.ts';
import type { Word } from '@podpipe/shared/transcript';
import { fromAssemblyAiJson, fromDeepgramJson, fromWhisperJson } from './transcript-formats.ts';

/** A transcript as a provider delivered it: words, and whether they carry real times. */
export interface RawTranscript {
  words: Word[];
  timing: 'provider' | 'none';
}

const ProviderWord = z.object({
  word: z.string().optional(),
  text: z.string().optional(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  speaker: z.union([z.string(), z.number()]).optional(),
  confidence: z.number().min(0).max(1).optional(),
});
const WordsJson = z.union([z.array(ProviderWord), z.object({ words: z.array(ProviderWord) }).transform((o) => o.words)]);
const Podcasting20Json = z.object({
  segments: z.array(z.object({ startTime: z.number().nonnegative(), endTime: z.number().nonnegative(), body: z.string(), speaker: z.string().optional() })),
});

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Spreads a timed span's words over it in proportion to their length (captions only time whole cues). */
function spreadOver(text: string, start: number, end: number, speaker?: string): Word[] {
  const parts = splitWords(text);
  const total = parts.reduce((n, p) => n + p.length + 1, 0);
  let t = start;
  return parts.map((p) => {
    const d = ((end - start) * (p.length + 1)) / total;
    const w: Word = { text: p, start: t, end: t + d, ...(speaker ? { speaker } : {}) };
    t += d;
    return w;
  });
}

function fromJson(data: unknown): RawTranscript {
  const recognized = fromDeepgramJson(data) ?? fromAssemblyAiJson(data) ?? fromWhisperJson(data);
  if (recognized) return { timing: 'provider', words: recognized };
  const words = WordsJson.safeParse(data);
  if (words.success) {
    return {
      timing: 'provider',
      words: words.data.flatMap((w) => {
        const text = (w.word ?? w.text ?? '').trim();
        if (!text) return [];
        return splitWords(text).length > 1
          ? spreadOver(text, w.start, Math.max(w.start, w.end))
          : [{ text, start: w.start, end: Math.max(w.start, w.end), ...(w.speaker !== undefined ? { speaker: String(w.speaker) } : {}), ...(w.confidence !== undefined ? { confidence: w.confidence } : {}) }];
      }),
    };
  }
  const p20 = Podcasting20Json.safeParse(data);
  if (p20.success) {
    return { timing: 'provider', words: p20.data.segments.flatMap((s) => spreadOver(s.body, s.startTime, Math.max(s.startTime, s.endTime), s.speaker)) };
  }
  throw new BadInputError(
    'transcript JSON is none of: a word list ([{word,start,end}] or {words:[...]}), a Podcasting 2.0 transcript ({segments:[{startTime,endTime,body}]}), whisper/faster-whisper/WhisperX ({segments:[{start,end,text,words}]}), Deepgram ({results:{channels}}) or AssemblyAI ({words, audio_duration})',
  );
}

/** "Name: what they said" — a speaker label of at most four words (letters, digits, spaces, . ' -) before a colon. */
const SPEAKER_LINE = /^\s*([\p{L}][\p{L}\p{N}.'’ -]{0,39}?)\s*:\s+(\S.*)$/u;

/**
 * Plain text, untimed. When most lines open with a speaker label ("Lex Fridman: …", "SPEAKER 1: …"), the
 * labels become the words' speakers: turns the punctuation keeps as sentence ends and the captions as voices.
 */
function fromPlainText(text: string): RawTranscript {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (mostlyLabelled(lines)) {
    let speaker: string | undefined;
    const words = lines.flatMap((line) => {
      const label = speakerLabel(line);
      if (label) speaker = label.speaker;
      return splitWords(label ? label.text : line).map((w) => ({ text: w, start: 0, end: 0, ...(speaker ? { speaker } : {}) }));
    });
    return { timing: 'none', words };
  }
  return { timing: 'none', words: splitWords(text).map((w) => ({ text: w, start: 0, end: 0 })) };
}

/** Splits "Name: text" when the label is a plausible speaker (at most four words); undefined otherwise. */
function speakerLabel(line: string): { speaker: string; text: string } | undefined {
  const m = SPEAKER_LINE.exec(line);
  return m && m[1]!.trim().split(/\s+/).length <= 4 ? { speaker: m[1]!.trim(), text: m[2]! } : undefined;
}

/** True when most of the lines carry a speaker label: then the labels are speakers, not text that has a colon. */
function mostlyLabelled(lines: string[]): boolean {
  const labelled = lines.filter((l) => speakerLabel(l)).length;
  return labelled >= 2 && labelled >= 0.6 * lines.length;
}

function fromSubtitles(text: string, limits: TranscriptLimits, warnings: string[]): RawTranscript {
  const { cues, dropped } = parseCues(text, limits.cues);
  if (dropped) warnings.push(`ingest: ${dropped} subtitle cue${dropped === 1 ? '' : 's'} with a broken timing line dropped (not read as speech)`);
  if (!cues.length) throw new BadInputError('subtitle file has no cues');
  const bodies = cues.map((c) => c.text.replace(/<(?!v\s)[^>]+>/g, ' ').trim());
  // Speakers as WebVTT voices (<v Name>), or as "Name: " at the start of most cues (common in SRT).
  const labels = mostlyLabelled(bodies) ? bodies.map(speakerLabel) : [];
  let speaker: string | undefined;
  return {
    timing: 'provider',
    words: cues.flatMap((c, i) => {
      const voice = /^<v\s+([^>]+)>/.exec(bodies[i]!)?.[1]?.trim();
      const label = labels[i];
      speaker = voice ?? label?.speaker ?? (labels.length ? speaker : undefined);
      const body = (label ? label.text : bodies[i]!).replace(/<[^>]+>/g, ' ');
      return spreadOver(body, c.start, c.end, speaker);
    }),
  };
}

/** How much one transcript may hold (see PODPIPE_MAX_*). */
export type TranscriptLimits = Pick<InputLimits, 'transcriptBytes' | 'cues' | 'words'>;

/** Throws when text holds more than `max` words, counting without building them (a 10 MB line is 1.7 M words). */
function assertWordCount(text: string, max: number, name: string): void {
  let count = 0;
  const re = /\S+/g;
  while (re.exec(text)) {
    if (++count > max) throw new BadInputError(`${name} has more than ${max} words (PODPIPE_MAX_WORDS)`);
  }
}

/**
 * Parses a sidecar transcript: plain text (untimed, speaker-labelled lines or not), JSON words, Podcasting 2.0 JSON,
 * whisper/faster-whisper/WhisperX, Deepgram or AssemblyAI JSON, SRT or WebVTT. Past a limit it fails with the limit's name; what it accepted with a caveat goes to `warnings`.
 */
export function parseTranscriptFile(fileName: string, bytes: Buffer, limits: TranscriptLimits = DEFAULT_LIMITS, warnings: string[] = []): RawTranscript {
  const name = path.basename(fileName);
  if (bytes.length > limits.transcriptBytes) {
    throw new BadInputError(`${name} is ${(bytes.length / 2 ** 20).toFixed(1)} MB, over the ${(limits.transcriptBytes / 2 ** 20).toFixed(0)} MB limit (PODPIPE_MAX_TRANSCRIPT_MB)`);
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new BadInputError(`${name} is not a text transcript (binary data)`);
  const ext = path.extname(fileName).toLowerCase();
  let parsed: RawTranscript;
  if (ext === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new BadInputError(`${path.basename(fileName)} is not valid JSON: ${(err as Error).message}`);
    }
    parsed = fromJson(data);
  } else if (ext === '.srt' || ext === '.vtt') {
    parsed = fromSubtitles(text, limits, warnings);
  } else {
    assertWordCount(text, limits.words, name);
    parsed = fromPlainText(text);
  }
  if (!parsed.words.length) throw new BadInputError(`${name} holds no words`);
  if (parsed.words.length > limits.words) throw new BadInputError(`${name} has more than ${limits.words} words (PODPIPE_MAX_WORDS)`);
  return parsed;
}
