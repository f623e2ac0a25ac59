// The outbox against a real Postgres and Redis: rows reach BullMQ with their deterministic ids, exactly once.
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { addToOutbox, dispatchOutbox, pruneOutbox, startOutboxDispatcher } from '../src/outbox.ts';
import { createQueues, producerConnection, type Queues } from '../src/queues.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';

let env: IsolatedEnv;
let db: Database;
let redis: Redis;
let queues: Queues;
const episodeId = '2b1f4c1e-8a55-4b8e-9d55-4c1f0c3b7a10';

beforeAll(async () => {
  env = await isolatedEnv();
  db = createDatabase(env.databaseUrl, 2);
  redis = producerConnection(env.redisUrl);
  queues = createQueues(redis, env.queuePrefix);
});

afterAll(async () => {
  for (const q of Object.values(queues ?? {})) {
    await q.obliterate({ force: true });
    await q.close();
  }
  redis?.disconnect();
  await db?.destroy();
  await env?.dispose();
});

describe('outbox', () => {
  it('pushes each pending row once, with its deterministic job id, and marks it sent', async () => {
    await db.transaction().execute((trx) => addToOutbox(trx, 'segment', { episodeId, generation: 3, force: false }));
    await addToOutbox(db, 'segment', { episodeId, generation: 3, force: false }); // a double request
    expect(await dispatchOutbox(db, queues)).toBe(2);
    expect(await dispatchOutbox(db, queues)).toBe(0);
    const jobs = await queues.segment.getWaiting();
    expect(jobs.map((j) => [j.id, j.data])).toEqual([[`segment.${episodeId}.g3`, { episodeId, generation: 3, force: false, background: false }]]);
    const rows = await db.selectFrom('outbox').select('sent_at').execute();
    expect(rows.every((r) => r.sent_at !== null)).toBe(true);
  });

  it('marks directly pushed hand-offs sent in one later update, which the dispatcher does not push again', async () => {
    const dispatcher = startOutboxDispatcher(db, queues, createLogger('silent'), 60_000);
    const entries = await db.transaction().execute(async (trx) => [
      await addToOutbox(trx, 'publish', { episodeId, generation: 4 }),
      await addToOutbox(trx, 'publish', { episodeId, generation: 5 }),
    ]);
    await dispatcher.send([entries[0]!]);
    await dispatcher.send([entries[1]!]);
    expect((await queues.publish.getWaiting()).map((j) => j.id).sort()).toEqual([`publish.${episodeId}.g4`, `publish.${episodeId}.g5`]);
    const pending = () => db.selectFrom('outbox').select('id').where('id', 'in', entries.map((e) => e.id)).where('sent_at', 'is', null).execute();
    expect(await pending()).toHaveLength(2); // not yet marked: the pushes wait to share one update
    expect(await dispatchOutbox(db, queues, 500, entries.map((e) => e.id))).toBe(0); // what the dispatcher's tick leaves alone
    await dispatcher.stop(); // marks what is pending
    expect(await pending()).toEqual([]);
    const marks = await db.selectFrom('outbox').select('sent_at').where('id', 'in', entries.map((e) => e.id)).execute();
    expect(new Set(marks.map((m) => m.sent_at!.getTime())).size).toBe(1);
    await db.deleteFrom('outbox').where('id', 'in', entries.map((e) => e.id)).execute();
  });

  it('rejects a payload that is not a valid job before it is stored', async () => {
    await expect(addToOutbox(db, 'publish', { episodeId: 'nope', generation: 1, force: false })).rejects.toThrow();
  });

  it('prunes rows sent long ago and keeps recent ones', async () => {
    await db.updateTable('outbox').set({ sent_at: sql`now() - interval '30 days'` }).execute();
    await addToOutbox(db, 'publish', { episodeId, generation: 3, force: false });
    await dispatchOutbox(db, queues);
    expect(await pruneOutbox(db)).toBe(2);
    expect(await db.selectFrom('outbox').select('queue').execute()).toEqual([{ queue: 'publish' }]);
  });
});
