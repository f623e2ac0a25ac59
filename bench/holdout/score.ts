/**
 * The held-out set in one table: episodes of shows and shapes the text intelligence was never tuned on
 * (bench/holdout/episodes/, built by bench/holdout/generate.py), through the same route and scorer as the
 * development set (bench/dev/bench.ts: `podpipe process AUDIO --transcript RAW --meta META --force`, then
 * ../shared/eval/score.mjs), with the dev set's means at session 19's end on the line below for comparison.
 *
 *   npx tsx bench/holdout/score.ts [--text-only] [--only NAME[,NAME…]] [--keep DIR] [--json]
 *
 * Options as in bench/dev/score.ts. Uses DATABASE_URL / REDIS_URL when set, else the embedded services.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runBench } from '../dev/bench.ts';
import type { DevEpisode } from '../dev/episodes.ts';

const EPISODES_DIR = path.join(import.meta.dirname, 'episodes');

/** Every built episode (a folder with episode.gold.json); all are short (5–8 minutes). */
export const HOLDOUT_EPISODES: readonly DevEpisode[] = fs
  .readdirSync(EPISODES_DIR)
  .filter((name) => fs.existsSync(path.join(EPISODES_DIR, name, 'episode.gold.json')))
  .sort()
  .map((name) => ({ name, dir: name, stem: 'episode', long: false }));

/** The development set's means at the end of session 19 (bench/dev/score.ts, audio + raw transcript). */
const DEV_MEANS = ['dev s19', '', '', '', '0.874', '0.690', '0.893', '0.527', '', '', 'short 0.670', '', '0.253', 'min 0.964', '0.369', '', '', ''];

await runBench({ episodes: HOLDOUT_EPISODES, samplesDir: EPISODES_DIR, tmpPrefix: 'podpipe-holdout-', extraRows: [DEV_MEANS] });
