import { create, fragment } from 'xmlbuilder2';
import { ARTIFACT_FILES, ARTIFACT_TYPES, publicUrl } from './files.ts';
import { type EpisodeFacts } from './model.ts';
import { SOUNDBITE_SEC, soundbiteTitle, type Soundbite } from './soundbites.ts';

const PODCAST_NS = 'https://podcastindex.org/namespace/1.0';
const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd';
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/';
const ATOM_NS = 'http://www.w3.org/2005/Atom';

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
  /** The episode's web page (default: its HTML show notes). */
  link?: string;
  episodeNumber?: number;
  season?: number;
  /** Show notes as HTML, for `content:encoded`. */
  contentHtml?: string;
  /** Soundbites (default: the quotes that already run 15–60 s). */
  soundbites?: Soundbite[];
}

/** Public URL of a key anywhere in the publish bucket. */
export function keyUrl(publicBaseUrl: string, key: string): string {
  const at = key.lastIndexOf('/');
  return publicUrl(publicBaseUrl, key.slice(0, Math.max(0, at)), key.slice(at + 1));
}

function defaultSoundbites(facts: EpisodeFacts): Soundbite[] {
  return facts.quotes
    .filter((q) => q.end - q.start >= SOUNDBITE_SEC.min && q.end - q.start <= SOUNDBITE_SEC.max)
    .map((q) => ({ start: q.start, duration: q.end - q.start, title: soundbiteTitle(q.text) }));
}

/** An RSS 2.0 `<item>` fragment with podcast-namespace transcript, chapters, soundbite and person tags (namespaces declared on the item). */
export function feedItem(input: FeedItemInput): string {
  const { facts } = input;
  const url = (file: string): string => publicUrl(input.publicBaseUrl, input.episodePath, file);
  const item = fragment().ele('item', { 'xmlns:podcast': PODCAST_NS, 'xmlns:itunes': ITUNES_NS, 'xmlns:content': CONTENT_NS });

  item.ele('title').txt(facts.title);
  item.ele('link').txt(input.link ?? url(ARTIFACT_FILES.shownotesHtml));
  if (facts.summary) item.ele('description').txt(facts.summary);
  if (input.contentHtml) item.ele(CONTENT_NS, 'content:encoded').dat(input.contentHtml);
  item.ele('guid', { isPermaLink: 'false' }).txt(input.guid);
  if (input.pubDate) item.ele('pubDate').txt(input.pubDate.toUTCString());
  if (input.audio) item.ele('enclosure', { url: keyUrl(input.publicBaseUrl, input.audio.key), length: String(input.audio.bytes), type: input.audio.mimeType });
  item.ele(ITUNES_NS, 'itunes:duration').txt(String(Math.round(facts.durationSec)));
  if (input.episodeNumber) item.ele(ITUNES_NS, 'itunes:episode').txt(String(input.episodeNumber));
  if (input.season) item.ele(ITUNES_NS, 'itunes:season').txt(String(input.season));
  item.ele(ITUNES_NS, 'itunes:episodeType').txt('full');

  const language = input.language ? { language: input.language } : {};
  item.ele(PODCAST_NS, 'podcast:transcript', { url: url(ARTIFACT_FILES.transcriptJson), type: ARTIFACT_TYPES.transcriptJson, ...language });
  for (const key of ['transcriptVtt', 'transcriptSrt'] as const) {
    item.ele(PODCAST_NS, 'podcast:transcript', { url: url(ARTIFACT_FILES[key]), type: ARTIFACT_TYPES[key], ...language, rel: 'captions' });
  }
  item.ele(PODCAST_NS, 'podcast:chapters', { url: url(ARTIFACT_FILES.chapters), type: ARTIFACT_TYPES.chapters });

  for (const bite of input.soundbites ?? defaultSoundbites(facts)) {
    item.ele(PODCAST_NS, 'podcast:soundbite', { startTime: String(bite.start), duration: String(bite.duration) }).txt(bite.title);
  }
  for (const [role, names] of [['host', facts.hosts], ['guest', facts.guests]] as const) {
    for (const name of names) item.ele(PODCAST_NS, 'podcast:person', { role }).txt(name);
  }
  return item.end({ prettyPrint: true });
}

export interface ShowFeedInput {
  title: string;
  slug: string;
  /** The feed's own URL (atom:link rel=self). */
  selfUrl: string;
  /** The show's web page (default: the feed). */
  link?: string;
  description?: string;
  language: string;
  /** The items, newest first, as feedItem wrote them. */
  items: string[];
  hosts?: string[];
  builtAt?: Date;
}

/** `shows/<slug>/feed.xml`: an RSS 2.0 channel (itunes, podcast and content namespaces) holding the show's published items. */
export function showFeed(input: ShowFeedInput): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', {
    version: '2.0',
    'xmlns:itunes': ITUNES_NS,
    'xmlns:podcast': PODCAST_NS,
    'xmlns:content': CONTENT_NS,
    'xmlns:atom': ATOM_NS,
  });
  const channel = doc.ele('channel');
  channel.ele('title').txt(input.title);
  channel.ele('link').txt(input.link ?? input.selfUrl);
  channel.ele('description').txt(input.description ?? input.title);
  channel.ele('language').txt(input.language);
  channel.ele('generator').txt('podpipe');
  channel.ele('lastBuildDate').txt((input.builtAt ?? new Date()).toUTCString());
  channel.ele(ATOM_NS, 'atom:link', { href: input.selfUrl, rel: 'self', type: 'application/rss+xml' });
  channel.ele(ITUNES_NS, 'itunes:type').txt('episodic');
  if (input.hosts?.length) channel.ele(ITUNES_NS, 'itunes:author').txt(input.hosts.join(', '));
  channel.ele(ITUNES_NS, 'itunes:explicit').txt('false');
  // The items are spliced in as text, not parsed back into the tree: a show's feed is rebuilt on every publish with
  // up to FEED_MAX_ITEMS items, and parsing them was most of a short episode's publish. The result is the same bytes.
  const marker = 'podpipe-feed-items';
  channel.ins(marker);
  const [head, tail] = doc.end({ prettyPrint: true }).split(`\n    <?${marker}?>`) as [string, string];
  return head + input.items.map((item) => `\n${nestedItem(item, '    ')}`).join('') + tail;
}

/** The opening tag feedItem writes: its namespace declarations, which the channel's root already makes. */
const ITEM_OPEN = `<item xmlns:podcast="${PODCAST_NS}" xmlns:itunes="${ITUNES_NS}" xmlns:content="${CONTENT_NS}">`;

/**
 * A feedItem fragment as it reads inside the channel: the opening tag without the namespaces the root declares, and
 * each line the pretty printer broke indented by `indent` (never a line inside a CDATA section or a text).
 */
function nestedItem(item: string, indent: string): string {
  const body = item.startsWith(ITEM_OPEN) ? `<item>${item.slice(ITEM_OPEN.length)}` : item;
  return indent + body
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 ? part : part.replace(/\n(?=[ ]*<)/g, `\n${indent}`)))
    .join('');
}
