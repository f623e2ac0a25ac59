/** How a failed attempt may be retried. */
export interface RetryPolicy {
  attempts: number;
  /** First backoff (ms); doubles each time, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** An attempt that failed in a way another attempt may fix, optionally saying when to come back. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

/** Milliseconds a Retry-After header asks for (delta seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Backoff before attempt `attempt + 1` (attempt counts from 1): exponential with up to 25% jitter. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(base * (1 - 0.25 * random()));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, retrying RetryableErrors with backoff (honouring their retry-after, capped at
 * maxDelayMs); any other error ends at once. The last RetryableError is rethrown when attempts run out.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  opts: { signal?: AbortSignal; onRetry?: (err: RetryableError, n: number, delayMs: number) => void } = {},
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof RetryableError) || n >= policy.attempts) throw err;
      const delay = Math.min(policy.maxDelayMs, err.retryAfterMs ?? backoffMs(n, policy));
      opts.onRetry?.(err, n, delay);
      await sleep(delay, opts.signal);
    }
  }
}
