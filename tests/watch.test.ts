// The drop watcher against a real directory, Postgres and Redis: drops become episodes and leave the drop dir.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchDrops } from '@podpipe/ingest/watch';
import { createLogger } from '@podpipe/shared/logger';
import { useHarness } from './support/harness.ts';

const h = useHarness({ workers: false });

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('watchDrops', () => {
  it('registers a drop with its sidecars, archives the files and empties the drop directory', async () => {
    const dropDir = path.join(h.env.dataDir, 'drops');
    mkdirSync(dropDir, { recursive: true });
    const watcher = watchDrops(h.rt.db, h.rt.buckets, dropDir, createLogger('silent'));
    try {
      writeFileSync(path.join(dropDir, 'ep-12.txt'), 'welcome back to the show today we talk about bread');
      writeFileSync(path.join(dropDir, 'ep-12.meta.json'), JSON.stringify({ show: 'Crumb', title: 'Bread, again' }));
      const episode = await until(async () => (await h.rt.db.selectFrom('episodes').selectAll().execute())[0]);
      expect(episode).toMatchObject({ title: 'Bread, again', status: 'queued' });
      expect(await h.rt.buckets.ingest.exists(episode.transcript_key!)).toBe(true);
      await until(async () => (readdirSync(dropDir).filter((f) => !f.startsWith('.') && f !== 'failed').length === 0 ? true : undefined));
      const show = await h.rt.db.selectFrom('shows').selectAll().executeTakeFirstOrThrow();
      expect(show).toMatchObject({ slug: 'crumb', title: 'Crumb' });
      const pending = await h.rt.db.selectFrom('outbox').select(['queue', 'job_id']).execute();
      expect(pending).toEqual([{ queue: 'ingest', job_id: `ingest.${episode.id}.g1` }]);
      expect(existsSync(path.join(dropDir, 'failed'))).toBe(false);
    } finally {
      await watcher.close();
    }
  });
});
