import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Word } from '@podpipe/shared/transcript';
import { ProviderError, type PieceFile, type SpeechProvider } from '../provider.ts';
import { DEFAULT_RETRY, RetryableError, parseRetryAfter, withRetry, type RetryPolicy } from './retry.ts';

export interface OpenAiOptions {
  /** API root without /v1, e.g. https://api.openai.com or http://localhost:8000. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  language?: string;
  /** Requests one job has in flight at once. */
  requests: number;
  /** Give up on one request after this long and retry it. */
  timeoutMs: number;
  retry?: RetryPolicy;
  /** Told about each retry (no credentials in what it gets). */
  onRetry?: (message: string) => void;
}

const ResponseWord = z.object({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  probability: z.number().min(0).max(1).optional(),
});
const ResponseSegment = z.object({ start: z.number(), end: z.number(), text: z.string(), words: z.array(ResponseWord).optional() });
/** The verbose_json answer: words at the top (OpenAI, Groq, speaches) or inside segments (whisper.cpp server). */
const VerboseJson = z.object({
  text: z.string().default(''),
  words: z.array(ResponseWord).optional(),
  segments: z.array(ResponseSegment).optional(),
});
type VerboseJson = z.infer<typeof VerboseJson>;

const round = (t: number) => Math.round(t * 1000) / 1000;

/** The words of a verbose_json answer; a segment without word times spreads its words over its span. */
export function wordsFromVerboseJson(body: VerboseJson): Word[] {
  const toWord = (w: z.infer<typeof ResponseWord>): Word[] => {
    const text = w.word.trim();
    if (!text) return [];
    const start = round(Math.max(0, w.start));
    return [{ text, start, end: round(Math.max(start, w.end)), ...(w.probability !== undefined ? { confidence: w.probability } : {}) }];
  };
  if (body.words?.length) return body.words.flatMap(toWord);
  return (body.segments ?? []).flatMap((s) => {
    if (s.words?.length) return s.words.flatMap(toWord);
    const parts = s.text.split(/\s+/).filter(Boolean);
    const span = Math.max(0, s.end - s.start) / Math.max(1, parts.length);
    return parts.map((text, i) => ({ text, start: round(s.start + i * span), end: round(s.start + (i + 1) * span) }));
  });
}

/** An OpenAI-compatible `POST {base}/v1/audio/transcriptions` recognizer (verbose_json, word timestamps). */
export function openAiProvider(opts: OpenAiOptions): SpeechProvider {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/v1/audio/transcriptions`;
  const retry = opts.retry ?? DEFAULT_RETRY;
  return {
    name: 'openai-compatible',
    model: opts.model,
    // The endpoint is where the words came from; the key never leaves this closure.
    settings: { endpoint: new URL(url).origin, responseFormat: 'verbose_json', granularity: 'word', temperature: 0, ...(opts.language ? { language: opts.language } : {}) },
    pieceFormat: 'mp3',
    concurrency: opts.requests,
    async recognize(piece: PieceFile, { prompt, signal }) {
      const audio = await readFile(piece.path);
      const body = await withRetry(
        async () => {
          const form = new FormData();
          form.append('file', new Blob([audio], { type: 'audio/mpeg' }), path.basename(piece.path));
          form.append('model', opts.model);
          form.append('response_format', 'verbose_json');
          form.append('timestamp_granularities[]', 'word');
          form.append('timestamp_granularities[]', 'segment');
          form.append('temperature', '0');
          if (prompt) form.append('prompt', prompt);
          if (opts.language) form.append('language', opts.language);
          return requestOnce(url, form, opts, signal);
        },
        retry,
        { ...(signal ? { signal } : {}), onRetry: (err, n, delay) => opts.onRetry?.(`transcription request failed (${err.message}); try ${n + 1} of ${retry.attempts} in ${Math.round(delay / 100) / 10} s`) },
      ).catch((err: unknown) => {
        if (err instanceof RetryableError) throw new ProviderError(`transcription API still failing after ${retry.attempts} tries: ${err.message}`, false);
        throw err;
      });
      return wordsFromVerboseJson(body);
    },
  };
}

/** The start of an error body, enough to say what the server complained about. */
function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** One request: a parsed answer, a RetryableError (429, 5xx, timeout, network, truncated body) or a permanent ProviderError. */
async function requestOnce(url: string, form: FormData, opts: OpenAiOptions, signal?: AbortSignal): Promise<VerboseJson> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let text: string;
  let status: number;
  let retryAfter: string | null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: form,
      headers: opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {},
      signal: combined,
    });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw err;
    if (timeout.aborted) throw new RetryableError(`no answer within ${Math.round(opts.timeoutMs / 1000)} s`);
    throw new RetryableError(`request failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  if (status === 429 || status === 408 || status >= 500) {
    throw new RetryableError(`HTTP ${status} ${excerpt(text)}`.trim(), parseRetryAfter(retryAfter));
  }
  if (status >= 400) {
    const hint = status === 401 || status === 403 ? ' (check PODPIPE_TRANSCRIBE_API_KEY)' : status === 404 ? ' (check PODPIPE_TRANSCRIBE_URL and PODPIPE_TRANSCRIBE_MODEL)' : '';
    throw new ProviderError(`transcription API rejected the request: HTTP ${status} ${excerpt(text)}${hint}`, true);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // A body cut short in transit; the same request may well succeed.
    throw new RetryableError(`unreadable answer (${text.length} bytes, not complete JSON)`);
  }
  const parsed = VerboseJson.safeParse(data);
  if (!parsed.success) throw new RetryableError(`answer is not verbose_json: ${excerpt(parsed.error.message)}`);
  return parsed.data;
}
