import { fragment } from 'xmlbuilder2';
import { ARTIFACT_FILES, ARTIFACT_TYPES, publicUrl } from './files.ts';
import { roundTime, type EpisodeFacts } from './model.ts';

const PODCAST_NS = 'https://podcastindex.org/namespace/1.0';
const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
// The podcast namespace caps a soundbite title at 128 characters.
const SOUNDBITE_TITLE_MAX = 128;

export interface FeedItemInput {
  facts: EpisodeFacts;
  /** The episode's stable GUID (not a URL). */
  guid: string;
  /** Where the publish bucket is served from, e.g. `https://cdn.example.com/podcasts/`. */
  publicBaseUrl: string;
  /** The episode's artifact folder under the base, e.g. `my-show/episode-12/v3`. */
  episodePath: string;
  /** The published audio: its key in the publish bucket (anywhere, not only in the episode's folder). */
  audio?: { key: string; bytes: number; mimeType: string };
  pubDate?: Date;
  /** BCP 47 language of the transcript, e.g. `en`. */
  language?: string;
}

function soundbiteTitle(text: string): string {
  return text.length <= SOUNDBITE_TITLE_MAX ? text : `${text.slice(0, SOUNDBITE_TITLE_MAX - 1).trimEnd()}…`;
}

/** An RSS 2.0 `<item>` fragment with podcast-namespace transcript, chapters, soundbite and person tags (namespaces declared on the item). */
export function feedItem(input: FeedItemInput): string {
  const { facts } = input;
  const url = (file: string): string => publicUrl(input.publicBaseUrl, input.episodePath, file);
  const item = fragment().ele('item', { 'xmlns:podcast': PODCAST_NS, 'xmlns:itunes': ITUNES_NS });

  item.ele('title').txt(facts.title);
  if (facts.summary) item.ele('description').txt(facts.summary);
  item.ele('guid', { isPermaLink: 'false' }).txt(input.guid);
  if (input.pubDate) item.ele('pubDate').txt(input.pubDate.toUTCString());
  if (input.audio) {
    const at = input.audio.key.lastIndexOf('/');
    const audioUrl = publicUrl(input.publicBaseUrl, input.audio.key.slice(0, Math.max(0, at)), input.audio.key.slice(at + 1));
    item.ele('enclosure', { url: audioUrl, length: String(input.audio.bytes), type: input.audio.mimeType });
  }
  item.ele(ITUNES_NS, 'itunes:duration').txt(String(Math.round(facts.durationSec)));

  const language = input.language ? { language: input.language } : {};
  item.ele(PODCAST_NS, 'podcast:transcript', { url: url(ARTIFACT_FILES.transcriptJson), type: ARTIFACT_TYPES.transcriptJson, ...language });
  for (const key of ['transcriptVtt', 'transcriptSrt'] as const) {
    item.ele(PODCAST_NS, 'podcast:transcript', { url: url(ARTIFACT_FILES[key]), type: ARTIFACT_TYPES[key], ...language, rel: 'captions' });
  }
  item.ele(PODCAST_NS, 'podcast:chapters', { url: url(ARTIFACT_FILES.chapters), type: ARTIFACT_TYPES.chapters });

  for (const quote of facts.quotes.filter((q) => q.end > q.start)) {
    item
      .ele(PODCAST_NS, 'podcast:soundbite', { startTime: String(roundTime(quote.start)), duration: String(roundTime(quote.end - quote.start)) })
      .txt(soundbiteTitle(quote.text));
  }
  for (const [role, names] of [['host', facts.hosts], ['guest', facts.guests]] as const) {
    for (const name of names) item.ele(PODCAST_NS, 'podcast:person', { role }).txt(name);
  }
  return item.end({ prettyPrint: true });
}
