import type { FixedWord } from '@podpipe/shared/transcript';
import { captionsSrt, captionsVtt } from './formats/captions.ts';
import { chaptersJson } from './formats/chapters.ts';
import { buildCues } from './formats/cues.ts';
import { episodeJson } from './formats/episode.ts';
import type { Chapter, EpisodeFacts } from './formats/model.ts';
import { shownotesMarkdown } from './formats/shownotes.ts';
import { transcriptJson } from './formats/transcript.ts';

/** The published files of one episode, by file name. */
export type ArtifactFiles = Record<string, string>;

/** Renders every artifact of an episode from its corrected words, chapters and facts. Pure. */
export function renderArtifacts(words: FixedWord[], chapters: Chapter[], facts: EpisodeFacts): ArtifactFiles {
  const cues = buildCues(words);
  return {
    'transcript.json': transcriptJson(cues),
    'transcript.vtt': captionsVtt(cues),
    'transcript.srt': captionsSrt(cues),
    'chapters.json': chaptersJson(chapters, facts.durationSec),
    'episode.json': episodeJson(facts, chapters),
    'shownotes.md': shownotesMarkdown(facts, chapters),
  };
}
