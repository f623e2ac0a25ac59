// The optional LLM pass against a real local HTTP server speaking the OpenAI chat-completions protocol.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Segmentation } from '../src/core/index.ts';
import { llmTitles } from '../src/llm.ts';

const words = 'we moved the shop from etsy to shopify and the fees dropped a lot then we talked about shipping fragile mugs in double boxes'
  .split(' ')
  .map((text, i) => ({ text, start: i, end: i + 0.9 }));
const seg: Segmentation = {
  chapters: [
    { start: 0, end: 13, title: 'Etsy', kind: 'content', summary: 'default one' },
    { start: 13, end: 30, title: 'Mugs', kind: 'content', summary: 'default two' },
  ],
  ads: [],
  summary: 'default summary',
  keywords: [],
  entities: [],
  quotes: [],
};

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A chat-completions server answering each request with the next reply (a status code or a message). */
async function serverReplying(replies: (string | number)[]): Promise<{ baseUrl: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push(JSON.parse(body));
      const reply = replies.shift() ?? 500;
      if (typeof reply === 'number') return void res.writeHead(reply).end('nope');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply } }] }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, requests };
}

describe('llmTitles', () => {
  it('takes grounded titles and summaries and sends the chapter text', async () => {
    const { baseUrl, requests } = await serverReplying([
      '{"title": "Moving from Etsy to Shopify", "summary": "The hosts moved the shop from Etsy to Shopify and the fees dropped."}',
      'Sure! {"title": "Shipping fragile mugs", "summary": "They talked about shipping fragile mugs in double boxes."}',
      'The hosts moved their shop from Etsy to Shopify. The fees dropped a lot. They also talked about shipping fragile mugs in double boxes.',
    ]);
    const r = await llmTitles(seg, words, { baseUrl, model: 'test' });
    expect(r).toMatchObject({ accepted: 3, rejected: 0 });
    expect(r.segmentation.chapters.map((c) => c.title)).toEqual(['Moving from Etsy to Shopify', 'Shipping fragile mugs']);
    expect(r.segmentation.summary).toMatch(/^The hosts moved/);
    expect(JSON.stringify(requests[0])).toContain('etsy to shopify');
    expect(requests[0]).toMatchObject({ model: 'test', temperature: 0 });
  });

  it('keeps the defaults when the model invents, rambles, errs or answers garbage', async () => {
    const { baseUrl } = await serverReplying([
      '{"title": "Quantum computing breakthroughs revealed", "summary": "Scientists discuss quantum computers and black holes."}',
      500,
      'no json here',
    ]);
    const r = await llmTitles(seg, words, { baseUrl, model: 'test' });
    expect(r).toMatchObject({ accepted: 0, rejected: 3 });
    expect(r.segmentation.chapters.map((c) => c.title)).toEqual(['Etsy', 'Mugs']);
    expect(r.segmentation.summary).toBe('default summary');
  });

  it('never touches ad, intro or outro chapters', async () => {
    const { baseUrl, requests } = await serverReplying(['x']);
    const adOnly: Segmentation = { ...seg, chapters: [{ start: 0, end: 30, title: 'Sponsor: Parcelwise', kind: 'ad', summary: 's' }] };
    const r = await llmTitles(adOnly, words, { baseUrl, model: 'test' });
    expect(r.segmentation.chapters).toEqual(adOnly.chapters);
    expect(requests).toHaveLength(1); // only the episode summary was asked for
  });
});
