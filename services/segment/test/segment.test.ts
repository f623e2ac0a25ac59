import { describe, expect, it } from 'vitest';
import { EpisodeMeta } from '@podpipe/shared/transcript';
import { segmentEpisode, type SegmentInput } from '../src/core/index.ts';
import { TOPICS, layout, lcg, sentencesFor, type Block } from './synthetic.ts';

const meta = EpisodeMeta.parse({ show: 'Weekend Projects', hosts: ['Mira Castellanos'], guests: ['Tobias Wren'], sponsors: ['Brightloom'] });

const INTRO = [
  'Welcome to Weekend Projects, the show about things you can build and grow at home.',
  "I'm Mira Castellanos and my guest today is Tobias Wren.",
  'Today we talk about gardening, the night sky, and bread.',
];
const AD = [
  'This episode is brought to you by Brightloom.',
  'Brightloom makes smart lamps that wake you up gently with light that follows the sunrise.',
  'Go to brightloom.com slash weekend and use code WEEKEND for twenty percent off your first lamp.',
  'That is brightloom.com slash weekend, and thanks to Brightloom for supporting the show.',
];
const OUTRO = [
  'That is all for this episode.',
  'Thanks for listening to Weekend Projects and see you next time.',
  'If you enjoyed it, tell one friend who likes to build things.',
];
const POST_ROLL = [
  'One more thing before we go.',
  'This show is also supported by Brightloom, the lamp that wakes you with light.',
  'Visit brightloom.com and use code WEEKEND at checkout.',
];

function episode(options: { lowercase?: boolean } = {}) {
  const random = lcg(42);
  const blocks: Block[] = [
    { sentences: INTRO, pauseBefore: 0 },
    { sentences: AD, pauseBefore: 2 },
    { sentences: sentencesFor(TOPICS.gardening, 300, random), pauseBefore: 2 },
    { sentences: sentencesFor(TOPICS.astronomy, 360, random), pauseBefore: 2 },
    { sentences: sentencesFor(TOPICS.cooking, 280, random), pauseBefore: 2 },
    { sentences: OUTRO, pauseBefore: 2 },
    { sentences: POST_ROLL, pauseBefore: 2 },
  ];
  const synthetic = layout(blocks, options);
  const input: SegmentInput = { words: synthetic.words, silences: synthetic.silences, duration: synthetic.duration, meta, knownSponsors: [] };
  return { input, starts: synthetic.blockStarts };
}

describe('segmentEpisode on a planted episode', () => {
  const { input, starts } = episode();
  const result = segmentEpisode(input);

  it('finds intro, pre-roll, three topics, outro and post-roll at the planted times', () => {
    expect(result.chapters.map((c) => c.kind)).toEqual(['intro', 'ad', 'content', 'content', 'content', 'outro', 'ad']);
    result.chapters.forEach((c, i) => expect(Math.abs(c.start - starts[i]!)).toBeLessThan(i === 0 ? 0.01 : 1));
  });

  it('covers [0, duration] without gaps or overlaps', () => {
    expect(result.chapters[0]!.start).toBe(0);
    expect(result.chapters[result.chapters.length - 1]!.end).toBeCloseTo(input.duration, 1);
    for (let i = 1; i < result.chapters.length; i++) expect(result.chapters[i]!.start).toBe(result.chapters[i - 1]!.end);
  });

  it('names the sponsor of both reads and publishes them as ads', () => {
    expect(result.ads.map((a) => a.sponsor)).toEqual(['Brightloom', 'Brightloom']);
    expect(result.ads[0]!.start).toBeCloseTo(starts[1]!, 0);
    expect(result.chapters[1]!.title).toContain('Brightloom');
  });

  it('titles content chapters with a key phrase of their topic, not their first words', () => {
    const [garden, sky, bread] = result.chapters.filter((c) => c.kind === 'content');
    const words = (list: string[]) => list.flatMap((w) => w.split(' '));
    expect(words(TOPICS.gardening).some((w) => garden!.title.toLowerCase().includes(w))).toBe(true);
    expect(words(TOPICS.astronomy).some((w) => sky!.title.toLowerCase().includes(w))).toBe(true);
    expect(words(TOPICS.cooking).some((w) => bread!.title.toLowerCase().includes(w))).toBe(true);
    for (const c of result.chapters) expect(c.summary.length).toBeGreaterThan(10);
  });

  it('summarizes without ad sentences and ranks topic keywords', () => {
    expect(result.summary).not.toMatch(/brightloom/i);
    const sentences = result.summary.split(/(?<=[.?!])\s+/);
    // who is on it, then one sentence for the introduction and the topics' sentences (0.27 words per second of them, at
    // most 220 words and one sentence's overrun), every topic heard
    expect(sentences[0]).toBe('Mira Castellanos talks with Tobias Wren on Weekend Projects.');
    expect(sentences.length).toBeGreaterThanOrEqual(4);
    expect(result.summary.split(/\s+/).length).toBeLessThanOrEqual(300);
    for (const words of [TOPICS.gardening, TOPICS.astronomy, TOPICS.cooking]) expect(words.some((w) => result.summary.toLowerCase().includes(w))).toBe(true);
    expect(result.keywords.length).toBeGreaterThanOrEqual(8);
    expect(result.keywords.length).toBeLessThanOrEqual(15);
    const all = Object.values(TOPICS).flat();
    const topical = result.keywords.filter((k) => all.some((w) => k.phrase.toLowerCase().includes(w)));
    expect(topical.length).toBeGreaterThanOrEqual(6);
    expect(result.keywords.some((k) => /mira|tobias|brightloom/i.test(k.phrase))).toBe(false);
    for (let i = 1; i < result.keywords.length; i++) expect(result.keywords[i]!.score).toBeLessThanOrEqual(result.keywords[i - 1]!.score);
  });

  it('counts the named people and sponsor as entities', () => {
    const byName = new Map(result.entities.map((e) => [e.name, e]));
    expect(byName.get('Brightloom')).toMatchObject({ type: 'organization' });
    expect(byName.get('Brightloom')!.count).toBeGreaterThanOrEqual(4);
    expect(byName.get('Mira Castellanos')).toMatchObject({ type: 'person', count: 1 });
  });

  it('picks quotes of one to three whole sentences, 8–45 s, from content, never from an ad', () => {
    expect(result.quotes.length).toBeGreaterThan(0);
    const ads = result.chapters.filter((c) => c.kind === 'ad');
    for (const q of result.quotes) {
      expect(q.end - q.start).toBeGreaterThanOrEqual(8);
      expect(q.end - q.start).toBeLessThanOrEqual(45);
      expect(q.text).toMatch(/^[A-Z0-9]/);
      expect(q.text).toMatch(/[.?!]$/);
      expect(q.text.split(/(?<=[.?!])\s+/).length).toBeLessThanOrEqual(3);
      expect(ads.some((a) => q.start < a.end && a.start < q.end)).toBe(false);
    }
  });
});

describe('segmentEpisode options and input shapes', () => {
  it('keeps every content chapter within the length bounds (the shortest scaled down for a short episode)', () => {
    const random = lcg(7);
    const { words, silences, duration } = layout([{ sentences: sentencesFor(TOPICS.sailing, 1500, random), pauseBefore: 0 }]);
    const result = segmentEpisode({ words, silences, duration, meta, knownSponsors: [] }, { minChapterSec: 120, maxChapterSec: 400 });
    expect(result.chapters.length).toBeGreaterThanOrEqual(4);
    for (const c of result.chapters) {
      expect(c.end - c.start).toBeLessThanOrEqual(400);
      expect(c.end - c.start).toBeGreaterThanOrEqual(Math.min(120, duration / 15));
    }
  });

  it('copes with lowercase unpunctuated words, as a recognizer prints them', () => {
    const { input, starts } = episode({ lowercase: true });
    const result = segmentEpisode(input);
    const contentStarts = result.chapters.filter((c) => c.kind === 'content').map((c) => c.start);
    for (const planted of [starts[2]!, starts[3]!, starts[4]!]) expect(contentStarts.some((s) => Math.abs(s - planted) < 1)).toBe(true);
    expect(result.ads).toHaveLength(2);
  });

  it('does not take a host thanking the sponsor inside the outro for a read', () => {
    const random = lcg(3);
    const closing = ['Thanks for listening, and thank you to our sponsor Brightloom.', 'Use code WEEKEND at brightloom.com if you want a lamp.', 'See you next time.'];
    const { words, silences, duration } = layout([
      { sentences: sentencesFor(TOPICS.cooking, 400, random), pauseBefore: 0 },
      { sentences: closing, pauseBefore: 2 },
    ]);
    const result = segmentEpisode({ words, silences, duration, meta, knownSponsors: [] });
    expect(result.ads).toHaveLength(0);
    expect(result.chapters[result.chapters.length - 1]!.kind).toBe('outro');
  });

  it('finds a sponsor known only from the show history', () => {
    const random = lcg(5);
    const read = ['This episode is sponsored by Quillmark.', 'Quillmark makes notebooks for people who sketch ideas on the train, at the desk and in bed.', 'Go to quillmark.com and use promo code SKETCH for a free notebook.'];
    const { words, silences, duration } = layout([
      { sentences: sentencesFor(TOPICS.sailing, 300, random), pauseBefore: 0 },
      { sentences: read, pauseBefore: 2 },
      { sentences: sentencesFor(TOPICS.astronomy, 300, random), pauseBefore: 2 },
    ]);
    const result = segmentEpisode({ words, silences, duration, meta: EpisodeMeta.parse({}), knownSponsors: ['Quillmark'] });
    expect(result.ads).toHaveLength(1);
    expect(result.ads[0]!.sponsor).toBe('Quillmark');
  });

  it('finds a read for a sponsor nobody listed, and takes its name from the announcement', () => {
    const random = lcg(8);
    const read = [
      'This episode is brought to you by Harbormint.',
      'Harbormint plans your meals for the week and sends the groceries to your door, so you cook instead of shopping.',
      'I have used it for a year and my fridge has never been this organized, which my family finds suspicious.',
      'Visit harbormint.com slash weekend and get your first box free.',
    ];
    const { words, silences, duration, blockStarts } = layout([
      { sentences: sentencesFor(TOPICS.gardening, 300, random), pauseBefore: 0 },
      { sentences: read, pauseBefore: 2 },
      { sentences: sentencesFor(TOPICS.sailing, 300, random), pauseBefore: 2 },
    ]);
    const result = segmentEpisode({ words, silences, duration, meta: EpisodeMeta.parse({}), knownSponsors: [] });
    expect(result.ads).toHaveLength(1);
    expect(result.ads[0]!.sponsor).toBe('Harbormint');
    expect(result.ads[0]!.start).toBeCloseTo(blockStarts[1]!, 0);
    expect(result.ads[0]!.end).toBeCloseTo(blockStarts[2]!, 0);
  });

  it('returns one chapter for an empty transcript', () => {
    const result = segmentEpisode({ words: [], silences: [], duration: 60, meta, knownSponsors: [] });
    expect(result.chapters).toEqual([{ start: 0, end: 60, title: 'Episode', kind: 'content', summary: '' }]);
  });
});
