import { z } from 'zod';

/** How to reach an OpenAI-compatible chat completions API (OpenAI, Ollama, vLLM, llama.cpp server...). */
export interface ChatConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const ChatResponse = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

/** One deterministic chat completion (temperature 0); throws on HTTP errors and malformed replies. */
export async function chatComplete(cfg: ChatConfig, system: string, user: string): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  const res = await (cfg.fetchImpl ?? fetch)(`${cfg.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      model: cfg.model,
      temperature: 0,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    }),
    signal: AbortSignal.timeout(cfg.timeoutMs ?? 60_000),
  });
  if (!res.ok) throw new Error(`chat completions answered HTTP ${res.status}`);
  return ChatResponse.parse(await res.json()).choices[0]!.message.content;
}
