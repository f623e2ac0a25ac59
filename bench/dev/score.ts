/**
 * The development set in one table: every shared episode through the official route (`podpipe process AUDIO
 * --transcript RAW --meta META --force`), scored by ../shared/eval/score.mjs, with the means the issues' targets
 * are stated on.
 *
 *   npx tsx bench/dev/score.ts [--text-only] [--only NAME[,NAME…]] [--keep DIR] [--json]
 *
 * --text-only drops the audio (times are then estimated, so only the text measures mean anything);
 * --only runs a subset (names as in the first column, e.g. kitchen-table,dev-pitch-side);
 * --keep DIR keeps each episode's artifacts under DIR/<name> (default: a temporary folder, removed).
 * Uses DATABASE_URL / REDIS_URL when set, else the embedded services, like `podpipe process`.
 */
import { runBench } from './bench.ts';
import { DEV_EPISODES, SAMPLES_DIR } from './episodes.ts';

await runBench({ episodes: DEV_EPISODES, samplesDir: SAMPLES_DIR, tmpPrefix: 'podpipe-dev-' });
