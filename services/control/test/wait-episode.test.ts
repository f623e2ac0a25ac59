// waitForEpisode: polls the episode row until its request is done or failed; `wake` looks at once.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Database } from '@podpipe/shared/database';
import { waitForEpisode } from '@podpipe/control/episodes';

/** The one query waitForEpisode makes, answered from `row` (a stand-in for the episodes table). */
function episodesTable(row: { status: string }): { db: Database; reads: () => number } {
  let reads = 0;
  const query = {
    selectAll: () => query,
    where: () => query,
    executeTakeFirstOrThrow: async () => {
      reads++;
      return { id: 'e1', generation: 1, stage: row.status === 'done' ? null : 'publish', ...row };
    },
  };
  return { db: { selectFrom: () => query } as unknown as Database, reads: () => reads };
}

describe('waitForEpisode', () => {
  it('looks again when woken, without waiting for the next poll', async () => {
    const row = { status: 'processing' };
    const { db } = episodesTable(row);
    const jobs = new EventEmitter();
    const wake = (notify: () => void) => {
      jobs.on('completed', notify);
      return () => jobs.off('completed', notify);
    };
    setTimeout(() => {
      row.status = 'done';
      jobs.emit('completed');
    }, 100);
    const started = Date.now();
    const episode = await waitForEpisode(db, 'e1', 1, { timeoutMs: 60_000, pollMs: 30_000, wake });
    expect(episode.status).toBe('done');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(jobs.listenerCount('completed')).toBe(0); // unsubscribed
  });

  it('still polls when nothing wakes it, and times out with the episode status', async () => {
    const row = { status: 'processing' };
    const { db, reads } = episodesTable(row);
    setTimeout(() => (row.status = 'failed'), 100);
    expect((await waitForEpisode(db, 'e1', 1, { timeoutMs: 60_000, pollMs: 20 })).status).toBe('failed');
    expect(reads()).toBeGreaterThan(2);
    row.status = 'processing';
    await expect(waitForEpisode(db, 'e1', 1, { timeoutMs: 50, pollMs: 20 })).rejects.toThrow(/timed out .* \(status processing, stage publish\)/);
  });
});
