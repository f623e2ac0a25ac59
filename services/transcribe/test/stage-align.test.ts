import { describe, expect, it, vi } from 'vitest';
import type { Word } from '@podpipe/shared/transcript';

// The aligner as it reports a machine without pocketsphinx: the stage must fall back to proportional placement.
vi.mock('../src/align/aligner.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/align/aligner.ts')>();
  return {
    ...real,
    alignTranscript: async () => {
      throw new real.AlignerUnavailableError('pocketsphinx_batch not found');
    },
  };
});

const { transcribeStage } = await import('../src/stage.ts');

const words: Word[] = ['so', 'what', 'got', 'you', 'started'].map((text, i) => ({ text, start: 0, end: 0, speaker: i < 2 ? 'Ana' : 'Ben' }));
const steps: string[] = [];
const ctx = {
  buckets: { ingest: { withLocalFile: (_key: string, fn: (path: string) => Promise<unknown>) => fn('/nowhere/audio.mp3') } },
  report: { progress: async () => {}, step: async (m: string) => void steps.push(m) },
  log: { info: () => {} },
} as never;

describe('transcribe stage, aligning a plain text', () => {
  it('places the words proportionally when no aligner can run, keeps speakers, and records that', async () => {
    const input = {
      raw: { words, timing: 'none' as const, contentHash: 'r' },
      audio: { key: 'a', contentHash: 'h', durationSec: 10, silences: [{ start: 4, end: 5 }] },
      showProvider: null,
      recognizer: null,
      prompt: '',
      names: { hosts: [], guests: [], sponsors: [] },
      alignSkipSec: 0,
    };
    const out = await transcribeStage.compute(input, ctx, {} as never);
    expect(out.source).toMatchObject({ kind: 'proportional', provider: 'proportional', interpolated: 5 });
    expect(out.timing).toBe('audio');
    expect(out.words.map((w) => [w.text, w.speaker])).toEqual(words.map((w) => [w.text, w.speaker]));
    expect(out.words.every((w, i) => w.end >= w.start && w.end <= 10 && (i === 0 || w.start >= out.words[i - 1]!.start))).toBe(true);
    expect(steps.some((s) => /aligner unavailable/.test(s))).toBe(true);
  });
});
