/**
 * A bench's own world: a fresh database on DATABASE_URL's server (migrated), a fresh queue prefix and data dir, and a
 * runtime on them; dispose() removes all three. Requires DATABASE_URL and REDIS_URL (the machine's services).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../libs/shared/src/config.ts';
import { createLogger } from '../../libs/shared/src/logger.ts';
import { openRuntime, type Runtime } from '../../libs/shared/src/runtime.ts';
import { withDatabase } from '../../libs/shared/src/testing/services.ts';

export interface BenchEnv {
  rt: Runtime;
  config: Config;
  dispose(): Promise<void>;
}

export async function benchEnv(name: string, overrides: Record<string, string> = {}): Promise<BenchEnv> {
  const server = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!server || !redisUrl) throw new Error('set DATABASE_URL and REDIS_URL (the machine\'s Postgres and Redis)');
  const database = `podpipe_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database "${database}"`);
  await admin.end();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `podpipe-bench-${name}-`));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: withDatabase(server, database),
    PODPIPE_QUEUE_PREFIX: `bench-${name}-${process.pid}`,
    PODPIPE_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
    ...overrides,
  });
  const rt = await openRuntime(config, createLogger(process.env.BENCH_LOG ?? 'silent'), { allowEmbedded: false, migrate: true });
  return {
    rt,
    config,
    dispose: async () => {
      await Promise.all(Object.values(rt.queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await rt.close();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists "${database}" with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const min = (xs: number[]) => Math.min(...xs);

/**
 * Runs `work` under V8's sampling profiler (one sample every `intervalUs` µs), writes the profile to `file`
 * (.cpuprofile, for bench/scale/skip-profile.ts or DevTools) and returns this process's CPU ms over the work.
 */
export async function profiledCpuMs(file: string, intervalUs: number, work: () => Promise<void>): Promise<number> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    const cpu = process.cpuUsage();
    await work();
    const used = process.cpuUsage(cpu);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    return (used.user + used.system) / 1000;
  } finally {
    session.disconnect();
  }
}
