import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server saw it. */
export interface SeenRequest {
  n: number;
  fileName: string;
  fileBytes: number;
  fields: Record<string, string[]>;
  authorization: string | undefined;
}

/** What to do with one request: answer with JSON, an error status, a cut-off body, or never answer. */
export type FakeAnswer =
  | { kind: 'json'; body: unknown }
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  | { kind: 'truncated'; body: unknown }
  | { kind: 'hang' };

export interface FakeTranscriptionServer {
  /** Base URL (no /v1), for PODPIPE_TRANSCRIBE_URL. */
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible transcription API for tests: `POST /v1/audio/transcriptions` with a multipart body
 * (file, model, response_format, timestamp_granularities[], prompt, …); `answer` decides each reply.
 */
export async function startFakeTranscriptionServer(answer: (req: SeenRequest) => FakeAnswer | Promise<FakeAnswer>): Promise<FakeTranscriptionServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const fields: Record<string, string[]> = {};
      let fileName = '';
      let fileBytes = 0;
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') (fields[key] ??= []).push(value);
        else {
          fileName = value.name;
          fileBytes = value.size;
        }
      }
      const seen: SeenRequest = { n: requests.length + 1, fileName, fileBytes, fields, authorization: req.headers.authorization };
      requests.push(seen);
      const a = await answer(seen);
      if (a.kind === 'hang') return; // the client's timeout has to end it
      if (a.kind === 'status') {
        res.writeHead(a.status, { 'content-type': 'application/json', ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}) }).end(a.body ?? JSON.stringify({ error: { message: `status ${a.status}` } }));
        return;
      }
      const text = JSON.stringify(a.body);
      if (a.kind === 'truncated') {
        // Promise the whole body, send half of it, and drop the connection.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A verbose_json answer with the given words (times in seconds from the piece's start). */
export function verboseJson(words: { word: string; start: number; end: number }[]): unknown {
  return { task: 'transcribe', language: 'english', duration: words.at(-1)?.end ?? 0, text: words.map((w) => w.word).join(' '), words, segments: [] };
}
