/**
 * A bench's own world: a fresh database on DATABASE_URL's server (migrated), a fresh queue prefix and data dir, and a
 * runtime on them; dispose() removes all three. Requires DATABASE_URL and REDIS_URL (the machine's services).
 */
import { mkdtempSync, rmSync } from 'node:fs';
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
