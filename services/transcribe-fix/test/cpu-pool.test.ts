import { afterAll, describe, expect, it } from 'vitest';
import { CpuPool } from '@podpipe/shared/cpu-pool';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { buildVocabulary, fixTranscript, type FixResult } from '../src/fix/index.ts';

const CPU_TASKS = new URL('../src/cpu-tasks.ts', import.meta.url).href;

/** A long, plain transcript: enough words that correcting it takes seconds of CPU. */
function longEpisode(count: number) {
  const phrases = ['so um my guest today is anna and we talk about machine learning', 'i i think the the model was trained on twenty five thousand examples', 'uh you know it it really depends on the data set okay'];
  const text = Array.from({ length: Math.ceil(count / 12) }, (_, i) => phrases[i % phrases.length]).join(' ').split(' ').slice(0, count);
  return text.map((t, i) => ({ text: t, start: i * 0.4, end: i * 0.4 + 0.3 }));
}

/**
 * Runs `work` while a 10 ms timer ticks; returns its result, how long it took, the longest gap between ticks, and the
 * share of the run spent in gaps over 100 ms (a starved event loop: all of it; a loop that only the machine's
 * scheduler pauses now and then: a small part).
 */
async function withTimer<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; maxGapMs: number; stalledShare: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  let stalledMs = 0;
  const tick = () => {
    const now = performance.now();
    const gap = now - last;
    maxGapMs = Math.max(maxGapMs, gap);
    if (gap > 100) stalledMs += gap;
    last = now;
  };
  const timer = setInterval(tick, 10);
  const started = performance.now();
  try {
    const result = await work();
    tick();
    const ms = performance.now() - started;
    return { result, ms, maxGapMs, stalledShare: stalledMs / ms };
  } finally {
    clearInterval(timer);
  }
}

describe('CPU pool', () => {
  const pool = new CpuPool({ threads: 1, maxHeapMb: 1536 });
  afterAll(() => pool.close());

  it('corrects a long episode in a thread while the event loop keeps firing timers, with the same result as inline', async () => {
    const words = longEpisode(30_000);
    const vocabulary = buildVocabulary(EpisodeMeta.parse({ guests: ['Anna Example'] }), []);
    const options = { removeFillers: true, pauses: false };
    await pool.warm({ module: CPU_TASKS, fn: 'warmUp', args: [] });

    const pooled = await withTimer(() => pool.run<FixResult>({ module: CPU_TASKS, fn: 'fixTranscript', args: [words, vocabulary, options] }));
    // The same correction on the event loop: the timer starves for the whole run (what the lock renewal suffered).
    const inline = await withTimer(async () => fixTranscript(words, vocabulary, options));

    expect(pooled.result).toEqual(inline.result);
    expect(pooled.result.words.length).toBeGreaterThan(20_000);
    expect(inline.maxGapMs).toBeGreaterThan(500);
    expect(pooled.ms).toBeGreaterThan(500);
    // A starved event loop stalls for the whole run; a busy shared machine (CI at load 15) may pause the process now
    // and then for a few hundred ms, so the pooled run is judged by how much of it stalled, not by its longest pause.
    expect(inline.stalledShare).toBeGreaterThan(0.9);
    expect(pooled.stalledShare).toBeLessThan(0.5);
  });

  it('runs tasks inline when configured with no threads, and reports a missing export', async () => {
    const inlinePool = new CpuPool({ threads: 0, maxHeapMb: 1536 });
    const out = await inlinePool.run<FixResult>({ module: CPU_TASKS, fn: 'fixTranscript', args: [longEpisode(12), [], { removeFillers: false, pauses: false }] });
    expect(out.words.length).toBe(12);
    await expect(inlinePool.run({ module: CPU_TASKS, fn: 'noSuchTask', args: [] })).rejects.toThrow(/no exported function noSuchTask/);
    await expect(pool.run({ module: CPU_TASKS, fn: 'noSuchTask', args: [] })).rejects.toThrow(/no exported function noSuchTask/);
  });

  it('fails one task that outgrows its heap cap without taking the process down', async () => {
    const small = new CpuPool({ threads: 1, maxHeapMb: 128 });
    try {
      const huge = longEpisode(600_000);
      await expect(small.run({ module: CPU_TASKS, fn: 'fixTranscript', args: [huge, [], { removeFillers: false, pauses: false }] })).rejects.toThrow(/memory/i);
      // The pool replaces the dead thread; the next task runs.
      const out = await small.run<FixResult>({ module: CPU_TASKS, fn: 'fixTranscript', args: [longEpisode(12), [], { removeFillers: false, pauses: false }] });
      expect(out.words.length).toBe(12);
    } finally {
      await small.close();
    }
  });
});
