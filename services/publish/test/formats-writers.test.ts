import { parseSync, type NodeCue } from 'subtitle';
import { create, fragment } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import type { FixedWord } from '@podpipe/shared/transcript';
import { renderArtifacts } from '../src/formats/artifacts.ts';
import { captionTime, captionsSrt, captionsVtt } from '../src/formats/captions.ts';
import { ChaptersJson, chaptersJson } from '../src/formats/chapters.ts';
import { buildCues } from '../src/formats/cues.ts';
import { EpisodeJson, episodeDocument } from '../src/formats/episode.ts';
import { feedItem, showFeed } from '../src/formats/feed.ts';
import { publicUrl } from '../src/formats/files.ts';
import { EpisodeFacts, type Chapter } from '../src/formats/model.ts';
import { clock, shownotesMarkdown } from '../src/formats/shownotes.ts';
import { TranscriptJson, transcriptJson } from '../src/formats/transcript.ts';

function turn(text: string, start: number, speaker: string, wordSec = 0.32): FixedWord[] {
  return text.split(' ').map((word, i) => ({ text: word, start: start + i * wordSec, end: start + (i + 1) * wordSec - 0.03, speaker, from: [i, i + 1] as [number, number] }));
}

const words: FixedWord[] = [
  ...turn('Welcome to the show, everyone. Today I talk with Maya Chen about R&D budgets, <script> tags and whether small teams can ship faster than big ones.', 0, 'Sam Host'),
  ...turn('Thanks for having me. I think the honest answer is: it depends on what you measure.', 16, 'Maya Chen'),
  ...turn('This episode is brought to you by Acme Widgets, the widgets that just work.', 60, 'Sam Host'),
];

const chapters: Chapter[] = [
  { start: 60, end: 90, title: 'Acme Widgets sponsor read', kind: 'ad' },
  { start: 2.5, end: 16, title: 'Introduction', kind: 'intro' },
  { start: 16, end: 60, title: 'Small teams vs. big ones [part 1]', kind: 'content', summary: 'Why measurement decides.' },
  { start: 90, end: 4000, title: 'Wrap-up', kind: 'outro' },
];

const facts = EpisodeFacts.parse({
  title: 'Small Teams & Big Results',
  show: 'The Builder Show',
  durationSec: 3725.4,
  summary: 'Maya Chen on how small teams ship.',
  keywords: ['small teams', 'R&D'],
  entities: [{ name: 'Maya Chen', type: 'person' }, { name: 'Acme Widgets', type: 'organization' }],
  quotes: [{ text: 'It depends on what you measure.', start: 21.1, end: 24.6, speaker: 'Maya Chen' }],
  hosts: ['Sam Host'],
  guests: ['Maya Chen'],
  sponsors: ['Acme Widgets'],
});

const cues = buildCues(words);
const stripVoice = (text: string): string => text.replace(/^<v [^>]*>/, '');
const unescapeVtt = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function parsedCues(text: string): NodeCue['data'][] {
  return parseSync(text).flatMap((node) => (node.type === 'cue' ? [node.data] : []));
}

describe('transcript.json', () => {
  const doc = TranscriptJson.parse(JSON.parse(transcriptJson(cues)));

  it('holds every word once, in order, with speakers', () => {
    expect(doc.segments.map((s) => s.body).join(' ')).toBe(words.map((w) => w.text).join(' '));
    expect(doc.segments[0]!.speaker).toBe('Sam Host');
    expect(new Set(doc.segments.map((s) => s.speaker))).toEqual(new Set(['Sam Host', 'Maya Chen']));
  });

  it('has monotone segment times', () => {
    for (const [i, s] of doc.segments.entries()) {
      expect(s.endTime).toBeGreaterThan(s.startTime);
      if (i > 0) expect(s.startTime).toBeGreaterThanOrEqual(doc.segments[i - 1]!.endTime);
    }
  });
});

describe('captions', () => {
  it('writes WebVTT that parses back to the same words, with voice spans and escaping', () => {
    const vtt = captionsVtt(cues);
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('<v Maya Chen>');
    expect(vtt).toContain('R&amp;D');
    expect(vtt).toContain('&lt;script&gt;');
    const parsed = parsedCues(vtt);
    expect(parsed).toHaveLength(cues.length);
    const text = parsed.map((cue) => unescapeVtt(stripVoice(cue.text)).replace(/\n/g, ' ')).join(' ');
    expect(text).toBe(words.map((w) => w.text).join(' '));
    for (const [i, cue] of parsed.entries()) {
      expect(cue.end).toBeGreaterThan(cue.start);
      if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(parsed[i - 1]!.end);
    }
  });

  it('writes SRT that parses back with millisecond times and at most two lines per cue', () => {
    const parsed = parsedCues(captionsSrt(cues));
    expect(parsed.map((cue) => cue.start)).toEqual(cues.map((cue) => Math.round(cue.start * 1000)));
    expect(parsed.every((cue) => cue.text.split('\n').length <= 2)).toBe(true);
    expect(parsed.map((cue) => cue.text.replace(/\n/g, ' ')).join(' ')).toBe(words.map((w) => w.text).join(' '));
  });

  it('counts hours on past 24 and 99, in order (no wrap), with millisecond rounding', () => {
    expect(captionTime(0, '.')).toBe('00:00:00.000');
    expect(captionTime(3725.4, ',')).toBe('01:02:05,400');
    expect(captionTime(24 * 3600 + 1.0005, '.')).toBe('24:00:01.001');
    expect(captionTime(100 * 3600 + 59.9996, ',')).toBe('100:01:00,000');
    const late = buildCues(turn('still talking on the second day of this very long episode', 30 * 3600, 'Sam Host'));
    const vtt = captionsVtt(late);
    expect(vtt).toMatch(/^WEBVTT\n\n1\n30:00:00\.000 --> 30:00:0\d\.\d{3}\n<v Sam Host>still talking/);
    const parsed = parsedCues(captionsSrt(late));
    expect(parsed.map((cue) => cue.start)).toEqual(late.map((cue) => Math.round(cue.start * 1000)));
  });
});

describe('chapters.json', () => {
  const doc = ChaptersJson.parse(JSON.parse(chaptersJson(chapters, facts.durationSec)));

  it('sorts chapters, starts the first at 0 and hides ads from the table of contents', () => {
    expect(doc.version).toBe('1.2.0');
    expect(doc.chapters.map((c) => c.startTime)).toEqual([0, 16, 60, 90]);
    expect(doc.chapters.map((c) => c.toc)).toEqual([undefined, undefined, false, undefined]);
  });

  it('clamps the last chapter to the episode duration', () => {
    expect(doc.chapters.at(-1)!.endTime).toBe(3725.4);
  });
});

describe('episode.json', () => {
  const doc = EpisodeJson.parse(episodeDocument(facts, chapters));

  it('names the sponsor of an ad chapter from the known sponsors', () => {
    expect(doc.ads).toEqual([{ sponsor: 'Acme Widgets', start: 60, end: 90 }]);
  });

  it('publishes quotes as soundbites with a start and a duration', () => {
    expect(doc.quotes).toEqual([{ text: 'It depends on what you measure.', start: 21.1, duration: 3.5, speaker: 'Maya Chen' }]);
  });

  it('carries chapters with kinds and summaries, and the timing source', () => {
    expect(doc.chapters.map((c) => c.kind)).toEqual(['intro', 'content', 'ad', 'outro']);
    expect(doc.chapters[1]!.summary).toBe('Why measurement decides.');
    expect(doc.timing).toBe('audio');
  });

  it('prefers explicit sponsor reads over the ad chapters', () => {
    const explicit = episodeDocument({ ...facts, ads: [{ sponsor: 'Other Co', start: 61, end: 88 }] }, chapters);
    expect(explicit.ads).toEqual([{ sponsor: 'Other Co', start: 61, end: 88 }]);
  });
});

describe('shownotes.md', () => {
  const notes = shownotesMarkdown(facts, chapters);

  it('lists chapters with h:mm:ss stamps for an episode over an hour and marks sponsor reads', () => {
    expect(notes).toContain('- 0:00:00 Introduction');
    expect(notes).toContain('- 0:01:00 *Sponsor: Acme Widgets*');
    expect(notes).toContain('- 0:01:30 Wrap-up');
  });

  it('uses mm:ss for shorter episodes', () => {
    expect(shownotesMarkdown({ ...facts, durationSec: 1800 }, chapters)).toContain('- 01:00 *Sponsor: Acme Widgets*');
    expect(clock(3599, false)).toBe('59:59');
    expect(clock(3725.4, true)).toBe('1:02:05');
  });

  it('escapes markdown in titles and includes people, keywords and quotes', () => {
    expect(notes.startsWith('# Small Teams & Big Results\n')).toBe(true);
    expect(notes).toContain('Small teams vs. big ones \\[part 1\\]');
    expect(notes).toContain('**Guests:** Maya Chen');
    expect(notes).toContain('small teams · R&D');
    expect(notes).toContain('> It depends on what you measure.\n> — Maya Chen, 0:00:21');
  });
});

describe('show feed', () => {
  it('holds its items as the XML tree would import them, byte for byte (CDATA and multi-line texts untouched)', () => {
    const items = [1, 2].map((n) =>
      feedItem({ facts: { ...facts, title: `Part ${n} <of> 2`, summary: 'First line &\nsecond line' }, guid: `g${n}`, publicBaseUrl: 'https://cdn.example.com/pods', episodePath: `show/${n}/v1`, pubDate: new Date('2026-11-30T12:00:00Z'), contentHtml: '<h1>Notes</h1>\n<p>one</p>\n  <ul><li>a &amp; b</li></ul>\n' }),
    );
    const input = { title: 'Show', slug: 'show', selfUrl: 'https://cdn.example.com/pods/shows/show/feed.xml', language: 'en', builtAt: new Date('2026-12-01T00:00:00Z') };
    const tree = create(showFeed({ ...input, items: [] }));
    for (const item of items) tree.root().last().import(fragment(item));
    const feed = showFeed({ ...input, items });
    expect(feed).toBe(tree.end({ prettyPrint: true }));
    expect(feed.split('<item>')).toHaveLength(3);
  });
});

describe('feed item', () => {
  const xml = feedItem({
    facts,
    guid: 'builder-show-42',
    publicBaseUrl: 'https://cdn.example.com/pods',
    episodePath: 'builder show/42/v1',
    audio: { key: 'builder show/42/v1/audio.mp3', bytes: 1234, mimeType: 'audio/mpeg' },
    pubDate: new Date('2026-11-30T12:00:00Z'),
    language: 'en',
  });
  const item = create(xml).root();
  const children = (name: string) => item.filter((node) => node.node.nodeName === name, false, true);
  const attr = (node: { node: unknown }, name: string): string | null => (node.node as Element).getAttribute(name);

  it('is well-formed XML with the item as root and escaped text', () => {
    expect(item.node.nodeName).toBe('item');
    expect(children('title')[0]!.node.textContent).toBe('Small Teams & Big Results');
    expect(xml).toContain('Small Teams &amp; Big Results');
  });

  it('links the three transcripts and the chapters under the public base URL', () => {
    const transcripts = children('podcast:transcript');
    expect(transcripts.map((t) => attr(t, 'type'))).toEqual(['application/json', 'text/vtt', 'application/x-subrip']);
    expect(attr(transcripts[0]!, 'url')).toBe('https://cdn.example.com/pods/builder%20show/42/v1/transcript.json');
    expect(attr(transcripts[1]!, 'rel')).toBe('captions');
    const [chaptersTag] = children('podcast:chapters');
    expect(attr(chaptersTag!, 'type')).toBe('application/json+chapters');
    expect(attr(chaptersTag!, 'url')).toBe('https://cdn.example.com/pods/builder%20show/42/v1/chapters.json');
  });

  it('adds people, enclosure and duration, and no soundbite shorter than 15 s', () => {
    expect(children('podcast:soundbite')).toHaveLength(0);
    expect(children('podcast:person').map((p) => `${attr(p, 'role')}:${p.node.textContent}`)).toEqual(['host:Sam Host', 'guest:Maya Chen']);
    expect(attr(children('enclosure')[0]!, 'length')).toBe('1234');
    expect(children('itunes:duration')[0]!.node.textContent).toBe('3725');
  });
});

describe('publicUrl', () => {
  it('joins base and path whether or not the base ends in a slash', () => {
    expect(publicUrl('https://x.org/a/', '/s/e/', 'f.json')).toBe('https://x.org/a/s/e/f.json');
    expect(publicUrl('https://x.org/a', 's', 'f.json')).toBe('https://x.org/a/s/f.json');
  });
});

describe('renderArtifacts', () => {
  it('renders the six content files and each JSON one validates', () => {
    const files = renderArtifacts({ words, chapters, facts });
    expect(Object.keys(files).sort()).toEqual(['chapters.json', 'shownotes.html', 'shownotes.md', 'transcript.json', 'transcript.srt', 'transcript.vtt']);
    expect(() => TranscriptJson.parse(JSON.parse(files['transcript.json']))).not.toThrow();
  });
});

describe('sponsor names', () => {
  it('strips a "Sponsor:" label from an ad chapter title when no known sponsor matches', () => {
    const doc = episodeDocument({ ...facts, sponsors: [] }, [{ start: 0, end: 30, title: 'Sponsor: Parcel Co', kind: 'ad' }]);
    expect(doc.ads[0]!.sponsor).toBe('Parcel Co');
    expect(shownotesMarkdown({ ...facts, sponsors: [] }, [{ start: 0, end: 30, title: 'Sponsor: Parcel Co', kind: 'ad' }])).toContain('- 0:00:00 *Sponsor: Parcel Co*');
  });
});
