import type { FixedWord } from '@podpipe/shared/transcript';
import { captionsSrt, captionsVtt } from './captions.ts';
import { chaptersJson } from './chapters.ts';
import { buildCues, CAPTION_LIMITS, type CueLimits } from './cues.ts';
import { episodeJson } from './episode.ts';
import { ARTIFACT_FILES } from './files.ts';
import { EpisodeFacts, type Chapter, type EpisodeFactsInput } from './model.ts';
import { shownotesMarkdown } from './shownotes.ts';
import { transcriptJson } from './transcript.ts';

export interface ArtifactInput {
  words: FixedWord[];
  chapters: Chapter[];
  facts: EpisodeFactsInput;
  limits?: CueLimits;
}

export type ArtifactFile = (typeof ARTIFACT_FILES)[keyof typeof ARTIFACT_FILES];

/** Renders every per-episode artifact from one input; captions and the JSON transcript share the same cues. */
export function renderArtifacts(input: ArtifactInput): Record<ArtifactFile, string> {
  const facts = EpisodeFacts.parse(input.facts);
  const cues = buildCues(input.words, input.limits ?? CAPTION_LIMITS);
  // Literal keys: the return type makes the compiler catch an artifact left out.
  return {
    'transcript.json': transcriptJson(cues),
    'transcript.vtt': captionsVtt(cues),
    'transcript.srt': captionsSrt(cues),
    'chapters.json': chaptersJson(input.chapters, facts.durationSec),
    'episode.json': episodeJson(facts, input.chapters),
    'shownotes.md': shownotesMarkdown(facts, input.chapters),
  };
}
