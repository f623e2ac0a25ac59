import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixedWord } from '@podpipe/shared/transcript';
import { alignWords, changedShare, llmPolish } from '../src/fix/llm.ts';

/** How the fake model answers a chunk's text. */
type Behaviour = (text: string) => { status?: number; body: string };

const chat = (content: string) => JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] });

/** An OpenAI-compatible chat completions server on a free local port, answering with the current behaviour. */
function startServer() {
  const requests: { auth?: string; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
  let behaviour: Behaviour = (text) => ({ body: chat(text) });
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw);
      requests.push({ auth: req.headers.authorization, body });
      const answer = behaviour(body.messages.at(-1).content);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  return {
    requests,
    set: (b: Behaviour) => (behaviour = b),
    listen: () => new Promise<string>((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`))),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const words = (text: string): FixedWord[] =>
  text.split(' ').map((t, i) => ({ text: t, start: i, end: i + 0.5, from: [i, i + 1] as [number, number] }));

describe('alignWords', () => {
  it('finds changes, drops, insertions and merges on folded words', () => {
    expect(alignWords(['the', 'cat', 'sat'], ['The', 'hat', 'sat.'])).toEqual([
      { op: 'same', input: 0, output: 0 },
      { op: 'change', input: 1, output: 1 },
      { op: 'same', input: 2, output: 2 },
    ]);
    const merged = alignWords(['deep', 'learning', 'ai', 'rocks'], ['deeplearning.ai', 'rocks']);
    expect(merged[0]).toEqual({ op: 'merge', input: 0, count: 3, output: 0 });
    expect(changedShare(alignWords(['a', 'b', 'c'], ['a', 'c']), 3)).toBe(Infinity);
    expect(changedShare(alignWords(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd']), 4)).toBe(0.25);
  });
});

describe('llmPolish against a local chat completions server', () => {
  const server = startServer();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.listen();
  });
  afterAll(() => server.close());

  const input = words('so we went to europes and then we met andrew and his team there was a lot to see');

  it('applies accepted corrections, keeping every word its raw range and times', async () => {
    server.set((text) => ({ body: chat(text.replace('europes', 'NeurIPS,').replace(/^so/, 'So')) }));
    const result = await llmPolish(input, { baseUrl, model: 'fixer', apiKey: 'k-1', chunkWords: 8, overlapWords: 2 });
    expect(result.rejectedChunks).toBe(0);
    expect(result.words.map((w) => w.text).join(' ')).toBe(
      'So we went to NeurIPS, and then we met andrew and his team there was a lot to see',
    );
    expect(result.words.map((w) => [w.from, w.start, w.end])).toEqual(input.map((w) => [w.from, w.start, w.end]));
    expect(result.edits.map((e) => [e.before, e.after, e.from])).toEqual([
      ['so', 'So', [0, 1]],
      ['europes', 'NeurIPS,', [4, 5]],
    ]);
    const last = server.requests.at(-1)!;
    expect(last.auth).toBe('Bearer k-1');
    expect(last.body.model).toBe('fixer');
    // Chunks carry context on both sides: the second chunk's text starts two words early.
    expect(server.requests.at(-2)!.body.messages.at(-1)!.content.split(' ')[0]).toBe('then');
  });

  it('maps a merge of several words onto their joint range', async () => {
    server.set((text) => ({ body: chat(text.replace('to europes and', 'to europes-and')) }));
    const result = await llmPolish(input, { baseUrl, model: 'm', chunkWords: 50, maxChangedShare: 0.5 });
    expect(result.words.find((w) => w.text === 'europes-and')).toMatchObject({ from: [4, 6], start: 4, end: 5.5 });
  });

  it('rejects a chunk that drops words or changes too much, keeping the input', async () => {
    server.set((text) => ({ body: chat(text.replace('and then ', '')) }));
    const dropped = await llmPolish(input, { baseUrl, model: 'm', chunkWords: 50 });
    expect(dropped).toEqual({ words: input, edits: [], rejectedChunks: 1 });

    server.set((text) => ({ body: chat(text.split(' ').map((w, i) => (i % 3 ? w : 'banana')).join(' ')) }));
    const rewritten = await llmPolish(input, { baseUrl, model: 'm', chunkWords: 50, maxChangedShare: 0.15 });
    expect(rewritten.rejectedChunks).toBe(1);
    expect(rewritten.words).toEqual(input);
  });

  it('survives server errors and garbage answers', async () => {
    let n = 0;
    server.set((text) => {
      n++;
      if (n === 1) return { status: 500, body: '{"error":"overloaded"}' };
      if (n === 2) return { body: 'not json at all' };
      if (n === 3) return { body: JSON.stringify({ choices: [] }) };
      return { body: chat(text) };
    });
    const result = await llmPolish(input, { baseUrl, model: 'm', chunkWords: 5, overlapWords: 1 });
    expect(result.rejectedChunks).toBe(3);
    expect(result.words).toEqual(input);
  });

  it('rejects every chunk when the server is unreachable', async () => {
    const result = await llmPolish(input.slice(0, 4), { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 2000 });
    expect(result).toEqual({ words: input.slice(0, 4), edits: [], rejectedChunks: 1 });
  });
});
