/**
 * Counts the Redis commands sent under one queue prefix (Redis MONITOR; BullMQ's Lua scripts by name) and the
 * Postgres transactions committed in one database (pg_stat_database), between start and report.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/** sha1 of every BullMQ script → its name, as ioredis sends them (EVALSHA). */
function bullmqScripts(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('bullmq')), 'scripts');
  const names = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => /^[a-zA-Z]+-\d+\.js$/.test(f))) {
    const mod = require(path.join(dir, file)) as Record<string, { name: string; content: string }>;
    for (const script of Object.values(mod)) if (script?.content) names.set(createHash('sha1').update(script.content).digest('hex'), script.name);
  }
  return names;
}

async function xacts(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
    return Number(rows[0]!.n);
  } finally {
    await c.end();
  }
}

export async function countRoundTrips(redisUrl: string, databaseUrl: string, prefix: string): Promise<{ report(per: number): Promise<string> }> {
  const scripts = bullmqScripts();
  const counts = new Map<string, number>();
  const client = new Redis(redisUrl);
  const monitor = await client.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    // Commands a script runs inside Redis are listed too (source "lua"): only what the clients send counts.
    if (source === 'lua' || !args.some((a) => a.includes(prefix))) return;
    const cmd = args[0]!.toLowerCase();
    const name = cmd === 'evalsha' ? (scripts.get(args[1]!) ?? `evalsha ${args[1]!.slice(0, 8)}`) : cmd;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  const pg0 = await xacts(databaseUrl);
  return {
    async report(per: number) {
      const pgN = (await xacts(databaseUrl)) - pg0 - 1;
      monitor.disconnect();
      client.disconnect();
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const by = [...counts].sort((a, b) => b[1] - a[1]).map(([n, k]) => `${n} ${(k / per).toFixed(2)}`).join(', ');
      return `postgres transactions ${(pgN / per).toFixed(2)}; redis commands ${(total / per).toFixed(2)} (${by})`;
    },
  };
}
