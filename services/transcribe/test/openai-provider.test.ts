import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../src/provider.ts';
import { openAiProvider } from '../src/providers/openai.ts';
import { parseRetryAfter } from '../src/providers/retry.ts';
import { startFakeTranscriptionServer, verboseJson, type FakeAnswer, type FakeTranscriptionServer } from '../src/testing/fake-transcription-server.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-openai-'));
const piecePath = path.join(dir, 'piece-0.mp3');
writeFileSync(piecePath, Buffer.alloc(2048, 7));
const piece = { path: piecePath, durationSec: 3 };
const KEY = 'sk-test-secret-key-never-shown';
const WORDS = [
  { word: 'Hello', start: 0.1, end: 0.5 },
  { word: 'Lex', start: 0.6, end: 0.9 },
];

let server: FakeTranscriptionServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A provider on a fake server whose answers follow `script` (request n gets script[n-1], the last one after that). */
async function providerAnswering(script: FakeAnswer[], opts: { timeoutMs?: number; attempts?: number } = {}) {
  server = await startFakeTranscriptionServer((req) => script[Math.min(req.n, script.length) - 1]!);
  const retries: string[] = [];
  const provider = openAiProvider({
    baseUrl: `${server.url}/`,
    model: 'whisper-1',
    apiKey: KEY,
    requests: 2,
    timeoutMs: opts.timeoutMs ?? 5000,
    retry: { attempts: opts.attempts ?? 4, baseDelayMs: 20, maxDelayMs: 5000 },
    onRetry: (m) => retries.push(m),
  });
  return { provider, retries, server };
}

describe('openAiProvider', () => {
  it('asks for verbose_json with word timestamps, sends the prompt and key, and reads the words', async () => {
    const { provider, server } = await providerAnswering([{ kind: 'json', body: verboseJson(WORDS) }]);
    const words = await provider.recognize(piece, { prompt: 'Hosts: Lex Fridman.' });
    expect(words).toEqual([
      { text: 'Hello', start: 0.1, end: 0.5 },
      { text: 'Lex', start: 0.6, end: 0.9 },
    ]);
    const [req] = server.requests;
    expect(req!.fields).toMatchObject({ model: ['whisper-1'], response_format: ['verbose_json'], prompt: ['Hosts: Lex Fridman.'] });
    expect(req!.fields['timestamp_granularities[]']).toContain('word');
    expect(req!.fileBytes).toBe(2048);
    expect(req!.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.stringify(provider.settings)).not.toContain(KEY);
  });

  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    const { provider, server, retries } = await providerAnswering([{ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'json', body: verboseJson(WORDS) }]);
    const started = Date.now();
    expect(await provider.recognize(piece, { prompt: '' })).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
    expect(retries[0]).toMatch(/HTTP 429.*in 1 s/);
  });

  it('retries a 500, a truncated body and a request that never answers', async () => {
    const { provider, server, retries } = await providerAnswering(
      [{ kind: 'status', status: 500 }, { kind: 'truncated', body: verboseJson(WORDS) }, { kind: 'hang' }, { kind: 'json', body: verboseJson(WORDS) }],
      { timeoutMs: 400 },
    );
    expect((await provider.recognize(piece, { prompt: '' })).map((w) => w.text)).toEqual(['Hello', 'Lex']);
    expect(server.requests).toHaveLength(4);
    expect(retries.map((r) => r.replace(/;.*/, ''))).toEqual([
      expect.stringMatching(/HTTP 500/),
      expect.stringMatching(/request failed|unreadable answer/),
      expect.stringMatching(/no answer within/),
    ]);
  });

  it('gives up at once on a rejected key, without the key in the message', async () => {
    const { provider, server } = await providerAnswering([{ kind: 'status', status: 401, body: '{"error":{"message":"Incorrect API key provided"}}' }]);
    const err = await provider.recognize(piece, { prompt: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).permanent).toBe(true);
    expect((err as Error).message).toMatch(/HTTP 401.*PODPIPE_TRANSCRIBE_API_KEY/);
    expect((err as Error).message).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('stops after its attempts when the server keeps failing, as a failure worth a later retry', async () => {
    const { provider, server } = await providerAnswering([{ kind: 'status', status: 503 }], { attempts: 3 });
    const err = await provider.recognize(piece, { prompt: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).permanent).toBe(false);
    expect((err as Error).message).toMatch(/after 3 tries: HTTP 503/);
    expect(server.requests).toHaveLength(3);
  });

  it('reads word times inside segments (whisper.cpp server) and spreads a segment that has none', async () => {
    const body = {
      text: 'one two three four',
      segments: [
        { start: 0, end: 1, text: ' one two', words: [{ word: ' one', start: 0, end: 0.4, probability: 0.9 }, { word: ' two', start: 0.5, end: 1, probability: 0.7 }] },
        { start: 2, end: 3, text: ' three four' },
      ],
    };
    const { provider } = await providerAnswering([{ kind: 'json', body }]);
    expect(await provider.recognize(piece, { prompt: '' })).toEqual([
      { text: 'one', start: 0, end: 0.4, confidence: 0.9 },
      { text: 'two', start: 0.5, end: 1, confidence: 0.7 },
      { text: 'three', start: 2, end: 2.5 },
      { text: 'four', start: 2.5, end: 3 },
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
