import { afterAll, describe, expect, it } from 'vitest';
import { CpuPool } from '@podpipe/shared/cpu-pool';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { segmentEpisode, type SegmentInput, type Segmentation } from '../src/core/index.ts';
import { TOPICS, layout, lcg, sentencesFor } from './synthetic.ts';

const CPU_TASKS = new URL('../src/cpu-tasks.ts', import.meta.url).href;

describe('segment in the CPU pool', () => {
  const pool = new CpuPool({ threads: 1, maxHeapMb: 1536 });
  afterAll(() => pool.close());

  it('segments in a thread exactly as on the event loop (inputs and outputs survive the structured clone)', async () => {
    const random = lcg(7);
    const synthetic = layout([
      { sentences: sentencesFor(TOPICS.gardening, 300, random), pauseBefore: 0 },
      { sentences: sentencesFor(TOPICS.astronomy, 300, random), pauseBefore: 2 },
    ]);
    const input: SegmentInput = { words: synthetic.words, silences: synthetic.silences, duration: synthetic.duration, meta: EpisodeMeta.parse({ title: 'Soil and stars' }), knownSponsors: [] };
    const bounds = { minChapterSec: 120, maxChapterSec: 1200 };
    await pool.warm({ module: CPU_TASKS, fn: 'warmUp', args: [] });
    const pooled = await pool.run<Segmentation>({ module: CPU_TASKS, fn: 'segmentEpisode', args: [input, bounds] });
    expect(pooled.chapters.length).toBeGreaterThan(1);
    expect(pooled).toEqual(segmentEpisode(input, bounds));
  });
});
