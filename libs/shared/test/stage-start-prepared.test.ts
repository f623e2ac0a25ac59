import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDatabase, type Database } from '../src/database.ts';
import { preparedStageStart } from '../src/input-key.ts';
import { isolatedEnv, type IsolatedEnv } from '../src/testing/context.ts';

let env: IsolatedEnv;
let db: Database;

beforeAll(async () => {
  env = await isolatedEnv();
  db = createDatabase(env.databaseUrl, 1); // one connection: every call below runs on it
});

afterAll(async () => {
  await db?.destroy();
  await env?.dispose();
});

const args = { episodeId: '00000000-0000-4000-8000-0000000000aa', generation: 1, handOff: null, maySkip: true, attempt: 1, durationMs: 0 };

it('prepares the stage-start statement once per connection and names it per stage and text', async () => {
  const segment = { name: 'segment' as const, version: 'v1' };
  const otherSegment = { name: 'segment' as const, version: 'v1', inputReads: () => ({ shows: sql<number>`(select count(*) from shows)` }) };
  const publish = { name: 'publish' as const, version: 'v1' };
  for (let i = 0; i < 3; i++) {
    expect(await preparedStageStart(db, segment)(env.config, args)).toEqual({ kind: 'gone' });
    expect(await preparedStageStart(db, otherSegment)(env.config, args)).toEqual({ kind: 'gone' });
    expect(await preparedStageStart(db, publish)(env.config, args)).toEqual({ kind: 'gone' });
  }
  const { rows } = await sql<{ name: string; executions: number }>`
    select name, generic_plans + custom_plans as executions from pg_prepared_statements where name like 'podpipe-start-%' order by name`.execute(db);
  // Two segment statements (different reads, so different texts) never share a name; each ran 3 times, parsed once.
  expect(rows.map((r) => r.name.replace(/-[0-9a-f]{16}$/, ''))).toEqual(['podpipe-start-publish', 'podpipe-start-segment', 'podpipe-start-segment']);
  expect(rows.map((r) => Number(r.executions))).toEqual([3, 3, 3]);
});

it('prepares it again when a schema change makes Postgres refuse the prepared plan', async () => {
  const ingest = { name: 'ingest' as const, version: 'v1' };
  expect(await preparedStageStart(db, ingest)(env.config, args)).toEqual({ kind: 'gone' });
  await sql`alter table episodes add column skip22c_probe int`.execute(db); // ep.* now has another column
  try {
    expect(await preparedStageStart(db, ingest)(env.config, args)).toEqual({ kind: 'gone' });
    expect(await preparedStageStart(db, ingest)(env.config, args)).toEqual({ kind: 'gone' });
  } finally {
    await sql`alter table episodes drop column skip22c_probe`.execute(db);
  }
});
