/** What segment runs in the CPU pool's threads (libs/shared/src/cpu-pool.ts): pure, plain data in and out. */
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { segmentEpisode } from './core/index.ts';

export { segmentEpisode };

/** One tiny segmentation runs every lazy load (word frequencies, stop words) once. */
export function warmUp(): void {
  const words = 'welcome to the show today we talk about gardens and compost thanks for listening'.split(' ').map((text, i) => ({ text, start: i * 0.4, end: i * 0.4 + 0.3 }));
  segmentEpisode({ words, silences: [], duration: 8, meta: EpisodeMeta.parse({}), knownSponsors: [] });
}
