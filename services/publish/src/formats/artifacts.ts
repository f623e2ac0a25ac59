import type { FixedWord } from '@podpipe/shared/transcript';
import { captionsSrt, captionsVtt } from './captions.ts';
import { chaptersJson } from './chapters.ts';
import { buildCues, CAPTION_LIMITS, type CueLimits } from './cues.ts';
import { episodeDocument } from './episode.ts';
import { ARTIFACT_FILES } from './files.ts';
import { EpisodeFacts, type Chapter, type EpisodeFactsInput } from './model.ts';
import { shownotesHtml, shownotesMarkdown } from './shownotes.ts';
import { transcriptJson } from './transcript.ts';

export interface ArtifactInput {
  words: FixedWord[];
  chapters: Chapter[];
  facts: EpisodeFactsInput;
  limits?: CueLimits;
  /** The published audio's URL: show-note timestamps start it at their time. */
  audioUrl?: string;
}

export type ArtifactFile = (typeof ARTIFACT_FILES)[keyof typeof ARTIFACT_FILES];
/** Files rendered from the episode's content alone; episode.json and the feed item also need the version's identity. */
export type ContentFile = Exclude<ArtifactFile, 'episode.json' | 'feed-item.xml'>;

/** Renders every per-episode content artifact from one input; captions and the JSON transcript share the same cues. */
export function renderArtifacts(input: ArtifactInput): Record<ContentFile, string> {
  const facts = EpisodeFacts.parse(input.facts);
  const cues = buildCues(input.words, input.limits ?? CAPTION_LIMITS, facts.durationSec);
  // Literal keys: the return type makes the compiler catch an artifact left out.
  return {
    'transcript.json': transcriptJson(cues),
    'transcript.vtt': captionsVtt(cues),
    'transcript.srt': captionsSrt(cues),
    'chapters.json': chaptersJson(input.chapters, facts.durationSec),
    'shownotes.md': shownotesMarkdown(facts, input.chapters),
    'shownotes.html': shownotesHtml(facts, input.chapters, input.audioUrl),
  };
}

/** The facts part of episode.json, for comparing two versions without their identity. */
export function episodeFactsJson(input: ArtifactInput): string {
  const facts = EpisodeFacts.parse(input.facts);
  return JSON.stringify(episodeDocument(facts, input.chapters));
}
