/** The development set in ../shared/samples (or SHARED_DIR, from a worktree checked out elsewhere), for bench scripts. */
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(root, '../shared');
export const SAMPLES_DIR = path.join(SHARED_DIR, 'samples');
export const SCORER = path.join(SHARED_DIR, 'eval/score.mjs');

/** One development episode: its files (`<dir>/<stem>.*`), and whether it counts as long for the chapter target. */
export interface DevEpisode {
  name: string;
  dir: string;
  stem: string;
  long: boolean;
}

export const DEV_EPISODES: readonly DevEpisode[] = [
  { name: 'lex-opening', dir: 'lex-fridman-73', stem: 'opening', long: false },
  { name: 'lex-episode', dir: 'lex-fridman-73', stem: 'episode', long: true },
  { name: 'kitchen-table', dir: 'kitchen-table', stem: 'episode', long: true },
  { name: 'dev-ledger-lines', dir: 'dev-ledger-lines', stem: 'episode', long: false },
  { name: 'dev-pitch-side', dir: 'dev-pitch-side', stem: 'episode', long: false },
  { name: 'dev-slow-simmer', dir: 'dev-slow-simmer', stem: 'episode', long: false },
  { name: 'dev-case-file', dir: 'dev-case-file', stem: 'episode', long: false },
  { name: 'dev-open-weights', dir: 'dev-open-weights', stem: 'episode', long: false },
  { name: 'dev-field-guide', dir: 'dev-field-guide', stem: 'episode', long: false },
];
