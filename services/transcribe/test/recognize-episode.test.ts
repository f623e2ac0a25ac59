import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '@podpipe/shared/errors';
import { ProviderError } from '../src/provider.ts';
import { openAiProvider } from '../src/providers/openai.ts';
import { recognizeEpisode } from '../src/recognize/episode.ts';
import { startFakeTranscriptionServer, verboseJson, type FakeAnswer, type FakeTranscriptionServer } from '../src/testing/fake-transcription-server.ts';

const sample = path.resolve(__dirname, '../../../examples/sample/episode.mp3');
// the bundled sample is about 245 s; no silences given, so it is cut every 30 s (in speech, with context)
const audio = { path: sample, durationSec: 240, silences: [] };

let server: FakeTranscriptionServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provider(answer: (n: number, file: string) => FakeAnswer) {
  server = await startFakeTranscriptionServer((req) => answer(req.n, req.fileName));
  return openAiProvider({ baseUrl: server.url, model: 'm', requests: 2, timeoutMs: 5000, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 } });
}

describe('recognizeEpisode', () => {
  it('sends every piece as mp3, reports progress up to the end, and puts the words in episode time', async () => {
    const p = await provider(() => ({ kind: 'json', body: verboseJson([{ word: 'hi', start: 2.5, end: 2.9 }]) }));
    const progress: number[] = [];
    const { words, pieces } = await recognizeEpisode(p, audio, { prompt: '', pieceSec: 30, onProgress: (f) => void progress.push(f) });
    expect(pieces).toBe(8);
    expect(server!.requests.map((r) => r.fileName).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `piece-${i}.mp3`).sort());
    expect(server!.requests.every((r) => r.fileBytes > 10_000)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // piece 0 starts at 0; the others start 2 s before their cut (context), so "hi" at 2.5 s falls in pieces 0 and 1..7 at cut + 0.5
    expect(words.map((w) => w.start)).toEqual([2.5, 30.5, 60.5, 90.5, 120.5, 150.5, 180.5, 210.5]);
  });

  it('sends no more pieces once one fails for good', async () => {
    const p = await provider((n) => (n === 1 ? { kind: 'status', status: 400, body: 'bad model' } : { kind: 'hang' }));
    const err = await recognizeEpisode(p, audio, { prompt: '', pieceSec: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).permanent).toBe(true);
    expect(server!.requests.length).toBeLessThanOrEqual(2);
  });

  it('calls audio ffmpeg cannot decode bad input', async () => {
    const p = await provider(() => ({ kind: 'json', body: verboseJson([]) }));
    const err = await recognizeEpisode(p, { path: __filename, durationSec: 10, silences: [] }, { prompt: '', pieceSec: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(/^audio cannot be decoded for speech recognition/);
  });
});
