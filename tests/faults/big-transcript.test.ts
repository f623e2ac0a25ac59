// A 10 MB transcript with no newline, through the real workers: it finishes once (failed on PODPIPE_MAX_WORDS, said
// plainly), in bounded memory and time, and no stage runs twice. The same input took 5 min 39 s and 1.68 GB before.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { registerEpisode } from '@podpipe/ingest/register';
import { useHarness } from '../support/harness.ts';

const h = useHarness({ workers: true });
const file = (name: string) => path.join(h.env.dataDir, name);

describe('a 10 MB transcript with no newline', () => {
  it('finishes once, in bounded memory, with no stage run twice', async () => {
    const words = ['bread', 'oven', 'flour', 'water', 'salt', 'yeast', 'crumb', 'crust'];
    let text = '';
    for (let i = 0; text.length < 10 * 2 ** 20; i++) text += `${words[i % 8]}${i % 97} `;
    writeFileSync(file('huge.txt'), text);
    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const began = Date.now();
    try {
      const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file('huge.txt'), meta: { title: 'huge' } });
      h.rt.outbox.kick();
      const episode = await waitForEpisode(h.rt.db, reg.episodeId, reg.generation, { timeoutMs: 60_000 });
      expect(episode.status).toBe('failed');
      expect(episode.error).toMatch(/has more than 300000 words \(PODPIPE_MAX_WORDS\)/);
      const runs = await h.rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', reg.episodeId).execute();
      expect(runs).toEqual([{ stage: 'ingest', status: 'failed' }]);
    } finally {
      clearInterval(sampler);
    }
    expect(Date.now() - began).toBeLessThan(30_000);
    expect((peak - start) / 2 ** 20).toBeLessThan(300);
  });
});
