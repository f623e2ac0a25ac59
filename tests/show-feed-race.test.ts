// Episodes of one show published at the same moment: the show's feed ends up with every one of them (the feed is
// rebuilt under a per-show lock inside the transaction that records each version). Real Redis, Postgres, workers.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { registerEpisode } from '@podpipe/ingest/register';
import { showFeedKey } from '@podpipe/publish/show-feed';
import { useHarness } from './support/harness.ts';

const h = useHarness({ workers: true, config: () => ({ concurrency: 4 }) });
const EPISODES = 6;

describe("a show's feed under concurrent publishes", () => {
  it('holds every episode published at once', async () => {
    const regs = await Promise.all(
      Array.from({ length: EPISODES }, async (_, i) => {
        const file = path.join(h.env.dataDir, `race-${i}.txt`);
        writeFileSync(file, `welcome to the harbor show episode ${i} today we talk about boats number ${i} and the tides and then we say goodbye`);
        return registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta: { show: 'Harbor Show', title: `Harbor ${i}` } });
      }),
    );
    h.rt.outbox.kick();
    for (const r of regs) expect((await waitForEpisode(h.rt.db, r.episodeId, r.generation, { timeoutMs: 100_000 })).error).toBeNull();
    const feed = (await h.rt.buckets.publish.getBytes(showFeedKey('harbor-show'))).toString('utf8');
    expect(feed.match(/<item>/g)?.length).toBe(EPISODES);
  }, 120_000);
});
