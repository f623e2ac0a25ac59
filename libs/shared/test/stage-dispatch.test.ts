// runStage asks the outbox dispatcher for a dispatch only when it left rows for it (webhook deliveries): a finished
// episode nobody subscribed to, or a join that waits, costs no claiming transaction. On a real Postgres.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import type { OutboxEntry } from '../src/outbox.ts';
import { runStage, type StageContext, type StageDefinition } from '../src/stage.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';
import { insertEpisodeRow } from '../src/testing/episode-row.ts';

let env: IsolatedEnv;
let db: Database;
let ctx: StageContext;
const outbox = { kicks: 0, sent: [] as OutboxEntry[] };

beforeAll(async () => {
  env = await isolatedEnv();
  db = createDatabase(env.databaseUrl, 2);
  ctx = {
    db,
    buckets: {} as StageContext['buckets'],
    config: env.config,
    log: createLogger('silent'),
    outbox: {
      kick: () => void outbox.kicks++,
      send: async (entries: OutboxEntry[]) => (outbox.sent.push(...entries), true),
      stop: async () => {},
    },
  };
});

afterAll(async () => {
  await db?.destroy();
  await env?.dispose();
});

/** A stage at `name` whose output is its input's text. */
const stage = (name: 'publish' | 'segment'): StageDefinition<string, string> => ({
  name,
  version: 'v1',
  load: async () => 'in',
  fingerprint: (input) => input,
  compute: async (input) => `out:${input}`,
  save: async (_trx, _episode, out) => out,
});

let episodeId: string;
beforeEach(async () => {
  outbox.kicks = 0;
  outbox.sent = [];
  await db.deleteFrom('webhooks').execute();
  episodeId = (await insertEpisodeRow(db)).id;
});

const pendingWebhookRows = () => db.selectFrom('outbox').select('payload').where('queue', '=', 'webhooks').where('sent_at', 'is', null).execute();

describe('runStage and the outbox dispatcher', () => {
  it('finishes the last stage without a dispatch when nobody listens', async () => {
    expect(await runStage(stage('publish'), ctx, { episodeId, generation: 1 }, { attemptsMade: 0, id: 'j' })).toBe('done');
    const episode = await db.selectFrom('episodes').select('status').where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.status).toBe('done');
    expect(outbox.kicks).toBe(0);
    expect(await pendingWebhookRows()).toHaveLength(0);
  });

  it('asks for a dispatch when the last stage left webhook deliveries', async () => {
    await db.insertInto('webhooks').values({ url: 'https://example.com/h', secret: 's', events: ['episode.published'] }).execute();
    expect(await runStage(stage('publish'), ctx, { episodeId, generation: 1 }, { attemptsMade: 0, id: 'j' })).toBe('done');
    expect(outbox.kicks).toBe(1);
    expect(await pendingWebhookRows()).toHaveLength(1);
  });

  it('pushes a middle stage\'s hand-off itself, without a dispatch', async () => {
    expect(await runStage(stage('segment'), ctx, { episodeId, generation: 1 }, { attemptsMade: 0, id: 'j' })).toBe('done');
    expect(outbox.kicks).toBe(0);
    expect(outbox.sent.map((e) => e.stage)).toEqual(['publish']);
  });
});
