// PODPIPE_CPU_THREAD_PROFILE: a pool thread records a CPU profile of its own and writes it after its first task, so a
// thread that the pool later terminates still leaves one (bench/scale/archive.ts's profiles of a worker's pool).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuPool } from '../src/cpu-pool.ts';

const TASKS = new URL('./fixtures/heap-tasks.mjs', import.meta.url).href;
const dir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-pool-profile-'));

describe('CPU pool thread profiles', () => {
  process.env.PODPIPE_CPU_THREAD_PROFILE = dir; // read by the thread when it starts
  const pool = new CpuPool({ threads: 1, maxHeapMb: 256 });
  delete process.env.PODPIPE_CPU_THREAD_PROFILE;
  afterAll(async () => {
    await pool.close({ force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a profile of the thread after its first task, before the thread ends', async () => {
    await pool.run({ module: TASKS, fn: 'makeGarbage', args: [16] });
    let files: string[] = [];
    for (let i = 0; i < 100 && !files.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    }
    expect(files).toHaveLength(1);
    const profile = JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8')) as { nodes: { callFrame: { functionName: string } }[]; samples: number[] };
    expect(profile.samples.length).toBeGreaterThan(0);
    expect(profile.nodes.some((n) => n.callFrame.functionName === 'makeGarbage')).toBe(true);
  });
});
