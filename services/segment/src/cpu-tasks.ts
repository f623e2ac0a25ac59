/** What segment runs in the CPU pool's threads (libs/shared/src/cpu-pool.ts): pure, plain data in and out. */
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { backgroundSurprise } from './core/background.ts';
import { segmentEpisode } from './core/index.ts';

export { segmentEpisode };

/**
 * One tiny segmentation runs the lazy loads (stop words, stemmer) once; the spoken-word frequencies are loaded
 * explicitly, as a text this short never asks for them (then the first episode paid their load, ~0.1 s of CPU, after
 * the audio pass).
 */
export function warmUp(): void {
  const words = 'welcome to the show today we talk about gardens and compost thanks for listening'.split(' ').map((text, i) => ({ text, start: i * 0.4, end: i * 0.4 + 0.3 }));
  segmentEpisode({ words, silences: [], duration: 8, meta: EpisodeMeta.parse({}), knownSponsors: [] });
  backgroundSurprise('the');
}
