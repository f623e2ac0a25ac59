import fs from 'node:fs';
import path from 'node:path';
import { SAMPLES_DIR } from '../dev/episodes.ts';

/** ../shared/samples, or SHARED_DIR's from a worktree checked out elsewhere (as bench/dev/episodes.ts). */
const samples = SAMPLES_DIR;

/** One development episode as the segmentation bench reads it: its folder, file stem, and whether it is long. */
export interface DevEpisode {
  name: string;
  dir: string;
  stem: string;
  long: boolean;
}

const episode = (name: string, folder: string, stem = 'episode', long = false): DevEpisode => ({ name, dir: path.join(samples, folder), stem, long });

/** The development set (as in bench/dev/score.ts). */
export const DEV_EPISODES: DevEpisode[] = [
  episode('lex-opening', 'lex-fridman-73', 'opening'),
  episode('lex-episode', 'lex-fridman-73', 'episode', true),
  episode('kitchen-table', 'kitchen-table', 'episode', true),
  ...['dev-ledger-lines', 'dev-pitch-side', 'dev-slow-simmer', 'dev-case-file', 'dev-open-weights', 'dev-field-guide'].map((n) => episode(n, n)),
];

/** The held-out episodes (bench/holdout/episodes/), for checking a core change on episodes it was not tuned on. */
const HOLDOUT_DIR = path.join(import.meta.dirname, '..', 'holdout', 'episodes');
export const HOLDOUT_EPISODES: DevEpisode[] = fs
  .readdirSync(HOLDOUT_DIR)
  .filter((name) => fs.existsSync(path.join(HOLDOUT_DIR, name, 'episode.gold.json')))
  .sort()
  .map((name) => ({ name, dir: path.join(HOLDOUT_DIR, name), stem: 'episode', long: false }));

/** The development set, or the held-out one when the command line says `--holdout`. */
export const benchEpisodes = (argv: string[]) => (argv.includes('--holdout') ? HOLDOUT_EPISODES : DEV_EPISODES);
