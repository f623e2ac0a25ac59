import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../config.ts';
import { withDatabase } from './services.ts';

/** What the global setup (global-setup.ts) provides to every test file. */
declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
    redisUrl: string;
    runId: string;
  }
}

export interface IsolatedEnv {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  dataDir: string;
  config: Config;
  /** Drops the database copy, the queue keys under the prefix and the data directory. */
  dispose(): Promise<void>;
}

/** A fresh database cloned from the migrated template, a fresh queue prefix and a fresh data dir: one per test file. */
export async function isolatedEnv(): Promise<IsolatedEnv> {
  const server = inject('databaseServerUrl');
  const suffix = randomBytes(4).toString('hex');
  const name = `podpipe_${inject('runId')}_${suffix}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database "${name}" template "${inject('templateDatabase')}"`);
  await admin.end();
  const databaseUrl = withDatabase(server, name);
  const redisUrl = inject('redisUrl');
  const queuePrefix = `${inject('runId')}-${suffix}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-test-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PODPIPE_QUEUE_PREFIX: queuePrefix,
    PODPIPE_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  return {
    databaseUrl,
    redisUrl,
    queuePrefix,
    dataDir,
    config,
    dispose: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      // Connections the file closed may still be saying goodbye: let them go before forcing the rest out, so no
      // closing client is hit by the server's "terminating connection" as an unhandled error.
      for (let i = 0; i < 40; i++) {
        const { rows } = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (!rows[0]?.n) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
      await deleteKeys(redisUrl, `${queuePrefix}:*`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function deleteKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
