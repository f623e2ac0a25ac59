import { z } from 'zod';
import { Silence } from '@podpipe/shared/transcript';

/** EBU R128 measurement (LUFS, dBTP, LU), named as loudnorm's second pass takes it (measured_I, measured_TP, ...). */
export const Loudness = z.object({
  inputI: z.number(),
  inputTP: z.number(),
  inputLRA: z.number(),
  inputThresh: z.number(),
});
export type Loudness = z.infer<typeof Loudness>;

/** Facts about an audio file as ffprobe reports them. */
export const AudioFacts = z.object({
  durationSec: z.number().positive(),
  format: z.string().min(1),
  codec: z.string().min(1),
  sampleRate: z.number().int().positive(),
  channels: z.number().int().positive(),
  bitRate: z.number().positive().nullable(),
  tags: z.record(z.string(), z.string()),
});
export type AudioFacts = z.infer<typeof AudioFacts>;

/** Seconds of audio a decoding pass really produced: the last `out_time_us` of ffmpeg's -progress report. */
export function parseDecodedDuration(stderr: string): number | undefined {
  let last: number | undefined;
  for (const m of stderr.matchAll(/^out_time_us=(\d+)$/gm)) last = Number(m[1]) / 1e6;
  return last !== undefined && last > 0 ? last : undefined;
}

const SILENCE_LINE = /silence_(start|end):\s*(-?[\d.]+(?:e[-+]?\d+)?)/g;

/** Pairs silencedetect's `silence_start`/`silence_end` lines into silences; a silence still open at EOF closes at `durationSec` when given. */
export function parseSilences(stderr: string, durationSec?: number): Silence[] {
  const silences: Silence[] = [];
  let open: number | null = null;
  for (const [, kind, value] of stderr.matchAll(SILENCE_LINE)) {
    const at = Math.max(0, Number(value));
    if (kind === 'start') open = at;
    else if (open !== null) {
      if (at > open) silences.push({ start: open, end: at });
      open = null;
    }
  }
  if (open !== null && durationSec !== undefined && durationSec > open) {
    silences.push({ start: open, end: durationSec });
  }
  return silences;
}

/** Stand-in for "-inf" dB (digital silence): loudnorm's lowest accepted measurement, and finite so it survives JSON. */
export const SILENCE_FLOOR_DB = -99;

function dbValue(summary: string, label: RegExp): number {
  const match = summary.match(label);
  if (!match?.[1]) throw new Error(`ebur128 summary lacks ${label.source}; is this ffmpeg's ebur128 filter output?`);
  return match[1] === '-inf' ? SILENCE_FLOOR_DB : Number(match[1]);
}

/** Reads the Summary block the ebur128 filter prints at end of stream (the last one, if several). */
export function parseEbur128(stderr: string): Loudness {
  const at = stderr.lastIndexOf('Summary:');
  if (at < 0) throw new Error('No ebur128 summary in ffmpeg output; did the decode stop early?');
  const summary = stderr.slice(at);
  // The integrated block comes first, so the first "Threshold" is the integrated gate (what loudnorm calls input_thresh).
  return Loudness.parse({
    inputI: dbValue(summary, /\bI:\s*(-inf|-?[\d.]+)\s*LUFS/),
    inputThresh: dbValue(summary, /Threshold:\s*(-inf|-?[\d.]+)\s*LUFS/),
    inputLRA: dbValue(summary, /LRA:\s*(-inf|-?[\d.]+)\s*LU\b/),
    inputTP: dbValue(summary, /Peak:\s*(-inf|-?[\d.]+)\s*dBFS/),
  });
}

const ProbeStream = z.looseObject({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  sample_rate: z.coerce.number().optional(),
  channels: z.coerce.number().optional(),
  bit_rate: z.unknown().optional(),
  duration: z.unknown().optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
});

const ProbeData = z.looseObject({
  streams: z.array(ProbeStream).default([]),
  format: z
    .looseObject({
      format_name: z.string().optional(),
      duration: z.unknown().optional(),
      bit_rate: z.unknown().optional(),
      tags: z.record(z.string(), z.unknown()).optional(),
    })
    .default({}),
});

function positiveNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

function stringTags(...sources: (Record<string, unknown> | undefined)[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) {
      if (value !== undefined && value !== null) tags[key.toLowerCase()] = String(value);
    }
  }
  return tags;
}

/** Turns ffprobe's `{streams, format}` into audio facts from the first audio stream; throws when there is none or no duration. */
export function parseProbe(data: unknown, path: string): AudioFacts {
  const probe = ProbeData.parse(data);
  const audio = probe.streams.find((stream) => stream.codec_type === 'audio');
  if (!audio) throw new Error(`No audio stream in ${path}; expected an audio file (mp3, m4a, wav, ...)`);
  const durationSec = positiveNumber(probe.format.duration) ?? positiveNumber(audio.duration);
  if (durationSec === null) throw new Error(`Cannot read the duration of ${path}; the file may be truncated or a live stream`);
  return AudioFacts.parse({
    durationSec,
    format: probe.format.format_name ?? 'unknown',
    codec: audio.codec_name ?? 'unknown',
    sampleRate: audio.sample_rate,
    channels: audio.channels,
    bitRate: positiveNumber(audio.bit_rate) ?? positiveNumber(probe.format.bit_rate),
    tags: stringTags(audio.tags, probe.format.tags),
  });
}
