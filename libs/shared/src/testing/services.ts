import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { startEmbeddedPostgres, startEmbeddedRedis } from '../embedded.ts';

export interface TestServices {
  /** A server-level URL (its database is only used to create per-run databases). */
  databaseUrl: string;
  redisUrl: string;
  source: 'env' | 'testcontainers' | 'embedded';
  stop(): Promise<void>;
}

function dockerAvailable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/** Postgres and Redis for a test run: DATABASE_URL/REDIS_URL when set, else testcontainers when Docker runs, else embedded. */
export async function acquireTestServices(log: Logger, stateDir: string): Promise<TestServices> {
  const envDb = process.env.DATABASE_URL;
  const envRedis = process.env.REDIS_URL;
  const stops: (() => Promise<unknown>)[] = [];
  let databaseUrl = envDb;
  let redisUrl = envRedis;
  let source: TestServices['source'] = 'env';
  if ((!databaseUrl || !redisUrl) && dockerAvailable()) {
    try {
      if (!databaseUrl) {
        const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
        const c = await new PostgreSqlContainer('postgres:16-alpine').start();
        stops.push(() => c.stop());
        databaseUrl = c.getConnectionUri();
      }
      if (!redisUrl) {
        const { RedisContainer } = await import('@testcontainers/redis');
        const c = await new RedisContainer('redis:7-alpine').start();
        stops.push(() => c.stop());
        redisUrl = c.getConnectionUrl();
      }
      source = 'testcontainers';
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'testcontainers unavailable; falling back to embedded services');
    }
  }
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(path.join(stateDir, 'test'), 54339, log);
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
    source = 'embedded';
  }
  if (!redisUrl) {
    const redis = await startEmbeddedRedis(path.join(stateDir, 'test'), 63809, log);
    stops.push(() => redis.stop());
    redisUrl = redis.url;
    source = 'embedded';
  }
  return {
    databaseUrl,
    redisUrl,
    source,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
