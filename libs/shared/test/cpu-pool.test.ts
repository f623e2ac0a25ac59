import { afterAll, describe, expect, it } from 'vitest';
import { CpuPool } from '../src/cpu-pool.ts';

const TASKS = new URL('./fixtures/heap-tasks.mjs', import.meta.url).href;

describe('CPU pool threads and memory', () => {
  const pool = new CpuPool({ threads: 1, maxHeapMb: 512, maxYoungMb: 8 });
  const defaults = new CpuPool({ threads: 1, maxHeapMb: 512 });
  afterAll(() => Promise.all([pool.close(), defaults.close()]));

  it('caps a thread’s young generation when asked (V8’s default nursery grows several times larger)', async () => {
    // The nursery starts small and grows with allocation: allocate in both threads first.
    await Promise.all([pool.run({ module: TASKS, fn: 'makeGarbage', args: [64] }), defaults.run({ module: TASKS, fn: 'makeGarbage', args: [64] })]);
    const capped = await pool.run<number>({ module: TASKS, fn: 'newSpaceMb', args: [] });
    const uncapped = await defaults.run<number>({ module: TASKS, fn: 'newSpaceMb', args: [] });
    expect(capped).toBeLessThanOrEqual(8);
    expect(uncapped).toBeGreaterThan(capped);
  });

  it('collects a task’s garbage once its result is out, instead of leaving it on an idle thread', async () => {
    // 200 MB of objects alive until the task returns: without the collection after the task, an idle thread
    // keeps most of them (V8 does not collect an isolate that allocates nothing).
    expect(await pool.run<number>({ module: TASKS, fn: 'makeGarbage', args: [200] })).toBeGreaterThan(3_000_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await pool.run<number>({ module: TASKS, fn: 'usedHeapMb', args: [] })).toBeLessThan(96);
  });
});
