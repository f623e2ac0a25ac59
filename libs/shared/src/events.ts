import type { EpisodeEvent } from './db/schema.ts';

/** The episode events subscribers can ask for. Light on purpose: the CLI lists them in its help. */
export const EPISODE_EVENTS = ['episode.published', 'episode.updated', 'episode.reprocessed', 'episode.failed', 'episode.moved'] as const satisfies readonly EpisodeEvent[];
/** What a subscription gets when it names no events: everything but the opt-in `episode.reprocessed`. */
export const DEFAULT_EPISODE_EVENTS = ['episode.published', 'episode.updated', 'episode.failed', 'episode.moved'] as const satisfies readonly EpisodeEvent[];
